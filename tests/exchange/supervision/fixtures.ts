/**
 * Scenarios for supervision tests: a ledger whose clock the test sets for each append, entry drafts
 * with sensible defaults, principals of each role, and a Supervision over it all.
 */
import { Catalog } from '../../../catalog/index.js';
import {
  AccessRequests,
  Grants,
  Ledger,
  LedgerKey,
  Supervision,
  type Acting,
  type AlertThresholds,
  type EntryDraft,
  type LedgerEntry,
  type Role,
} from '../../../exchange/index.js';
import { residentIdCheckChar, type Database } from '../../../shared/index.js';

export const TEST_KEY = new LedgerKey(Buffer.alloc(32, 7));

/** Small thresholds, so scenarios stay small. */
export const TEST_THRESHOLDS: AlertThresholds = {
  spikeFactor: 5,
  spikeMinimum: 20,
  baselineDays: 7,
  bulkRows: 100,
  deniedBurst: 5,
  deniedWindowMs: 5 * 60_000,
  verifyPerMinute: 10,
};

export function acting(department: string, ...roles: Role[]): Acting {
  return { accountId: `${department}-account`, clientId: `${department}-client`, department, roles };
}

export const SUPERVISOR = acting('sup', 'supervisor');
export const OPERATOR = acting('eit', 'operator', 'consumer');
export const CONSUMER = acting('hrss', 'consumer');

/** A data entry: a list of `person` by hrss that returned one row, unless told otherwise. */
export function data(overrides: Partial<EntryDraft> = {}): EntryDraft {
  return { kind: 'data', action: 'list', department: 'hrss', resource: 'person', purpose: '社保参保资格核验', rowCount: 1, outcome: 'allowed', ...overrides };
}

export function workflow(overrides: Partial<EntryDraft> = {}): EntryDraft {
  return { kind: 'workflow', action: 'request.submitted', department: 'hrss', resource: 'person', outcome: 'recorded', ...overrides };
}

/** A ledger on a clock the test sets: `append(at, …drafts)` commits the drafts at `at`, together. */
export interface ClockedLedger {
  ledger: Ledger;
  append(at: string, ...drafts: EntryDraft[]): Promise<LedgerEntry[]>;
  /** The same draft `n` times at `at`. */
  repeat(at: string, n: number, draft: EntryDraft): Promise<LedgerEntry[]>;
}

export function clockedLedger(db: Database): ClockedLedger {
  let now = new Date(0);
  const ledger = new Ledger(db, { now: () => now, windowMs: 1 });
  const append = async (at: string, ...drafts: EntryDraft[]) => {
    now = new Date(at);
    const entries = await Promise.all(drafts.map((d) => ledger.append(d)));
    await ledger.flush();
    return entries;
  };
  return { ledger, append, repeat: (at, n, draft) => append(at, ...Array.from({ length: n }, () => draft)) };
}

export function supervisionOver(db: Database, options: { now?: () => Date; thresholds?: Partial<AlertThresholds> } = {}): Supervision {
  const catalog = new Catalog(db);
  const grants = new Grants(db, catalog, { now: options.now });
  const requests = new AccessRequests(db, catalog, grants, { approvalWorkingDays: 10, now: options.now });
  return new Supervision(db, { grants, requests, key: TEST_KEY, now: options.now, thresholds: options.thresholds ?? TEST_THRESHOLDS });
}

/** A valid resident ID number from a 17-digit body. */
export function residentId(body17: string): string {
  return body17 + residentIdCheckChar(body17);
}

/** Instants in Qingyuan (+08:00) as the ISO UTC text the ledger stores. */
export function local(isoWithoutOffset: string): string {
  return new Date(`${isoWithoutOffset}+08:00`).toISOString();
}
