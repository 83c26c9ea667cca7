/**
 * Records of a live source that answers key lookups only (a department's REST API). No statement
 * can carry the grant there, so the policy is applied here to the one record the source returns:
 * the record must be the one asked for, and the grant's row filter is evaluated in memory with the
 * semantics the SQL compiler gives it. Masks, references, quotas and the ledger then treat the
 * record exactly like a stored row.
 */
import { columnName } from '../../catalog/index.js';
import { ForbiddenError } from '../../shared/index.js';
import type { Scalar } from '../model.js';
import type { CompiledPolicy } from '../policy/compilePolicy.js';
import { matchesPredicate } from '../policy/evaluatePredicate.js';
import { recordReader } from '../storeReader.js';
import { LiveSourceUnavailableError, unavailableReason, type KeyLookup } from './liveStore.js';

/** The refusal of anything but a key lookup on such a source. */
export function lookupsOnly(policy: CompiledPolicy, action: string): ForbiddenError {
  return new ForbiddenError(`the live source of "${policy.resource.apiName}" answers key lookups only; ${action} is not available on it`);
}

/**
 * The record with `key` as a row keyed by the store's column names (raw source values), or undefined
 * when the source has none or the grant's row filter leaves it out.
 */
export async function lookupRow(source: KeyLookup, policy: CompiledPolicy, key: string): Promise<Record<string, unknown> | undefined> {
  const { resource, keyItem } = policy;
  let found: Record<string, unknown> | null;
  try {
    found = await source.lookup(key);
  } catch (err) {
    throw new LiveSourceUnavailableError(resource.apiName, unavailableReason(err) ?? 'failed', err);
  }
  if (!found || typeof found !== 'object') return undefined;
  const row: Record<string, unknown> = {};
  for (const item of resource.items) row[columnName(item)] = found[item.apiName] ?? null;
  const record = recordReader(resource.items)(row);
  // A source that answers with some other record (a fuzzy search, say) has not found this one.
  const wanted = keyItem.dataType === 'integer' ? Number(key) : key;
  if (record[keyItem.apiName] !== wanted) return undefined;
  if (policy.rowFilter && !matchesPredicate(record, policy.rowFilter, resource.items)) return undefined;
  return row;
}

/** Whether every claimed value equals the record's, compared as `eq` in a predicate would. */
export function claimsHold(policy: CompiledPolicy, row: Record<string, unknown>, claims: readonly [string, Scalar][]): boolean {
  const record = recordReader(policy.resource.items)(row);
  return claims.every(([field, value]) => matchesPredicate(record, { field, op: 'eq', value }, policy.resource.items));
}
