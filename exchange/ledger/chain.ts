/**
 * The chain's arithmetic: an entry's hash is SHA-256 over a canonical JSON of every field but the
 * hash itself, the previous entry's hash included. Rows map to entries here, so the verifier and
 * the appender can never disagree about what was hashed.
 */
import { createHash } from 'node:crypto';
import type { EntryDraft, LedgerEntry } from './model.js';

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  const { seq, at, kind, action, requestId, actor, department, grantId, purpose, resource, fields, filter, keys, rowCount, outcome, errorCode, responseDigest, subjects, detail, prevHash } = entry;
  return sha256(canonicalJson({ seq, at, kind, action, requestId, actor, department, grantId, purpose, resource, fields, filter, keys, rowCount, outcome, errorCode, responseDigest, subjects, detail, prevHash }));
}

/** The next entry of the chain after (`prevSeq`, `prevHash`). */
export function seal(draft: EntryDraft, prevSeq: number, prevHash: string, at: string): LedgerEntry {
  const body: Omit<LedgerEntry, 'hash'> = {
    seq: prevSeq + 1,
    at,
    kind: draft.kind,
    action: draft.action,
    requestId: draft.requestId ?? null,
    actor: draft.actor ?? null,
    department: draft.department ?? null,
    grantId: draft.grantId ?? null,
    purpose: draft.purpose ?? null,
    resource: draft.resource ?? null,
    fields: draft.fields ?? [],
    filter: draft.filter ?? null,
    keys: draft.keys ?? [],
    rowCount: draft.rowCount ?? 0,
    outcome: draft.outcome,
    errorCode: draft.errorCode ?? null,
    responseDigest: draft.responseDigest ?? null,
    subjects: draft.subjects ?? [],
    detail: draft.detail ?? null,
    prevHash,
  };
  return { ...body, hash: entryHash(body) };
}

export interface EntryRow {
  seq: number | string;
  at: string;
  kind: string;
  action: string;
  request_id: string | null;
  actor: string | null;
  department: string | null;
  grant_id: string | null;
  purpose: string | null;
  resource: string | null;
  fields: string;
  filter: string | null;
  keys: string;
  row_count: number;
  outcome: string;
  error_code: string | null;
  response_digest: string | null;
  subjects: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export function toRow(e: LedgerEntry): EntryRow {
  return {
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    action: e.action,
    request_id: e.requestId,
    actor: e.actor,
    department: e.department,
    grant_id: e.grantId,
    purpose: e.purpose,
    resource: e.resource,
    fields: JSON.stringify(e.fields),
    filter: e.filter === null ? null : JSON.stringify(e.filter),
    keys: JSON.stringify(e.keys),
    row_count: e.rowCount,
    outcome: e.outcome,
    error_code: e.errorCode,
    response_digest: e.responseDigest,
    subjects: JSON.stringify(e.subjects),
    detail: e.detail === null ? null : JSON.stringify(e.detail),
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** Parses a stored row back; a row whose JSON does not parse keeps the text, so its hash fails. */
export function fromRow(r: EntryRow): LedgerEntry {
  const json = (text: string | null, fallback: unknown) => {
    if (text === null) return fallback;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  return {
    seq: Number(r.seq),
    at: r.at,
    kind: r.kind as LedgerEntry['kind'],
    action: r.action,
    requestId: r.request_id,
    actor: r.actor,
    department: r.department,
    grantId: r.grant_id,
    purpose: r.purpose,
    resource: r.resource,
    fields: json(r.fields, []),
    filter: json(r.filter, null),
    keys: json(r.keys, []),
    rowCount: Number(r.row_count),
    outcome: r.outcome as LedgerEntry['outcome'],
    errorCode: r.error_code,
    responseDigest: r.response_digest,
    subjects: json(r.subjects, []),
    detail: json(r.detail, null),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
