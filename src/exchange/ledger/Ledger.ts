/**
 * The append side of the audit ledger. Appends within a short window are committed together in
 * one transaction (group commit): one durable write for many requests, and every caller's promise
 * settles only after that commit, so no data leaves before its entry is on disk. Workflow events
 * are appended inside the transaction of the change they record. The head row serialises
 * appenders across connections and processes, so the chain has no gaps and no forks.
 */
import type { Knex } from 'knex';
import type { Database } from '../../shared/database.js';
import { writeTransaction } from '../requests/writeTransaction.js';
import { seal, toRow } from './chain.js';
import type { CheckpointSigner } from './checkpoints.js';
import type { EntryDraft, LedgerEntry } from './model.js';

export interface LedgerOptions {
  now?: () => Date;
  /** How long an append waits for company before its batch commits (ms). */
  windowMs?: number;
  /** At most this many entries per commit. */
  maxBatch?: number;
  /** Signs a checkpoint each time the chain passes a multiple of `checkpointEvery`. */
  signer?: CheckpointSigner;
  checkpointEvery?: number;
}

interface Pending {
  draft: EntryDraft;
  resolve(entry: LedgerEntry): void;
  reject(err: unknown): void;
}

// SQLite's compound-SELECT limit caps knex multi-row inserts at 500 rows.
const INSERT_CHUNK = 400;

export class Ledger {
  private readonly now: () => Date;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly checkpointEvery: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Database, private readonly options: LedgerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.windowMs = options.windowMs ?? 2;
    this.maxBatch = options.maxBatch ?? 500;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
  }

  /** Appends an entry; resolves once it is committed (group commit). */
  append(draft: EntryDraft): Promise<LedgerEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ draft, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.schedule(0);
      else this.schedule(this.windowMs);
    });
  }

  /** Appends inside the caller's write transaction: the entry commits or rolls back with the change. */
  async appendIn(trx: Knex.Transaction, draft: EntryDraft): Promise<LedgerEntry> {
    const [entry] = await this.write(trx, [draft]);
    return entry!;
  }

  /** Commits whatever is waiting. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.queue.length);
    if (!batch.length) return this.flushing;
    // Batches commit one after another, in the order they were taken.
    this.flushing = this.flushing.then(() => this.commit(batch));
    return this.flushing;
  }

  private schedule(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  private async commit(batch: Pending[]): Promise<void> {
    for (let i = 0; i < batch.length; i += this.maxBatch) {
      const part = batch.slice(i, i + this.maxBatch);
      try {
        const entries = await writeTransaction(this.db, (trx) => this.write(trx, part.map((p) => p.draft)));
        part.forEach((p, j) => p.resolve(entries[j]!));
      } catch (err) {
        for (const p of part) p.reject(err);
      }
    }
  }

  /** Seals drafts onto the head, inserts them with their subjects, moves the head, and checkpoints. */
  private async write(trx: Knex.Transaction, drafts: EntryDraft[]): Promise<LedgerEntry[]> {
    const headQuery = trx('ledger_head').where({ id: 1 }).first('seq', 'hash');
    const head: { seq: number | string; hash: string } = this.db.dialect.name === 'postgres' ? await headQuery.forUpdate() : await headQuery;
    let seq = Number(head.seq);
    let hash = head.hash;
    const at = this.now().toISOString();
    const entries = drafts.map((draft) => {
      const entry = seal(draft, seq, hash, at);
      seq = entry.seq;
      hash = entry.hash;
      return entry;
    });
    const rows = entries.map(toRow);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx('ledger_entries').insert(rows.slice(i, i + INSERT_CHUNK));
    const subjects = entries.flatMap((e) => [...new Set(e.subjects)].map((subject) => ({ subject, seq: e.seq })));
    for (let i = 0; i < subjects.length; i += INSERT_CHUNK) await trx('ledger_subjects').insert(subjects.slice(i, i + INSERT_CHUNK));
    await trx('ledger_head').where({ id: 1 }).update({ seq, hash });
    const signer = this.options.signer;
    const before = seq - entries.length;
    if (signer && Math.floor(before / this.checkpointEvery) !== Math.floor(seq / this.checkpointEvery)) {
      await trx('ledger_checkpoints').insert({ seq, hash, at, algorithm: signer.algorithm, key_id: signer.keyId, signature: signer.sign(seq, hash, at) });
    }
    return entries;
  }
}
