/**
 * Run history in `adapter_runs`. A run's `running` row is also its lock: a unique index allows one
 * per resource, and a heartbeat keeps it fresh. A lock whose process is gone (same host, no such
 * pid) or whose heartbeat is older than two minutes is taken over, its run marked failed.
 */
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { type Database, ConflictError } from '../../shared/index.js';
import type { RunReport, RunStatus, SyncMode } from '../model.js';

export const STALE_AFTER_MS = 2 * 60_000;

export interface RunRow {
  id: number;
  resource: string;
  mode: SyncMode;
  status: RunStatus;
  host: string;
  pid: number;
  heartbeat_at: string;
  started_at: string;
  finished_at: string | null;
  read: number | string;
  loaded: number | string;
  updated: number | string;
  unchanged: number | string;
  quarantined: number | string;
  superseded: number | string;
  duration_ms: number | null;
  error: string | null;
}

/** The counters of a run, written as it goes so that its row shows progress. */
export type RunCounts = Pick<RunReport, 'read' | 'loaded' | 'updated' | 'unchanged' | 'quarantined' | 'superseded'>;

export function toReport(row: RunRow): RunReport {
  return {
    id: row.id,
    resource: row.resource,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    read: Number(row.read),
    loaded: Number(row.loaded),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    quarantined: Number(row.quarantined),
    superseded: Number(row.superseded),
    durationMs: row.duration_ms,
    error: row.error,
  };
}

export function holderOf(row: Pick<RunRow, 'host' | 'pid' | 'id'>): string {
  return `${row.host}:${row.pid}:${row.id}`;
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Why a running row no longer holds its lock, or undefined while it does. */
export function staleness(row: RunRow, now: Date): string | undefined {
  if (row.host === hostname() && row.pid !== process.pid && processGone(row.pid)) return `its process ${holderOf(row)} is gone`;
  const silentMs = now.getTime() - new Date(row.heartbeat_at).getTime();
  if (silentMs > STALE_AFTER_MS) return `${holderOf(row)} sent no heartbeat for ${Math.round(silentMs / 1000)} s`;
  return undefined;
}

/**
 * Starts a run of a resource: takes over a stale lock (marking that run failed as interrupted),
 * then inserts the running row. A live lock is a ConflictError naming the run that holds it.
 */
export async function startRun(db: Database, resource: string, mode: SyncMode, now: Date): Promise<RunRow> {
  const at = now.toISOString();
  const running: RunRow | undefined = await db.knex('adapter_runs').where({ resource, status: 'running' }).first();
  if (running) {
    const why = staleness(running, now);
    if (!why) throw new ConflictError(`resource "${resource}" is already being synced by run ${running.id} (${holderOf(running)})`, { runId: running.id });
    // Compare-and-set on the heartbeat seen: of several takers, one marks it; the unique index settles the rest.
    await db.knex('adapter_runs')
      .where({ id: running.id, status: 'running', heartbeat_at: running.heartbeat_at })
      .update({ status: 'failed', finished_at: at, error: `interrupted: ${why}` });
  }
  try {
    const [inserted] = await db.knex('adapter_runs')
      .insert({ resource, mode, status: 'running', host: hostname(), pid: process.pid, heartbeat_at: at, started_at: at })
      .returning('*');
    return inserted as RunRow;
  } catch (err) {
    const translated = db.dialect.translateError(err);
    if (!(translated instanceof ConflictError)) throw err;
    const other: RunRow | undefined = await db.knex('adapter_runs').where({ resource, status: 'running' }).first();
    throw new ConflictError(`resource "${resource}" is already being synced${other ? ` by run ${other.id} (${holderOf(other)})` : ''}`, other ? { runId: other.id } : undefined);
  }
}

/** Writes the counters and a fresh heartbeat; false when the run no longer holds its lock. */
export async function touchRun(q: Knex | Knex.Transaction, id: number, counts: Partial<RunCounts>, now: Date): Promise<boolean> {
  const updated = await q('adapter_runs').where({ id, status: 'running' }).update({ ...counts, heartbeat_at: now.toISOString() });
  return updated === 1;
}

export async function finishRun(q: Knex | Knex.Transaction, run: RunRow, status: Exclude<RunStatus, 'running'>, counts: RunCounts, now: Date, error?: string): Promise<void> {
  const updated = await q('adapter_runs')
    .where({ id: run.id, status: 'running' })
    .update({
      ...counts,
      status,
      finished_at: now.toISOString(),
      heartbeat_at: now.toISOString(),
      duration_ms: Math.max(0, now.getTime() - new Date(run.started_at).getTime()),
      error: error ?? null,
    });
  if (updated !== 1) throw new ConflictError(`run ${run.id} lost its lock to another run before it could finish`);
}

/**
 * Keeps a run's lock fresh every `intervalMs` with its current counters. `lost` turns true when
 * another run took the lock over; the run then stops at its next batch.
 */
export function startHeartbeat(db: Database, run: RunRow, counts: () => RunCounts, intervalMs: number, now: () => Date) {
  const state = { lost: false, stop: () => clearInterval(timer) };
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    touchRun(db.knex, run.id, { read: counts().read, quarantined: counts().quarantined }, now())
      .then((held) => {
        if (!held) state.lost = true;
      })
      .catch(() => {}) // a busy database delays a beat; two minutes of them make the lock stale
      .finally(() => {
        beating = false;
      });
  }, intervalMs);
  timer.unref();
  return state;
}
