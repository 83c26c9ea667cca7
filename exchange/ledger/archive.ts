/**
 * Exporting the ledger to archive files (X-Road's archived message logs): consecutive entries as
 * JSON Lines, in seq order, and a final seal line with the range, the last hash, the SHA-256 of
 * every line before it and the link to the previous archive (its file's SHA-256 and last seq).
 * Each archive continues the chain where the previous one stopped, so a set of archive files can be
 * verified offline, file by file, without the database.
 *
 * Archiving never deletes entries: the application does not delete from the ledger. Pruning
 * entries that are safely archived is left to a later retention command, which will have to
 * start verification from the last archive's hash instead of the genesis hash.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Knex } from 'knex';
import { type Database, ConflictError, InputError, type FieldProblem } from '../../shared/index.js';
import { canonicalJson, fromRow, type EntryRow } from './chain.js';
import { isValid } from './locateTampering.js';
import { GENESIS_HASH, type LedgerEntry } from './model.js';

/** The last line of an archive file: `{"archive": ArchiveSeal}`. */
export interface ArchiveSeal {
  first: number;
  last: number;
  lastHash: string;
  /** The archive this one continues; null when it starts at entry 1. */
  previousArchive: { sha256: string; last: number } | null;
  /** SHA-256 of every line before the seal, newlines included. */
  sha256: string;
  createdAt: string;
}

/** An archive as recorded in `ledger_archives`. */
export interface LedgerArchive {
  id: number;
  first: number;
  last: number;
  lastHash: string;
  fileSha256: string;
  previousSha256: string | null;
  fileName: string;
  createdAt: string;
}

export interface ArchiveOptions {
  /** Archive up to and including this entry… */
  through?: number;
  /** …or every entry appended before this instant (ISO). */
  before?: string;
  /** The file to write; it must not exist yet. */
  file: string;
  now?: () => Date;
  pageSize?: number;
}

interface ArchiveRow {
  id: number;
  first_seq: number | string;
  last_seq: number | string;
  last_hash: string;
  file_sha256: string;
  previous_sha256: string | null;
  file_name: string;
  created_at: string;
}

function fromArchiveRow(r: ArchiveRow): LedgerArchive {
  return {
    id: Number(r.id),
    first: Number(r.first_seq),
    last: Number(r.last_seq),
    lastHash: r.last_hash,
    fileSha256: r.file_sha256,
    previousSha256: r.previous_sha256,
    fileName: r.file_name,
    createdAt: r.created_at,
  };
}

/** The archives written so far, oldest first. */
export async function listArchives(knex: Knex): Promise<LedgerArchive[]> {
  return ((await knex('ledger_archives').orderBy('first_seq')) as ArchiveRow[]).map(fromArchiveRow);
}

/** The line an entry takes in an archive file. */
export function archiveLine(entry: LedgerEntry): string {
  return `${canonicalJson(entry)}\n`;
}

/** Writes the next archive (the entries after the last archive, through `through` or before `before`) and records it. */
export async function archiveLedger(db: Database, options: ArchiveOptions): Promise<LedgerArchive> {
  const now = options.now ?? (() => new Date());
  const previous = (await listArchives(db.knex)).at(-1) ?? null;
  const first = previous ? previous.last + 1 : 1;
  const last = await lastToArchive(db.knex, options, first);
  const createdAt = now().toISOString();
  const temporary = `${options.file}.${process.pid}.tmp`;
  let sealed: { lastHash: string; fileSha256: string };
  try {
    sealed = await writeArchive(db.knex, temporary, { first, last, previous, createdAt, pageSize: options.pageSize ?? 1000 });
    await rename(temporary, options.file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  const row = {
    first_seq: first,
    last_seq: last,
    last_hash: sealed.lastHash,
    file_sha256: sealed.fileSha256,
    previous_sha256: previous?.fileSha256 ?? null,
    file_name: basename(options.file),
    created_at: createdAt,
  };
  try {
    const [inserted] = (await db.knex('ledger_archives').insert(row).returning('id')) as ({ id: number } | number)[];
    return fromArchiveRow({ id: typeof inserted === 'object' ? inserted.id : Number(inserted), ...row });
  } catch (err) {
    // Another archive of the same range was recorded first: this file is not part of the chain.
    await rm(options.file, { force: true });
    throw db.dialect.translateError(err) ?? err;
  }
}

/** Validates the range options and resolves them to the last seq to archive. */
async function lastToArchive(knex: Knex, options: ArchiveOptions, first: number): Promise<number> {
  const problems: FieldProblem[] = [];
  if ((options.through === undefined) === (options.before === undefined)) problems.push({ field: 'through', message: 'give either through (a seq) or before (an instant)' });
  if (options.through !== undefined && (!Number.isSafeInteger(options.through) || options.through < 1)) problems.push({ field: 'through', message: 'must be a positive integer' });
  if (options.before !== undefined && Number.isNaN(Date.parse(options.before))) problems.push({ field: 'before', message: 'must be an ISO date or instant' });
  if (!options.file) problems.push({ field: 'file', message: 'is required' });
  else if (existsSync(options.file)) problems.push({ field: 'file', message: `${options.file} already exists; an archive is never overwritten` });
  if (problems.length) throw new InputError('cannot archive the ledger', problems);
  const head = (await knex('ledger_head').where({ id: 1 }).first('seq')) as { seq: number | string } | undefined;
  const end = Number(head?.seq ?? 0);
  let last: number;
  if (options.through !== undefined) {
    if (options.through > end) throw new InputError('cannot archive the ledger', [{ field: 'through', message: `the ledger ends at entry ${end}` }]);
    last = options.through;
  } else {
    const before = new Date(options.before!).toISOString();
    const row = (await knex('ledger_entries').where('at', '<', before).andWhere('seq', '<=', end).max({ seq: 'seq' }).first()) as { seq: number | string | null };
    last = row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq);
  }
  if (last < first) {
    throw new InputError('nothing to archive', [{ field: options.through !== undefined ? 'through' : 'before', message: `entries through ${first - 1} are already archived` }]);
  }
  return last;
}

interface ArchiveRange {
  first: number;
  last: number;
  previous: LedgerArchive | null;
  createdAt: string;
  pageSize: number;
}

/**
 * Streams entries first..last to `file`, checking each one continues the chain (an archive of a
 * tampered ledger would launder it), then appends the seal.
 */
async function writeArchive(knex: Knex, file: string, range: ArchiveRange): Promise<{ lastHash: string; fileSha256: string }> {
  const lines = createHash('sha256');
  const whole = createHash('sha256');
  const handle = await open(file, 'wx');
  try {
    let prev = { seq: range.first - 1, hash: range.previous?.lastHash ?? GENESIS_HASH };
    while (prev.seq < range.last) {
      const rows: EntryRow[] = await knex('ledger_entries').where('seq', '>', prev.seq).andWhere('seq', '<=', range.last).orderBy('seq').limit(range.pageSize);
      let chunk = '';
      for (const row of rows) {
        const entry = fromRow(row);
        if (entry.seq !== prev.seq + 1 || entry.prevHash !== prev.hash || !isValid(entry)) {
          throw new ConflictError(`entry ${prev.seq + 1} does not verify; run \`govshare audit verify\` (nothing was archived)`);
        }
        chunk += archiveLine(entry);
        prev = { seq: entry.seq, hash: entry.hash };
      }
      if (!rows.length) throw new ConflictError(`entry ${prev.seq + 1} is missing; run \`govshare audit verify\` (nothing was archived)`);
      lines.update(chunk, 'utf8');
      whole.update(chunk, 'utf8');
      await handle.write(chunk, null, 'utf8');
    }
    const seal: ArchiveSeal = {
      first: range.first,
      last: range.last,
      lastHash: prev.hash,
      previousArchive: range.previous ? { sha256: range.previous.fileSha256, last: range.previous.last } : null,
      sha256: lines.digest('hex'),
      createdAt: range.createdAt,
    };
    const sealLine = `${canonicalJson({ archive: seal })}\n`;
    whole.update(sealLine, 'utf8');
    await handle.write(sealLine, null, 'utf8');
    await handle.sync();
    return { lastHash: prev.hash, fileSha256: whole.digest('hex') };
  } finally {
    await handle.close();
  }
}
