/**
 * The alert rules. Each looks at a batch of new ledger entries (those after the watermark) and at
 * the entries around them it needs for its window, and says what it found. Windows are read only
 * up to the batch's last entry, so the same batch always gives the same findings. Entries without
 * a department (the public's open-data reads) are outside these rules: they watch departments.
 */
import type { Knex } from 'knex';
import { isWorkingDay, shanghaiDate } from '../calendar/workingDays.js';
import type { AlertRule, AlertSeverity, AlertThresholds } from './model.js';

/** The columns of a ledger entry the rules look at. */
export interface RuleEntry {
  seq: number;
  ms: number;
  action: string;
  department: string;
  grantId: string | null;
  rowCount: number;
  outcome: string;
  errorCode: string | null;
}

export interface Finding {
  rule: AlertRule;
  department: string;
  grantId: string | null;
  severity: AlertSeverity;
  seqs: number[];
  details: Record<string, unknown>;
}

/** The new entries and where the batch ends. */
export interface Batch {
  entries: RuleEntry[];
  lastSeq: number;
}

/** At most this many entry seqs are read for one windowed finding. */
export const MAX_ALERT_ENTRIES = 1000;
const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** Office hours in Qingyuan: 08:00 to 20:00 on working days. */
const OFFICE_OPENS = 8;
const OFFICE_CLOSES = 20;
const RATE_LIMITED = 'RATE_LIMITED';

const RULE_COLUMNS = ['seq', 'at', 'action', 'department', 'grant_id', 'row_count', 'outcome', 'error_code'] as const;

interface RuleRow {
  seq: number | string;
  at: string;
  action: string;
  department: string;
  grant_id: string | null;
  row_count: number | string;
  outcome: string;
  error_code: string | null;
}

function toRuleEntry(r: RuleRow): RuleEntry {
  return {
    seq: Number(r.seq),
    ms: Date.parse(r.at),
    action: r.action,
    department: r.department,
    grantId: r.grant_id,
    rowCount: Number(r.row_count),
    outcome: r.outcome,
    errorCode: r.error_code,
  };
}

/** Data entries of departments with after < seq ≤ upTo, oldest first. */
export async function readBatch(trx: Knex.Transaction, after: number, limit: number): Promise<{ entries: RuleEntry[]; lastSeq: number }> {
  const rows: (RuleRow & { kind: string })[] = await trx('ledger_entries')
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .select(...RULE_COLUMNS, 'kind');
  const lastSeq = rows.length ? Number(rows.at(-1)!.seq) : after;
  return { entries: rows.filter((r) => r.kind === 'data' && r.department !== null).map(toRuleEntry), lastSeq };
}

/** Every rule over one batch. */
export async function runRules(trx: Knex.Transaction, batch: Batch, t: AlertThresholds): Promise<Finding[]> {
  return [
    ...(await volumeSpikes(trx, batch, t)),
    ...offHoursBulk(batch, t),
    ...(await deniedBursts(trx, batch, t)),
    ...quotaExhaustion(batch),
    ...(await verifyEnumeration(trx, batch, t)),
  ];
}

const iso = (ms: number) => new Date(ms).toISOString();

function groupBy<K>(entries: readonly RuleEntry[], key: (e: RuleEntry) => K): Map<K, RuleEntry[]> {
  const groups = new Map<K, RuleEntry[]>();
  for (const e of entries) {
    const k = key(e);
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
  }
  return groups;
}

/** Data entries of one department (or grant) in (fromMs, toMs] up to the batch's end. */
function windowQuery(trx: Knex.Transaction, batch: Batch, scope: { department?: string; grantId?: string }, fromMs: number, toMs: number) {
  const q = trx('ledger_entries').where('kind', 'data').where('seq', '<=', batch.lastSeq).where('at', '>', iso(fromMs)).where('at', '<=', iso(toMs));
  if (scope.department !== undefined) q.where('department', scope.department);
  if (scope.grantId !== undefined) q.where('grant_id', scope.grantId);
  return q;
}

async function countIn(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.count('* as n').first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * (a) A department's data entries in the hour up to its newest new entry of each hour above
 * `spikeFactor` × its average hourly volume over the `baselineDays` days before that hour.
 */
async function volumeSpikes(trx: Knex.Transaction, batch: Batch, t: AlertThresholds): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [department, entries] of groupBy(batch.entries, (e) => e.department)) {
    // One evaluation point per hour the new entries span: the newest entry of that hour.
    const ends = [...groupBy(entries, (e) => Math.floor(e.ms / HOUR_MS)).values()].map((list) => list.at(-1)!.ms);
    for (const end of ends) {
      const start = end - HOUR_MS;
      const hourCount = await countIn(windowQuery(trx, batch, { department }, start, end));
      if (hourCount <= t.spikeMinimum) continue;
      const baselineCount = await countIn(windowQuery(trx, batch, { department }, start - t.baselineDays * 24 * HOUR_MS, start));
      const baselinePerHour = baselineCount / (t.baselineDays * 24);
      if (hourCount <= t.spikeFactor * baselinePerHour) continue;
      const rows: { seq: number | string }[] = await windowQuery(trx, batch, { department }, start, end).orderBy('seq', 'desc').limit(MAX_ALERT_ENTRIES).select('seq');
      findings.push({
        rule: 'volume-spike',
        department,
        grantId: null,
        severity: 'high',
        seqs: rows.map((r) => Number(r.seq)),
        details: {
          hourCount,
          baselinePerHour: Math.round(baselinePerHour * 100) / 100,
          factor: t.spikeFactor,
          minimum: t.spikeMinimum,
          windowStart: iso(start),
          windowEnd: iso(end),
        },
      });
    }
  }
  return findings;
}

/** Whether an instant falls outside office hours in Qingyuan: 20:00–08:00, or a non-working day. */
export function isOffHours(ms: number): boolean {
  const hour = new Date(ms + SHANGHAI_OFFSET_MS).getUTCHours();
  return hour < OFFICE_OPENS || hour >= OFFICE_CLOSES || !isWorkingDay(shanghaiDate(new Date(ms)));
}

/** (b) Reads returning more than `bulkRows` rows out of office hours. */
function offHoursBulk(batch: Batch, t: AlertThresholds): Finding[] {
  const bulk = batch.entries.filter((e) => e.outcome === 'allowed' && e.rowCount > t.bulkRows && isOffHours(e.ms));
  return [...groupBy(bulk, (e) => e.department)].map(([department, entries]) => ({
    rule: 'off-hours-bulk' as const,
    department,
    grantId: null,
    severity: 'high' as const,
    seqs: entries.map((e) => e.seq),
    details: { reads: entries.length, rows: entries.reduce((n, e) => n + e.rowCount, 0), largest: Math.max(...entries.map((e) => e.rowCount)), threshold: t.bulkRows },
  }));
}

/**
 * The entries of `all` (oldest first) in windows of `windowMs` ending at a new entry that hold at
 * least `atLeast` entries, and the most any window held.
 */
export function crowdedWindows(all: readonly RuleEntry[], isNew: (e: RuleEntry) => boolean, windowMs: number, atLeast: number): { seqs: number[]; most: number } {
  const seqs = new Set<number>();
  let most = 0;
  let left = 0;
  for (let right = 0; right < all.length; right++) {
    const end = all[right]!.ms;
    while (all[left]!.ms <= end - windowMs) left++;
    if (!isNew(all[right]!)) continue;
    const count = right - left + 1;
    most = Math.max(most, count);
    if (count >= atLeast) for (let i = left; i <= right; i++) seqs.add(all[i]!.seq);
  }
  return { seqs: [...seqs].sort((a, b) => a - b).slice(-MAX_ALERT_ENTRIES), most };
}

/** Entries of one scope around the new ones: from `windowMs` before the first to the last. */
async function around(trx: Knex.Transaction, batch: Batch, scope: { department?: string; grantId?: string }, fresh: RuleEntry[], windowMs: number, where: (q: Knex.QueryBuilder) => void): Promise<RuleEntry[]> {
  const q = windowQuery(trx, batch, scope, fresh[0]!.ms - windowMs, fresh.at(-1)!.ms);
  where(q);
  const rows: RuleRow[] = await q.orderBy([{ column: 'at' }, { column: 'seq' }]).select(...RULE_COLUMNS);
  return rows.map(toRuleEntry);
}

const isBurstDenial = (e: { outcome: string; errorCode: string | null }) => e.outcome === 'denied' && e.errorCode !== RATE_LIMITED;

/** (c) At least `deniedBurst` denied requests from one department within `deniedWindowMs` (quota refusals have their own rule). */
async function deniedBursts(trx: Knex.Transaction, batch: Batch, t: AlertThresholds): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [department, fresh] of groupBy(batch.entries.filter(isBurstDenial), (e) => e.department)) {
    fresh.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
    const all = await around(trx, batch, { department }, fresh, t.deniedWindowMs, (q) =>
      q.where('outcome', 'denied').where((w) => w.whereNull('error_code').orWhereNot('error_code', RATE_LIMITED)),
    );
    const freshSeqs = new Set(fresh.map((e) => e.seq));
    const { seqs, most } = crowdedWindows(all, (e) => freshSeqs.has(e.seq), t.deniedWindowMs, t.deniedBurst);
    if (!seqs.length) continue;
    findings.push({
      rule: 'denied-burst',
      department,
      grantId: null,
      severity: 'medium',
      seqs,
      details: { mostInWindow: most, windowMinutes: t.deniedWindowMs / 60_000, threshold: t.deniedBurst },
    });
  }
  return findings;
}

/** (d) Requests refused for an exhausted quota, per department and grant. */
function quotaExhaustion(batch: Batch): Finding[] {
  const limited = batch.entries.filter((e) => e.errorCode === RATE_LIMITED);
  return [...groupBy(limited, (e) => `${e.department}\u0000${e.grantId ?? ''}`).values()].map((entries) => ({
    rule: 'quota-exhausted' as const,
    department: entries[0]!.department,
    grantId: entries[0]!.grantId,
    severity: 'low' as const,
    seqs: entries.map((e) => e.seq),
    details: { refused: entries.length },
  }));
}

/** (e) More than `verifyPerMinute` verify calls within one minute on one grant: someone enumerating keys. */
async function verifyEnumeration(trx: Knex.Transaction, batch: Batch, t: AlertThresholds): Promise<Finding[]> {
  const findings: Finding[] = [];
  const verifies = batch.entries.filter((e) => e.action === 'verify' && e.grantId !== null);
  for (const [grantId, fresh] of groupBy(verifies, (e) => e.grantId!)) {
    fresh.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
    const all = await around(trx, batch, { grantId }, fresh, 60_000, (q) => q.where('action', 'verify'));
    const freshSeqs = new Set(fresh.map((e) => e.seq));
    const { seqs, most } = crowdedWindows(all, (e) => freshSeqs.has(e.seq), 60_000, t.verifyPerMinute + 1);
    if (!seqs.length) continue;
    findings.push({
      rule: 'verify-enumeration',
      department: fresh[0]!.department,
      grantId,
      severity: 'high',
      seqs,
      details: { mostPerMinute: most, threshold: t.verifyPerMinute },
    });
  }
  return findings;
}
