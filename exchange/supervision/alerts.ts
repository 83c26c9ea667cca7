/**
 * Alerts: evaluating the rules over the entries appended since the last evaluation, and storing
 * what they find. The watermark row is locked first and advanced in the transaction that stores
 * the alerts, so of several processes evaluating at once each entry is seen by exactly one, and
 * running the evaluation again finds nothing new to do.
 *
 * A finding joins the open alert of the same rule, department and grant when there is one (an
 * ongoing incident stays one alert that grows); once acknowledged, new activity opens a new alert.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { type Database, ConflictError, NotFoundError, writeTransaction } from '../../shared/index.js';
import { MAX_ALERT_ENTRIES, readBatch, runRules, type Finding } from './alertRules.js';
import type { Alert, AlertEvaluation, AlertRule, AlertSeverity, AlertState, AlertThresholds } from './model.js';

/** Entries evaluated per transaction; a longer backlog takes several. */
const BATCH = 5000;

interface AlertRow {
  id: string;
  rule: string;
  department: string | null;
  grant_id: string | null;
  severity: string;
  state: string;
  first_seq: number | string;
  last_seq: number | string;
  entry_seqs: string;
  details: string;
  created_at: string;
  updated_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}

function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    rule: r.rule as AlertRule,
    department: r.department,
    grantId: r.grant_id,
    severity: r.severity as AlertSeverity,
    state: r.state as AlertState,
    firstSeq: Number(r.first_seq),
    lastSeq: Number(r.last_seq),
    entrySeqs: JSON.parse(r.entry_seqs) as number[],
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
  };
}

export interface EvaluateOptions {
  thresholds: AlertThresholds;
  newId?: () => string;
}

/** Evaluates every entry after the watermark; returns what was evaluated and how many alerts were opened or grew. */
export async function evaluateAlerts(db: Database, now: Date, options: EvaluateOptions): Promise<AlertEvaluation> {
  const newId = options.newId ?? randomUUID;
  const total: AlertEvaluation = { fromSeq: -1, toSeq: 0, created: 0, updated: 0 };
  for (;;) {
    const step = await writeTransaction(db, async (trx) => {
      const watermark = await lockWatermark(db, trx);
      const batch = await readBatch(trx, watermark, BATCH);
      if (batch.lastSeq === watermark) return { from: watermark, to: watermark, created: 0, updated: 0 };
      const findings = await runRules(trx, batch, options.thresholds);
      let created = 0;
      let updated = 0;
      for (const finding of findings) {
        if (await store(trx, finding, now, newId)) created++;
        else updated++;
      }
      await trx('alert_watermark').where({ id: 1 }).update({ last_seq: batch.lastSeq, evaluated_at: now.toISOString() });
      return { from: watermark, to: batch.lastSeq, created, updated };
    });
    if (total.fromSeq < 0) total.fromSeq = step.from;
    total.toSeq = step.to;
    total.created += step.created;
    total.updated += step.updated;
    if (step.to - step.from < BATCH) return total;
  }
}

/** The watermark, locked for this transaction (SQLite's write transaction already holds the database lock). */
async function lockWatermark(db: Database, trx: Knex.Transaction): Promise<number> {
  const q = trx('alert_watermark').where({ id: 1 }).first('last_seq');
  const row: { last_seq: number | string } | undefined = db.dialect.name === 'postgres' ? await q.forUpdate() : await q;
  return Number(row?.last_seq ?? 0);
}

/** Adds a finding to its open alert, or opens one; true when opened. */
async function store(trx: Knex.Transaction, f: Finding, now: Date, newId: () => string): Promise<boolean> {
  const at = now.toISOString();
  const open: AlertRow | undefined = await trx('alerts')
    .where({ rule: f.rule, department: f.department, state: 'open' })
    .where((w) => (f.grantId === null ? w.whereNull('grant_id') : w.where('grant_id', f.grantId)))
    .orderBy('created_at', 'desc')
    .first();
  if (open) {
    const seqs = [...new Set([...(JSON.parse(open.entry_seqs) as number[]), ...f.seqs])].sort((a, b) => a - b).slice(-MAX_ALERT_ENTRIES);
    await trx('alerts')
      .where({ id: open.id })
      .update({
        first_seq: Math.min(Number(open.first_seq), ...f.seqs),
        last_seq: Math.max(Number(open.last_seq), ...f.seqs),
        entry_seqs: JSON.stringify(seqs),
        details: JSON.stringify(f.details),
        updated_at: at,
      });
    return false;
  }
  const seqs = [...f.seqs].sort((a, b) => a - b);
  await trx('alerts').insert({
    id: newId(),
    rule: f.rule,
    department: f.department,
    grant_id: f.grantId,
    severity: f.severity,
    state: 'open',
    first_seq: seqs[0],
    last_seq: seqs.at(-1),
    entry_seqs: JSON.stringify(seqs.slice(-MAX_ALERT_ENTRIES)),
    details: JSON.stringify(f.details),
    created_at: at,
    updated_at: at,
  });
  return true;
}

/** Alerts, newest activity first, optionally in one state. */
export async function listAlerts(knex: Knex, state: AlertState | null, first: number): Promise<Alert[]> {
  const q = knex('alerts').orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id' }]).limit(first);
  if (state) q.where('state', state);
  return ((await q) as AlertRow[]).map(toAlert);
}

export async function getAlert(knex: Knex, id: string): Promise<Alert> {
  const row: AlertRow | undefined = await knex('alerts').where({ id }).first();
  if (!row) throw new NotFoundError(`alert "${id}" not found`);
  return toAlert(row);
}

/** Marks an open alert seen by `accountId`. */
export async function acknowledgeAlert(db: Database, id: string, accountId: string, now: Date): Promise<Alert> {
  return writeTransaction(db, async (trx) => {
    const changed = await trx('alerts').where({ id, state: 'open' }).update({ state: 'acknowledged', acknowledged_by: accountId, acknowledged_at: now.toISOString() });
    if (changed !== 1) {
      await getAlert(trx, id);
      throw new ConflictError(`alert "${id}" is already acknowledged`);
    }
    return getAlert(trx, id);
  });
}
