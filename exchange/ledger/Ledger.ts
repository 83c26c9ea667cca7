/**
 * The append side of the audit ledger. Appends within a short window are committed together in
 * one transaction (group commit): one durable write for many requests, and every caller's promise
 * settles only after that commit, so no data leaves before its entry is on disk. Workflow events
 * are appended inside the transaction of the change they record. The head row serialises
 * appenders across connections and processes, so the chain has no gaps and no forks. The subject
 * index is derived from committed entries just after (see `subjectIndex.ts`).
 */
import type { Knex } from 'knex';
import { type Database, writeTransaction, insertRows } from '../../shared/index.js';
import { seal, toRow, type EntryRow } from './chain.js';
import { indexSubjects } from './subjectIndex.js';
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

export class Ledger {
  private readonly now: () => Date;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly checkpointEvery: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private indexing: Promise<unknown> | undefined;

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
      this.kick();
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
    await this.drain();
  }

  /** Starts the window for a first append; while a commit runs, appends just gather for the next one. */
  private kick(): void {
    if (this.draining || this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.drain();
      },
      this.queue.length >= this.maxBatch ? 0 : this.windowMs,
    );
  }

  /** Commits everything queued, batch after batch: what arrives during one commit goes in the next. */
  private drain(): Promise<void> {
    if (this.draining) return this.draining;
    if (!this.queue.length) return Promise.resolve();
    // The queue is not empty, so the loop awaits before `finally` runs: `draining` is set first.
    this.draining = (async () => {
      try {
        while (this.queue.length) await this.commit(this.queue.splice(0, this.maxBatch));
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      const entries = await writeTransaction(this.db, (trx) => this.write(trx, batch.map((p) => p.draft)));
      batch.forEach((p, j) => p.resolve(entries[j]!));
      this.indexLater();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  /** Brings the subject index up to date after the answers went out; one indexer at a time per process. */
  private indexLater(): void {
    if (this.indexing) return;
    this.indexing = indexSubjects(this.db)
      .catch(() => undefined) // the next commit or reader retries; readers index before they read
      .finally(() => {
        this.indexing = undefined;
      });
  }

  /** Waits for background indexing (for shutdown). */
  async idle(): Promise<void> {
    await this.drain();
    await this.indexing;
  }

  /** Seals drafts onto the head, inserts them, moves the head, and checkpoints. */
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
    const columns = Object.keys(rows[0]!) as (keyof EntryRow)[];
    await insertRows(trx, this.db.dialect, 'ledger_entries', columns, rows.map((r) => columns.map((c) => r[c])));
    await trx('ledger_head').where({ id: 1 }).update({ seq, hash });
    const signer = this.options.signer;
    const before = seq - entries.length;
    if (signer && Math.floor(before / this.checkpointEvery) !== Math.floor(seq / this.checkpointEvery)) {
      await trx('ledger_checkpoints').insert({ seq, hash, at, algorithm: signer.algorithm, key_id: signer.keyId, signature: signer.sign(seq, hash, at) });
    }
    return entries;
  }
}
