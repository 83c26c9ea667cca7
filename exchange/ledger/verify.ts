/**
 * Verifying the audit ledger: walk every entry in seq order, recompute its hash and its link to
 * the entry before, compare the head and every checkpoint (stored, and optionally a copy exported
 * earlier and kept elsewhere), and name the first thing that does not hold. The walk reads pages
 * inside one read-only snapshot, so appends running meanwhile neither break nor extend it.
 */
import type { Knex } from 'knex';
import { fromRow, type EntryRow } from './chain.js';
import type { CheckpointSigner } from './checkpoints.js';
import { isValid, locateTampering, type ChainReader, type Link, type TamperKind } from './locateTampering.js';
import { GENESIS_HASH, type Checkpoint, type LedgerEntry } from './model.js';
import { fromCheckpointRow, type CheckpointRow } from './checkpointStore.js';

export type LedgerProblemKind = TamperKind | 'truncated' | 'checkpoint';

export interface LedgerProblem {
  /** The first entry (or checkpoint seq) that does not hold. */
  seq: number;
  kind: LedgerProblemKind;
  /** One line for an operator, starting with what happened: "entry 123 was changed: …". */
  message: string;
}

export type LedgerVerification =
  | { ok: true; entries: number; head: Link; checkpoints: number }
  | { ok: false; problem: LedgerProblem };

/** Anything that can check a checkpoint's signature: a signer, or an Ed25519 public-key verifier. */
export type CheckpointVerifier = Pick<CheckpointSigner, 'verify'>;

export interface VerifyLedgerOptions {
  verifier: CheckpointVerifier;
  /** A copy of the checkpoints exported earlier (`exportCheckpoints`), held outside the database. */
  checkpoints?: readonly Checkpoint[];
  /** Entries read per query. */
  pageSize?: number;
}

interface HeldCheckpoint {
  checkpoint: Checkpoint;
  source: 'stored' | 'exported';
}

const DEFAULT_PAGE = 1000;
const MIN_SEQ = Number.MIN_SAFE_INTEGER;

/** Verifies the whole ledger; `{ ok: false }` names the first entry that was tampered with. */
export async function verifyLedger(knex: Knex, options: VerifyLedgerOptions): Promise<LedgerVerification> {
  const postgres = knex.client.dialect === 'postgresql';
  return knex.transaction((trx) => walk(trx, options), postgres ? { isolationLevel: 'repeatable read', readOnly: true } : undefined);
}

async function walk(trx: Knex.Transaction, options: VerifyLedgerOptions): Promise<LedgerVerification> {
  const reader = chainReader(trx);
  // After retention the chain starts at the last pruned archive's last entry; checkpoints up to it
  // are vouched for by the archive files (`audit verify-archive`).
  let prev: Link = await chainAnchor(trx);
  const held = await heldCheckpoints(trx, options.checkpoints ?? [], prev.seq);
  let prevAt = '';
  let entries = 0;
  let matched: Link | undefined; // the last checkpoint the chain agreed with
  // A checkpoint that disagrees with its entry waits one entry: when the next one breaks the chain
  // too, the tampering is usually local (a row slid in or re-hashed at the checkpoint) and named better.
  let disagreement: LedgerProblem | undefined;
  for await (const entry of entriesInOrder(trx, options.pageSize ?? DEFAULT_PAGE)) {
    if (entry.seq !== prev.seq + 1 || entry.prevHash !== prev.hash || !isValid(entry)) {
      const tampering = await locateTampering(prev, entry, reader);
      return { ok: false, problem: disagreement && disagreement.seq < tampering.seq ? disagreement : tampering };
    }
    if (disagreement) return { ok: false, problem: disagreement };
    for (const h of held.get(entry.seq) ?? []) {
      const problem = await checkpointProblem(trx, h, entry, matched, options.verifier);
      if (problem?.kind === 'checkpoint') return { ok: false, problem };
      disagreement ??= problem;
      if (!problem) matched = { seq: entry.seq, hash: entry.hash };
    }
    prev = { seq: entry.seq, hash: entry.hash };
    prevAt = entry.at;
    entries += 1;
  }
  if (disagreement) return { ok: false, problem: disagreement };
  const beyond = [...held.entries()].filter(([seq]) => seq > prev.seq).sort(([a], [b]) => a - b);
  for (const [seq, list] of beyond) {
    for (const { checkpoint, source } of list) {
      if (!options.verifier.verify(checkpoint)) return { ok: false, problem: badSignature(checkpoint, source) };
    }
    const tail = prev.seq > 0 ? `ends at entry ${prev.seq} (${prevAt})` : 'is empty';
    return { ok: false, problem: { seq: prev.seq + 1, kind: 'truncated', message: `the ledger was truncated at entry ${prev.seq + 1}: checkpoint ${seq} was signed but the ledger ${tail}` } };
  }
  const headProblem = await headDisagreement(trx, prev);
  if (headProblem) return { ok: false, problem: headProblem };
  return { ok: true, entries, head: prev, checkpoints: held.size };
}

async function* entriesInOrder(trx: Knex.Transaction, pageSize: number): AsyncGenerator<LedgerEntry> {
  let after = MIN_SEQ; // not 0: a forged row at seq 0 or below must be seen too
  for (;;) {
    const rows: EntryRow[] = await trx('ledger_entries').where('seq', '>', after).orderBy('seq').limit(pageSize);
    for (const row of rows) yield fromRow(row);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

function chainReader(trx: Knex.Transaction): ChainReader {
  const one = async (q: Knex.QueryBuilder) => {
    const row = (await q.first()) as EntryRow | undefined;
    return row ? fromRow(row) : undefined;
  };
  const seqs = async (column: 'hash' | 'prev_hash', hash: string) =>
    ((await trx('ledger_entries').where(column, hash).orderBy('seq').select('seq')) as { seq: number | string }[]).map((r) => Number(r.seq));
  return {
    entryAt: (seq) => one(trx('ledger_entries').where({ seq })),
    entryAfter: (seq) => one(trx('ledger_entries').where('seq', '>', seq).orderBy('seq')),
    seqsWithHash: (hash) => seqs('hash', hash),
    seqsWithPrevHash: (hash) => seqs('prev_hash', hash),
  };
}

/** Stored checkpoints and the exported copy, by seq. */
/** Where the chain in the database begins: genesis, or the last entry of the newest pruned archive. */
export async function chainAnchor(q: Knex | Knex.Transaction): Promise<Link> {
  const pruned = (await q('ledger_archives').whereNotNull('pruned_at').orderBy('last_seq', 'desc').first('last_seq', 'last_hash')) as
    | { last_seq: number | string; last_hash: string }
    | undefined;
  return pruned ? { seq: Number(pruned.last_seq), hash: pruned.last_hash } : { seq: 0, hash: GENESIS_HASH };
}

async function heldCheckpoints(trx: Knex.Transaction, exported: readonly Checkpoint[], anchoredAt: number): Promise<Map<number, HeldCheckpoint[]>> {
  const stored = ((await trx('ledger_checkpoints').orderBy('seq')) as CheckpointRow[]).map(fromCheckpointRow);
  const held = new Map<number, HeldCheckpoint[]>();
  const add = (checkpoint: Checkpoint, source: HeldCheckpoint['source']) => {
    if (checkpoint.seq > anchoredAt) held.set(checkpoint.seq, [...(held.get(checkpoint.seq) ?? []), { checkpoint, source }]);
  };
  for (const c of stored) add(c, 'stored');
  for (const c of exported) add(c, 'exported');
  return held;
}

function badSignature(checkpoint: Checkpoint, source: HeldCheckpoint['source']): LedgerProblem {
  const where = source === 'stored' ? 'in the ledger' : 'in the exported copy';
  return {
    seq: checkpoint.seq,
    kind: 'checkpoint',
    message: `checkpoint ${checkpoint.seq} ${where} is forged: its ${checkpoint.algorithm} signature (key ${checkpoint.keyId}) does not verify`,
  };
}

/**
 * A checkpoint at a verified entry: its signature must hold and it must sign that entry's hash.
 * When it does not, the chain up to it was rebuilt: either the tail was cut off after the
 * checkpoint and grew again (the entries there were written after the checkpoint was signed), or
 * history before it was rewritten and every later hash recomputed.
 */
async function checkpointProblem(trx: Knex.Transaction, held: HeldCheckpoint, entry: LedgerEntry, matched: Link | undefined, verifier: CheckpointVerifier): Promise<LedgerProblem | undefined> {
  const { checkpoint, source } = held;
  if (!verifier.verify(checkpoint)) return badSignature(checkpoint, source);
  if (checkpoint.hash !== entry.hash) {
    if (entry.at > checkpoint.at) {
      const row = (await trx('ledger_entries').where('seq', '<=', entry.seq).andWhere('at', '>', checkpoint.at).min({ seq: 'seq' }).first()) as { seq: number | string };
      const from = Number(row.seq);
      return {
        seq: from,
        kind: 'truncated',
        message: `the ledger was truncated at entry ${from} and grew again: entries from ${from} on were written after checkpoint ${checkpoint.seq} was signed at ${checkpoint.at}`,
      };
    }
    const since = matched ? matched.seq + 1 : 1;
    return {
      seq: entry.seq,
      kind: 'changed',
      message: `entry ${entry.seq} was changed: history was rewritten and re-hashed somewhere in entries ${since}–${entry.seq}, so entry ${entry.seq} no longer matches checkpoint ${checkpoint.seq} signed at ${checkpoint.at}`,
    };
  }
  if (source === 'exported' && !(await trx('ledger_checkpoints').where({ seq: checkpoint.seq }).first('seq'))) {
    return { seq: checkpoint.seq, kind: 'checkpoint', message: `checkpoint ${checkpoint.seq} was removed from the ledger: only the exported copy still holds it` };
  }
  return undefined;
}

/** The head the appenders move must name the last entry. */
async function headDisagreement(trx: Knex.Transaction, last: Link): Promise<LedgerProblem | undefined> {
  const head = (await trx('ledger_head').where({ id: 1 }).first('seq', 'hash')) as { seq: number | string; hash: string } | undefined;
  if (!head) return { seq: last.seq + 1, kind: 'truncated', message: 'the ledger head was removed' };
  const seq = Number(head.seq);
  if (seq > last.seq) {
    return { seq: last.seq + 1, kind: 'truncated', message: `the ledger was truncated at entry ${last.seq + 1}: its head names entry ${seq} but the ledger ends at entry ${last.seq}` };
  }
  if (seq < last.seq) {
    return { seq: seq + 1, kind: 'inserted', message: `entry ${seq + 1} was inserted: the ledger head names entry ${seq} but entries go on to ${last.seq}` };
  }
  if (head.hash !== last.hash) {
    return { seq: last.seq, kind: 'changed', message: `entry ${last.seq} was changed: its hash differs from the one the ledger head recorded when it was appended` };
  }
  return undefined;
}
