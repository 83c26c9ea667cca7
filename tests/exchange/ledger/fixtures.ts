/**
 * A ledger to tamper with, and the tampering: what an attacker with SQL access to the database
 * (but not the ledger key) can do to the tables directly.
 */
import type { Knex } from 'knex';
import {
  hmacSigner,
  Ledger,
  LedgerKey,
  seal,
  sha256,
  toRow,
  fromRow,
  type EntryDraft,
  type EntryRow,
  type LedgerEntry,
} from '../../../exchange/index.js';
import type { Database } from '../../../shared/index.js';

export const LEDGER_SECRET = 'test-ledger-key: thirty-two bytes and then some';
export const ledgerKey = new LedgerKey(Buffer.from(LEDGER_SECRET, 'utf8'));
export const signer = hmacSigner(ledgerKey);

const START = Date.parse('2026-03-02T01:00:00.000Z');

/** A clock that moves one second per reading. */
export function tickingClock(from = START): () => Date {
  let t = from;
  return () => new Date((t += 1000));
}

/** Entry `i` of the test ledger: data requests of every action and outcome, some workflow events. */
export function draftNo(i: number): EntryDraft {
  if (i % 7 === 0) {
    return { kind: 'workflow', action: 'request.approved', actor: 'psb-approver', department: 'psb', grantId: `grant-${i}`, detail: { requestId: `request-${i}`, note: '同意' }, outcome: 'recorded' };
  }
  const subject = ledgerKey.subject(`44180219900101${String(1000 + i).slice(-4)}`);
  const denied = i % 11 === 0;
  return {
    kind: 'data',
    action: ['lookup', 'list', 'aggregate', 'verify'][i % 4]!,
    requestId: `req-${i}`,
    actor: 'hrss-client',
    department: 'hrss',
    grantId: 'grant-hrss-person',
    purpose: '社保参保资格核验',
    resource: 'person',
    fields: ['name', 'gender', 'district'],
    filter: i % 3 === 0 ? { district: { eq: ledgerKey.value('清城区') } } : null,
    keys: i % 2 ? [subject] : [],
    rowCount: denied ? 0 : (i % 5) + 1,
    outcome: denied ? 'denied' : 'allowed',
    errorCode: denied ? 'FORBIDDEN' : null,
    responseDigest: denied ? null : sha256(`response ${i}`),
    subjects: i % 2 && !denied ? [subject] : [],
  };
}

/** Appends entries 1..n in rounds of `every`, so each round commits as one batch and the chain passes a checkpoint per round. */
export async function buildLedger(db: Database, n = 300, every = 100, now = tickingClock()): Promise<Ledger> {
  const ledger = new Ledger(db, { signer, checkpointEvery: every, now });
  for (let from = 1; from <= n; from += every) {
    const round = Array.from({ length: Math.min(every, n - from + 1) }, (_, k) => ledger.append(draftNo(from + k)));
    await Promise.all(round);
  }
  await ledger.idle(); // the subject index is built just after commits
  return ledger;
}

const TABLES = ['ledger_entries', 'ledger_subjects', 'ledger_checkpoints'] as const;

export interface LedgerSnapshot {
  rows: Record<(typeof TABLES)[number], Record<string, unknown>[]>;
  head: { seq: number; hash: string };
  indexedSeq: number;
}

export async function snapshotLedger(knex: Knex): Promise<LedgerSnapshot> {
  const rows = {} as LedgerSnapshot['rows'];
  for (const table of TABLES) rows[table] = await knex(table).select();
  const head = await knex('ledger_head').where({ id: 1 }).first('seq', 'hash');
  const mark = await knex('ledger_subject_watermark').where({ id: 1 }).first('indexed_seq');
  return { rows, head: { seq: Number(head.seq), hash: head.hash }, indexedSeq: Number(mark.indexed_seq) };
}

/** Puts the ledger back exactly as snapshotted (or empties it), archives forgotten. */
export async function restoreLedger(knex: Knex, snapshot?: LedgerSnapshot): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('ledger_archives').delete();
    await trx('ledger_subjects').delete();
    await trx('ledger_checkpoints').delete();
    await trx('ledger_entries').delete();
    for (const table of ['ledger_entries', 'ledger_subjects', 'ledger_checkpoints'] as const) {
      const rows = snapshot?.rows[table] ?? [];
      for (let i = 0; i < rows.length; i += 100) await trx(table).insert(rows.slice(i, i + 100));
    }
    await trx('ledger_head').where({ id: 1 }).update(snapshot?.head ?? { seq: 0, hash: '0'.repeat(64) });
    await trx('ledger_subject_watermark').where({ id: 1 }).update({ indexed_seq: snapshot?.indexedSeq ?? 0 });
  });
}

/** Direct SQL, as an attacker with database access would write it. */
export class Attacker {
  constructor(private readonly knex: Knex) {}

  async entry(seq: number): Promise<LedgerEntry> {
    return fromRow((await this.knex('ledger_entries').where({ seq }).first()) as EntryRow);
  }

  async lastSeq(): Promise<number> {
    const row = await this.knex('ledger_entries').max({ seq: 'seq' }).first();
    return Number(row?.seq ?? 0);
  }

  /** Changes one character of a text column (its last one), leaving the stored hash alone. */
  async changeByte(seq: number, column: keyof EntryRow = 'purpose'): Promise<void> {
    const row = (await this.knex('ledger_entries').where({ seq }).first(column)) as Record<string, string>;
    const text = String(row[column]);
    const changed = text.slice(0, -1) + String.fromCharCode(text.charCodeAt(text.length - 1) + 1);
    await this.knex('ledger_entries').where({ seq }).update({ [column]: changed });
  }

  /** Changes an entry and recomputes its own hash (but nothing after it). */
  async changeAndRehash(seq: number, change: Partial<LedgerEntry>): Promise<void> {
    const entry = { ...(await this.entry(seq)), ...change };
    const resealed = seal(entry as EntryDraft, seq - 1, entry.prevHash, entry.at);
    await this.knex('ledger_entries').where({ seq }).update(toRow(resealed));
  }

  async remove(seq: number): Promise<void> {
    await this.knex('ledger_subjects').where({ seq }).delete();
    await this.knex('ledger_entries').where({ seq }).delete();
  }

  /** Moves entries `from`..`through` (default: the last) by `by`; subjects of moved rows go first (they reference seq). */
  async renumber(from: number, by: number, through?: number): Promise<void> {
    const last = through ?? (await this.lastSeq());
    await this.knex('ledger_subjects').whereBetween('seq', [from, last]).delete();
    const seqs = Array.from({ length: last - from + 1 }, (_, k) => from + k);
    for (const seq of by > 0 ? seqs.reverse() : seqs) await this.knex('ledger_entries').where({ seq }).update({ seq: seq + by });
  }

  /** Points the head at the current last entry, as a careful attacker would. */
  async fixHead(): Promise<void> {
    const last = await this.lastSeq();
    const hash = last ? (await this.entry(last)).hash : '0'.repeat(64);
    await this.knex('ledger_head').where({ id: 1 }).update({ seq: last, hash });
  }

  async insert(entry: LedgerEntry): Promise<void> {
    await this.knex('ledger_entries').insert(toRow(entry));
  }

  /** A forged entry at `seq`, hashed correctly over its contents and the given prevHash. */
  forge(seq: number, prevHash: string, at = '2026-03-02T09:00:00.000Z'): LedgerEntry {
    return seal({ kind: 'data', action: 'lookup', actor: 'edu-client', department: 'edu', resource: 'person', fields: ['name'], rowCount: 1, outcome: 'allowed' }, seq - 1, prevHash, at);
  }

  /** Swaps the contents of two rows; each keeps its seq. */
  async swap(a: number, b: number): Promise<void> {
    const rowA = (await this.knex('ledger_entries').where({ seq: a }).first()) as EntryRow;
    const rowB = (await this.knex('ledger_entries').where({ seq: b }).first()) as EntryRow;
    await this.knex('ledger_subjects').whereIn('seq', [a, b]).delete();
    const { seq: _a, ...contentA } = rowA;
    const { seq: _b, ...contentB } = rowB;
    await this.knex('ledger_entries').where({ seq: a }).update(contentB);
    await this.knex('ledger_entries').where({ seq: b }).update(contentA);
  }

  async truncateFrom(seq: number): Promise<void> {
    await this.knex('ledger_subjects').where('seq', '>=', seq).delete();
    await this.knex('ledger_entries').where('seq', '>=', seq).delete();
  }

  /**
   * Changes entry `seq` and recomputes every hash from there to the end, head included: the chain
   * is consistent again, and only checkpoints can tell.
   */
  async rewriteFrom(seq: number, change: Partial<LedgerEntry>): Promise<void> {
    const last = await this.lastSeq();
    let prevHash = seq > 1 ? (await this.entry(seq - 1)).hash : '0'.repeat(64);
    for (let s = seq; s <= last; s++) {
      const entry = { ...(await this.entry(s)), ...(s === seq ? change : {}) };
      const resealed = seal(entry as EntryDraft, s - 1, prevHash, entry.at);
      await this.knex('ledger_entries').where({ seq: s }).update(toRow(resealed));
      prevHash = resealed.hash;
    }
    await this.fixHead();
  }
}
