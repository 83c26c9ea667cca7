/**
 * Masks applied to records before any value leaves the exchange (DESIGN §5). The rules themselves
 * live in `shared/masks.ts`; this file decides which value a rule applies to.
 */
import type { DataItem } from '../../catalog/index.js';
import { applyMask, type MaskRule } from '../../shared/index.js';
import type { DataRecord } from '../storeReader.js';
import type { CompiledPolicy } from './compilePolicy.js';

// The rules keep parts of a text (the first characters, the district). A partly kept number, date
// or boolean would be a different, plausible-looking value of the item's type — and a masked date
// like `1*********` is no date at all — so a masked value of any other type is withheld as null.
const MASKABLE_TYPES = new Set<DataItem['dataType']>(['string', 'code']);

/** The value a consumer may see of `value` under `rule`. */
export function maskValue(item: DataItem, rule: MaskRule, value: DataRecord[string]): DataRecord[string] {
  if (rule === 'none' || value === null) return value;
  if (!MASKABLE_TYPES.has(item.dataType) || typeof value !== 'string') return null;
  return applyMask(rule, value);
}

/** A copy of `record` with the policy's masks applied to every masked field it holds. */
export function maskRecord(record: DataRecord, policy: Pick<CompiledPolicy, 'items' | 'masks'>): DataRecord {
  if (policy.masks.size === 0) return record;
  const masked: DataRecord = { ...record };
  for (const item of policy.items) {
    const rule = policy.masks.get(item.apiName);
    if (rule && item.apiName in masked) masked[item.apiName] = maskValue(item, rule, masked[item.apiName]);
  }
  return masked;
}
