/**
 * Verifying an archive file offline: every line's hash and its link to the line before, the seal's
 * range, last hash and SHA-256 over the lines, and the link to the previous archive file. The file
 * is streamed; only when a line is out of place is it read again, to tell a moved line from a
 * missing one.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../../shared/index.js';
import type { ArchiveSeal } from './archive.js';
import { isValid } from './locateTampering.js';
import { GENESIS_HASH, type Checkpoint, type LedgerEntry } from './model.js';
import type { CheckpointVerifier } from './verify.js';

export type ArchiveProblemKind = 'changed' | 'removed' | 'inserted' | 'reordered' | 'truncated' | 'checkpoint' | 'seal' | 'link' | 'format';

export interface ArchiveProblem {
  /** 1-based line of the file. */
  line: number;
  seq?: number;
  kind: ArchiveProblemKind;
  message: string;
}

export type ArchiveVerification =
  | {
      ok: true;
      first: number;
      last: number;
      lastHash: string;
      entries: number;
      /** SHA-256 of the whole file: what the next archive links to. */
      sha256: string;
      /** How the first entry's link was checked: from the genesis hash, against the previous file, or not at all. */
      previous: 'genesis' | 'verified' | 'unchecked';
    }
  | { ok: false; problem: ArchiveProblem };

export interface VerifyArchiveOptions {
  /** Checkpoints (e.g. an exported copy); those inside the archive's range must sign its entries. */
  checkpoints?: readonly Checkpoint[];
  /** Checks the checkpoints' signatures too. */
  verifier?: CheckpointVerifier;
}

type Line = { n: number; text: string };

/** Verifies an archive file, and its link to `previous` (the archive file before it) when given. */
export async function verifyArchive(file: string, previous?: string | null, options: VerifyArchiveOptions = {}): Promise<ArchiveVerification> {
  let before: Extract<ArchiveVerification, { ok: true }> | undefined;
  if (previous) {
    const result = await verifyArchive(previous, null, options);
    if (!result.ok) return { ok: false, problem: { ...result.problem, kind: 'link', message: `the previous archive ${previous} does not verify: ${result.problem.message}` } };
    before = result;
  }
  const checkpoints = new Map((options.checkpoints ?? []).map((c) => [c.seq, c]));
  const lines = createHash('sha256');
  const whole = createHash('sha256');
  let prev: { seq: number; hash: string } | undefined;
  let first: number | undefined;
  let pending: Line | undefined;
  let count = 0;
  const fail = (problem: ArchiveProblem) => ({ ok: false as const, problem });
  for await (const line of readLines(file, whole)) {
    if (!pending) {
      pending = line;
      continue;
    }
    // `pending` is not the last line, so it must be an entry.
    lines.update(`${pending.text}\n`, 'utf8');
    const entry = parseEntry(pending);
    if ('line' in entry) return fail(entry);
    const problem = await entryProblem(file, pending.n, entry, prev, first === undefined ? before : undefined, checkpoints, options.verifier);
    if (problem) return fail(problem);
    first ??= entry.seq;
    prev = { seq: entry.seq, hash: entry.hash };
    count += 1;
    pending = line;
  }
  if (!pending) return fail({ line: 1, kind: 'format', message: `${file} is empty` });
  const seal = parseSeal(pending.text);
  if (!seal) return fail({ line: pending.n, kind: 'seal', message: 'the archive has no seal line: its end was cut off' });
  const at = pending.n;
  if (!prev || first === undefined) return fail({ line: at, kind: 'format', message: 'the archive holds no entries' });
  if (seal.first !== first) return fail({ line: 1, seq: seal.first, kind: 'removed', message: `entry ${seal.first} was removed: the seal says the archive starts there, the file starts at ${first}` });
  if (seal.last > prev.seq) return fail({ line: at, seq: prev.seq + 1, kind: 'truncated', message: `the archive was truncated at entry ${prev.seq + 1}: the seal says it ends at ${seal.last}` });
  if (seal.last !== prev.seq || seal.lastHash !== prev.hash) return fail({ line: at, kind: 'seal', message: `the seal names entry ${seal.last} as the last, the file ends at ${prev.seq}` });
  if (seal.sha256 !== lines.digest('hex')) return fail({ line: at, kind: 'seal', message: 'the archive was changed: its lines no longer match the SHA-256 in its seal' });
  const link = previousLink(seal, first, before);
  if (link) return fail({ line: at, kind: 'link', message: link });
  return {
    ok: true,
    first,
    last: prev.seq,
    lastHash: prev.hash,
    entries: count,
    sha256: whole.digest('hex'),
    previous: seal.previousArchive === null ? 'genesis' : before ? 'verified' : 'unchecked',
  };
}

/** The file's lines; `bytes`, when given, hashes the file exactly as stored. */
async function* readLines(file: string, bytes?: Hash): AsyncGenerator<Line> {
  const stream = createReadStream(file);
  stream.on('error', () => undefined); // surfaced by the iterator below
  if (bytes) stream.on('data', (chunk) => bytes.update(chunk));
  let n = 0;
  try {
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) yield { n: ++n, text };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`the archive ${file} does not exist`);
    throw err;
  }
}

function parseEntry(line: Line): LedgerEntry | ArchiveProblem {
  try {
    const value = JSON.parse(line.text) as LedgerEntry;
    if (value && typeof value === 'object' && Number.isSafeInteger(value.seq) && typeof value.hash === 'string') return value;
  } catch {
    // reported below
  }
  return { line: line.n, kind: 'format', message: `line ${line.n} is not a ledger entry` };
}

function parseSeal(text: string): ArchiveSeal | undefined {
  try {
    const seal = (JSON.parse(text) as { archive?: ArchiveSeal }).archive;
    return seal && typeof seal === 'object' && typeof seal.sha256 === 'string' ? seal : undefined;
  } catch {
    return undefined;
  }
}

/** One entry against the line before it (or, for the first, against the previous archive). */
async function entryProblem(
  file: string,
  n: number,
  entry: LedgerEntry,
  prev: { seq: number; hash: string } | undefined,
  before: { last: number; lastHash: string } | undefined,
  checkpoints: Map<number, Checkpoint>,
  verifier: CheckpointVerifier | undefined,
): Promise<ArchiveProblem | undefined> {
  const s = entry.seq;
  if (!isValid(entry)) return { line: n, seq: s, kind: 'changed', message: `entry ${s} was changed: its contents no longer match its hash` };
  if (!prev) {
    if (before && (s !== before.last + 1 || entry.prevHash !== before.lastHash)) {
      return { line: n, seq: s, kind: 'link', message: `entry ${s} does not continue the previous archive, which ends at entry ${before.last}` };
    }
    if (s === 1 && entry.prevHash !== GENESIS_HASH) return { line: n, seq: s, kind: 'changed', message: 'entry 1 was changed: it does not start from the genesis hash' };
  } else if (s > prev.seq + 1) {
    const missing = prev.seq + 1;
    const later = await lineOfSeq(file, missing, n);
    return later
      ? { line: n, seq: missing, kind: 'reordered', message: `entry ${missing} was reordered: it stands on line ${later}, after entry ${s}` }
      : { line: n, seq: missing, kind: 'removed', message: `entry ${missing} was removed: the archive jumps from entry ${prev.seq} to entry ${s}` };
  } else if (s <= prev.seq) {
    return { line: n, seq: s, kind: 'inserted', message: `entry ${s} was inserted: it follows entry ${prev.seq}` };
  } else if (entry.prevHash !== prev.hash) {
    return (await lineOfSeq(file, s, n))
      ? { line: n, seq: s, kind: 'inserted', message: `entry ${s} was inserted: it does not link to entry ${prev.seq}, and another entry ${s} follows` }
      : { line: n - 1, seq: prev.seq, kind: 'changed', message: `entry ${prev.seq} was changed and its hash recomputed: entry ${s} links to a different hash` };
  }
  const checkpoint = checkpoints.get(s);
  if (checkpoint && verifier && !verifier.verify(checkpoint)) return { line: n, seq: s, kind: 'checkpoint', message: `checkpoint ${s} is forged: its signature does not verify` };
  if (checkpoint && checkpoint.hash !== entry.hash) return { line: n, seq: s, kind: 'changed', message: `entry ${s} was changed: it no longer matches checkpoint ${s} signed at ${checkpoint.at}` };
  return undefined;
}

/** The line, after line `after`, holding entry `seq`. */
async function lineOfSeq(file: string, seq: number, after: number): Promise<number | undefined> {
  for await (const line of readLines(file)) {
    if (line.n <= after) continue;
    try {
      if ((JSON.parse(line.text) as { seq?: unknown }).seq === seq) return line.n;
    } catch {
      // not an entry
    }
  }
  return undefined;
}

function previousLink(seal: ArchiveSeal, first: number, before: Extract<ArchiveVerification, { ok: true }> | undefined): string | undefined {
  if (seal.previousArchive === null) return first === 1 ? undefined : `the archive starts at entry ${first} but names no previous archive`;
  if (!before) return undefined;
  if (seal.previousArchive.sha256 !== before.sha256 || seal.previousArchive.last !== before.last) {
    return `the archive does not continue the given previous archive (its seal names a file with SHA-256 ${seal.previousArchive.sha256.slice(0, 12)}… ending at ${seal.previousArchive.last})`;
  }
  return undefined;
}
