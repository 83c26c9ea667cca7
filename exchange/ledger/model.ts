/** Entries of the audit ledger and what an appender hands in. */

export type EntryKind = 'data' | 'workflow';
export type EntryOutcome = 'allowed' | 'denied' | 'error' | 'recorded';

/** What an appender records; the ledger adds seq, time and the chain. */
export interface EntryDraft {
  kind: EntryKind;
  action: string;
  requestId?: string | null;
  actor?: string | null;
  department?: string | null;
  grantId?: string | null;
  purpose?: string | null;
  resource?: string | null;
  fields?: string[];
  /** Already free of raw identifiers (see `Identifiers.hashFilter`). */
  filter?: unknown;
  /** Keyed hashes of the keys asked for. */
  keys?: string[];
  rowCount?: number;
  outcome: EntryOutcome;
  errorCode?: string | null;
  responseDigest?: string | null;
  /** Keyed hashes of the resident IDs and credit codes the response held. */
  subjects?: string[];
  detail?: Record<string, unknown> | null;
}

export interface LedgerEntry {
  seq: number;
  at: string;
  kind: EntryKind;
  action: string;
  requestId: string | null;
  actor: string | null;
  department: string | null;
  grantId: string | null;
  purpose: string | null;
  resource: string | null;
  fields: string[];
  filter: unknown;
  keys: string[];
  rowCount: number;
  outcome: EntryOutcome;
  errorCode: string | null;
  responseDigest: string | null;
  subjects: string[];
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  algorithm: 'HMAC-SHA256' | 'Ed25519';
  keyId: string;
  signature: string;
}

export const GENESIS_HASH = '0'.repeat(64);
