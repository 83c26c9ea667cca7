/**
 * Reading the audit ledger for supervision: grouped volume, pages by sequence number, the subject
 * index, and the cheap figures metrics scrape. Reads only: the ledger is written by `Ledger`.
 */
import type { Knex } from 'knex';
import type { Database } from '../../shared/index.js';
import { indexSubjects } from '../ledger/subjectIndex.js';
import { fromRow, type EntryRow } from '../ledger/chain.js';
import type { LedgerEntry } from '../ledger/model.js';
import type { LedgerPage, SubjectUse, VolumeDimension, VolumeGroup } from './model.js';

const HOUR_MS = 3_600_000;
/** Asia/Shanghai is UTC+08:00 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/**
 * Counts of data entries in [from, to) grouped by the given dimensions. `at` is ISO UTC text, so
 * `substr(at, 1, 13)` is its UTC hour on both engines; with a whole-hour offset each UTC hour is
 * exactly one Shanghai hour, which the bucket is turned into afterwards.
 */
export async function volumeGroups(knex: Knex, from: string, to: string, by: readonly VolumeDimension[]): Promise<VolumeGroup[]> {
  const columns = by.filter((d): d is Exclude<VolumeDimension, 'hour'> => d !== 'hour');
  const byHour = by.includes('hour');
  const q = knex('ledger_entries').where('kind', 'data').where('at', '>=', from).where('at', '<', to).count('* as count');
  for (const column of columns) q.select(column).groupBy(column);
  if (byHour) q.select(knex.raw('substr(at, 1, 13) as utc_hour')).groupByRaw('substr(at, 1, 13)');
  const rows: Record<string, unknown>[] = await q;
  const groups = rows.map((row) => {
    const group: VolumeGroup = { count: Number(row.count) };
    for (const column of columns) group[column] = (row[column] as string | null) ?? null;
    if (byHour) group.hour = shanghaiHour(String(row.utc_hour));
    return group;
  });
  return groups.sort(compareGroups(by));
}

/** `YYYY-MM-DDTHH` in UTC → the same hour in Asia/Shanghai. */
export function shanghaiHour(utcHour: string): string {
  return new Date(Date.parse(`${utcHour}:00:00.000Z`) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 13);
}

function compareGroups(by: readonly VolumeDimension[]) {
  return (a: VolumeGroup, b: VolumeGroup): number => {
    for (const d of by) {
      const x = String(a[d] ?? '');
      const y = String(b[d] ?? '');
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

/**
 * A page of entries matching `where`: after `after` oldest first, or without it the newest
 * `first`. One row more than asked tells whether more are waiting.
 */
export async function entryPage(
  knex: Knex,
  where: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  after: number | null,
  first: number,
): Promise<LedgerPage> {
  if (after === null) {
    const rows: EntryRow[] = await where(knex('ledger_entries')).orderBy('seq', 'desc').limit(first);
    const entries = rows.reverse().map(fromRow);
    return { entries, cursor: entries.at(-1)?.seq ?? 0, hasMore: false };
  }
  const rows: EntryRow[] = await where(knex('ledger_entries')).where('seq', '>', after).orderBy('seq', 'asc').limit(first + 1);
  const entries = rows.slice(0, first).map(fromRow);
  return { entries, cursor: entries.at(-1)?.seq ?? after, hasMore: rows.length > first };
}

/** Entries by their sequence numbers, in seq order (those that exist). */
export async function entriesBySeq(knex: Knex, seqs: readonly number[]): Promise<LedgerEntry[]> {
  if (!seqs.length) return [];
  const rows: EntryRow[] = await knex('ledger_entries').whereIn('seq', [...new Set(seqs)]).orderBy('seq');
  return rows.map(fromRow);
}

/** The exchanges that returned a subject (by its keyed hash), newest first; the index is brought up to date first. */
export async function subjectUses(db: Database, subject: string, first: number): Promise<SubjectUse[]> {
  await indexSubjects(db);
  const knex = db.knex;
  const rows: { seq: number | string; at: string; department: string | null; grant_id: string | null; purpose: string | null; resource: string | null; action: string }[] =
    await knex('ledger_subjects as s')
      .join('ledger_entries as e', 'e.seq', 's.seq')
      .where('s.subject', subject)
      .orderBy('s.seq', 'desc')
      .limit(first)
      .select('e.seq', 'e.at', 'e.department', 'e.grant_id', 'e.purpose', 'e.resource', 'e.action');
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    department: r.department,
    grantId: r.grant_id,
    purpose: r.purpose,
    resource: r.resource,
    action: r.action,
  }));
}

/** The seq of the newest committed entry (0 for an empty ledger). */
export async function ledgerHeadSeq(knex: Knex): Promise<number> {
  const head: { seq: number | string } | undefined = await knex('ledger_head').where({ id: 1 }).first('seq');
  return Number(head?.seq ?? 0);
}

/** The last entry the alert rules have evaluated. */
export async function alertWatermark(knex: Knex): Promise<number> {
  const row: { last_seq: number | string } | undefined = await knex('alert_watermark').where({ id: 1 }).first('last_seq');
  return Number(row?.last_seq ?? 0);
}

/** Data entries with after < seq ≤ upTo, counted by resource and outcome (one grouped scan of the seq range). */
export async function exchangeCounts(knex: Knex, after: number, upTo: number): Promise<{ resource: string; outcome: string; count: number }[]> {
  if (upTo <= after) return [];
  const rows: { resource: string | null; outcome: string; count: number | string }[] = await knex('ledger_entries')
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .where('kind', 'data')
    .groupBy('resource', 'outcome')
    .select('resource', 'outcome')
    .count('* as count');
  return rows.map((r) => ({ resource: r.resource ?? '', outcome: r.outcome, count: Number(r.count) }));
}

/** Open alerts counted by rule. */
export async function openAlertsByRule(knex: Knex): Promise<Map<string, number>> {
  const rows: { rule: string; count: number | string }[] = await knex('alerts').where('state', 'open').groupBy('rule').select('rule').count('* as count');
  return new Map(rows.map((r) => [r.rule, Number(r.count)]));
}
