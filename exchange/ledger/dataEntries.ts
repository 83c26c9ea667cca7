/**
 * What the ledger keeps of a data request: who, under which grant and purpose, which fields, the
 * filter and keys asked for, how many rows, the outcome, a digest of the response and the keyed
 * hashes of the people and firms whose data it returned. Personal values never appear raw: keys,
 * identifiers and filter values on personal items are keyed hashes.
 */
import { columnName, type DataItem, type Resource } from '../../catalog/index.js';
import { isDomainError } from '../../shared/index.js';
import type { Predicate } from '../model.js';
import type { DataScope } from '../query/model.js';
import { canonicalJson, sha256 } from './chain.js';
import type { LedgerKey } from './keys.js';
import type { EntryDraft } from './model.js';

/** Items whose values identify or describe a person closely enough to be kept only as keyed hashes. */
function isSensitive(item: DataItem): boolean {
  return item.sensitivity === 'personal' || item.sensitivity === 'sensitive-personal' || item.mask !== 'none' || item.format !== undefined || item.key;
}

/** Items whose values name a data subject: identifiers, and references to another resource's key. */
function subjectItems(resource: Resource): DataItem[] {
  return resource.items.filter((i) => i.format === 'residentId' || i.format === 'creditCode' || (i.references?.length ?? 0) > 0);
}

/** A predicate with the values of sensitive items replaced by keyed hashes. */
export function hashPredicate(predicate: Predicate | null | undefined, items: readonly DataItem[], key: LedgerKey): unknown {
  if (!predicate) return null;
  if ('and' in predicate) return { and: predicate.and.map((p) => hashPredicate(p, items, key)) };
  if ('or' in predicate) return { or: predicate.or.map((p) => hashPredicate(p, items, key)) };
  const item = items.find((i) => i.apiName === predicate.field);
  if (!item || !isSensitive(item)) return predicate;
  const hash = (v: unknown) => ({ hmac: key.value(v) });
  return { field: predicate.field, op: predicate.op, value: Array.isArray(predicate.value) ? predicate.value.map(hash) : hash(predicate.value) };
}

/** Keyed hashes of identifiers, each computed once per call (keys asked for are usually the subjects returned). */
export function subjectHasher(key: LedgerKey): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    let hashed = seen.get(value);
    if (hashed === undefined) seen.set(value, (hashed = key.subject(value)));
    return hashed;
  };
}

/** Keyed hashes of the subjects in stored rows. */
export function subjectsOf(resource: Resource, rows: readonly Record<string, unknown>[], hashOf: (value: string) => string): string[] {
  const items = subjectItems(resource).map(columnName);
  const subjects = new Set<string>();
  for (const row of rows) {
    for (const column of items) {
      const value = row[column];
      if (typeof value === 'string' && value) subjects.add(hashOf(value));
    }
  }
  return [...subjects];
}

export interface Asked {
  keys?: readonly string[];
  where?: Predicate | null;
  /** Fields named by the call itself (groupBy, claims); default: the grant's fields. */
  fields?: string[];
}

/** The entry of one data call, before its outcome is known. */
export function dataDraft(scope: DataScope, action: string, asked: Asked, key: LedgerKey, hashOf: (value: string) => string = subjectHasher(key)): EntryDraft {
  const { grant, resource, request } = scope;
  const shown = resource.items.filter((i) => grant.fields.includes(i.apiName)).map((i) => i.apiName);
  return {
    kind: 'data',
    action,
    requestId: request?.requestId ?? null,
    actor: request?.actor ?? null,
    department: request?.department ?? grant.consumer,
    grantId: grant.id,
    purpose: grant.purpose,
    resource: resource.apiName,
    fields: asked.fields ?? shown,
    filter: hashPredicate(asked.where, resource.items, key),
    keys: (asked.keys ?? []).map((k) => hashOf(String(k))),
    outcome: 'allowed',
  };
}

/** The draft completed for a call that returned. */
export function allowed(draft: EntryDraft, rowCount: number, response: unknown, subjects: string[]): EntryDraft {
  return { ...draft, rowCount, responseDigest: sha256(canonicalJson(response ?? null)), subjects };
}

/**
 * The draft completed for a call that failed: denied with its code, or an error — unknown, or a
 * known one that is nobody's refusal (a live source that did not answer).
 */
export function failed(draft: EntryDraft, err: unknown): EntryDraft {
  if (isDomainError(err) && err.code !== 'INTERNAL_SERVER_ERROR') return { ...draft, outcome: 'denied', errorCode: err.code };
  return { ...draft, outcome: 'error', errorCode: 'INTERNAL_SERVER_ERROR' };
}
