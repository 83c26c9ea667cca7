/**
 * Naming the first bad entry. When the walk meets an entry that does not follow from the verified
 * entries before it, the hashes say what happened: every entry's hash covers its own seq and the
 * hash of the entry it was appended after, so a row moved to another seq still proves where it
 * came from, and a row whose predecessor is missing still names that predecessor's hash. An
 * attacker with SQL access can rewrite rows, renumber them and recompute hashes; each such edit
 * leaves one of the patterns below.
 */
import { entryHash } from './chain.js';
import type { LedgerEntry } from './model.js';

export type TamperKind = 'changed' | 'removed' | 'inserted' | 'reordered';

export interface Tampering {
  seq: number;
  kind: TamperKind;
  message: string;
}

/** The last verified point of the chain: seq 0 and the genesis hash before the first entry. */
export interface Link {
  seq: number;
  hash: string;
}

/** Lookups over the ledger as the walk sees it (one snapshot). */
export interface ChainReader {
  entryAt(seq: number): Promise<LedgerEntry | undefined>;
  /** The first entry with a seq above `seq`. */
  entryAfter(seq: number): Promise<LedgerEntry | undefined>;
  seqsWithHash(hash: string): Promise<number[]>;
  seqsWithPrevHash(hash: string): Promise<number[]>;
}

/** Rows renumbered by more than this are still found through the hash lookups (moved, copied). */
const NEARBY = 64;

function validAt(entry: LedgerEntry, seq: number): boolean {
  return entryHash({ ...entry, seq }) === entry.hash;
}

export function isValid(entry: LedgerEntry): boolean {
  return validAt(entry, entry.seq);
}

/** The seq an entry's hash was sealed at, when it is not where it stands now. */
async function originOf(entry: LedgerEntry, reader: ChainReader): Promise<number | undefined> {
  const s = entry.seq;
  const candidates = new Set<number>();
  for (const j of await reader.seqsWithHash(entry.prevHash)) candidates.add(j + 1); // its old predecessor is still there
  for (const j of await reader.seqsWithHash(entry.hash)) candidates.add(j); // a copy of a row still in place
  for (const j of await reader.seqsWithPrevHash(entry.hash)) candidates.add(j - 1); // its old successor is still there
  for (let k = 1; k <= NEARBY; k++) candidates.add(s + k).add(s - k);
  for (const d of candidates) if (d >= 1 && d !== s && validAt(entry, d)) return d;
  return undefined;
}

/**
 * Classifies the first entry that breaks the chain after `prev` (everything up to `prev` verified).
 * `entry` is the row found next in seq order.
 */
export async function locateTampering(prev: Link, entry: LedgerEntry, reader: ChainReader): Promise<Tampering> {
  const s = entry.seq;
  if (s > prev.seq + 1) {
    const range = s - prev.seq > 2 ? `entries ${prev.seq + 1}–${s - 1} were removed` : `entry ${prev.seq + 1} was removed`;
    return { seq: prev.seq + 1, kind: 'removed', message: `${range}: the ledger jumps from entry ${prev.seq} to entry ${s}` };
  }
  if (s <= prev.seq) return { seq: s, kind: 'inserted', message: `entry ${s} was inserted: its seq is outside the chain, which starts at 1` };
  const valid = isValid(entry);
  const linked = entry.prevHash === prev.hash;
  if (valid) return linkBroken(prev, entry, reader);
  if (linked) return contentChanged(prev, entry, reader);
  return misplaced(prev, entry, reader);
}

/** The entry's own hash holds but it links elsewhere: it was forged, or its predecessor re-hashed. */
async function linkBroken(prev: Link, entry: LedgerEntry, reader: ChainReader): Promise<Tampering> {
  const s = entry.seq;
  const targets = await reader.seqsWithHash(entry.prevHash);
  const later = targets.find((j) => j > s);
  if (later !== undefined) {
    return { seq: s, kind: 'reordered', message: `entry ${s} was reordered: it was appended after entry ${later}, which now stands later in the chain` };
  }
  const earlier = targets.find((j) => j < prev.seq);
  if (earlier !== undefined) {
    return { seq: s, kind: 'inserted', message: `entry ${s} was inserted: it links to entry ${earlier}, not to entry ${prev.seq} before it` };
  }
  if (prev.seq === 0) return { seq: s, kind: 'changed', message: `entry ${s} was changed: it does not start from the genesis hash` };
  if (!(await reader.entryAfter(s))) {
    return { seq: s, kind: 'inserted', message: `entry ${s} was inserted: it does not link to entry ${prev.seq} before it` };
  }
  return {
    seq: prev.seq,
    kind: 'changed',
    message: `entry ${prev.seq} was changed and its hash recomputed: entry ${s} still links to the hash entry ${prev.seq} had when it was appended`,
  };
}

/** The entry links correctly but its contents no longer match its hash. */
async function contentChanged(prev: Link, entry: LedgerEntry, reader: ChainReader): Promise<Tampering> {
  const s = entry.seq;
  const next = await reader.entryAfter(s);
  // A forged row slid in before the original, which was renumbered one down and still links to `prev`.
  if (next && next.prevHash === prev.hash && next.prevHash !== entry.hash) {
    return { seq: s, kind: 'inserted', message: `entry ${s} was inserted: the entry after it was appended right after entry ${prev.seq}` };
  }
  return { seq: s, kind: 'changed', message: `entry ${s} was changed: its contents no longer match its hash` };
}

/** Neither the hash nor the link holds: the row belongs elsewhere, or was forged outright. */
async function misplaced(prev: Link, entry: LedgerEntry, reader: ChainReader): Promise<Tampering> {
  const s = entry.seq;
  const origin = await originOf(entry, reader);
  if (origin === undefined) return unexplained(prev, entry, reader);
  if (origin > s) {
    // Entry `origin` stands at `s`. If the entries it was appended after are still somewhere, they
    // were moved (reordered); if they are gone, they were removed and the rest renumbered.
    const predecessor = await reader.seqsWithHash(entry.prevHash);
    if (predecessor.length) {
      const swapped = await reader.entryAt(origin);
      const pair = swapped && validAt(swapped, s) ? `entries ${s} and ${origin} were swapped` : `entry ${origin} was moved to ${s}`;
      return { seq: s, kind: 'reordered', message: `entry ${s} was reordered: ${pair}` };
    }
    const range = origin - s > 1 ? `entries ${s}–${origin - 1} were removed` : `entry ${s} was removed`;
    return { seq: s, kind: 'removed', message: `${range} and the later entries renumbered: entry ${s} now holds entry ${origin}` };
  }
  const original = await reader.entryAt(origin);
  if (original && original.hash === entry.hash) {
    return { seq: s, kind: 'inserted', message: `entry ${s} was inserted: it is a copy of entry ${origin}` };
  }
  const range = s - origin > 1 ? `entries ${origin}–${s - 1} were inserted` : `entry ${origin} was inserted`;
  return { seq: origin, kind: 'inserted', message: `${range} and the later entries renumbered: entry ${s} holds entry ${origin}` };
}

/** No seq makes the row's hash hold: judge by its neighbour. */
async function unexplained(prev: Link, entry: LedgerEntry, reader: ChainReader): Promise<Tampering> {
  const s = entry.seq;
  const next = await reader.entryAfter(s);
  if (next && next.prevHash === prev.hash) {
    return { seq: s, kind: 'inserted', message: `entry ${s} was inserted: the entry after it was appended right after entry ${prev.seq}` };
  }
  if (next && next.prevHash === entry.hash && !isValid(next)) {
    return { seq: s, kind: 'removed', message: `entries were removed at ${s} and the later entries renumbered: entry ${s} does not follow entry ${prev.seq}` };
  }
  return { seq: s, kind: 'changed', message: `entry ${s} was changed: neither its hash nor its link to entry ${prev.seq} holds` };
}
