/**
 * Runs each bound resource when its data is older than its update cycle (or the binding's
 * `scheduleMinutes`). One resource at a time; a tick still running when the next is due is not
 * stacked on, and a resource whose lock another process holds is skipped until a later tick.
 */
import type { Catalog, UpdateCycle } from '../../catalog/index.js';
import { ConflictError, describeErrorForLog, periodic, type Logger, type Periodic } from '../../shared/index.js';
import type { SourceBindings, StoredBinding } from '../bindings.js';
import type { SyncRunner } from './SyncRunner.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How old a resource's data may get before the scheduler syncs it again; null: never scheduled. */
export const CYCLE_INTERVAL_MS: Record<UpdateCycle, number | null> = {
  'real-time': 5 * MINUTE,
  daily: DAY,
  weekly: 7 * DAY,
  monthly: 30 * DAY,
  quarterly: 91 * DAY,
  yearly: 365 * DAY,
  irregular: null,
};

/** A failed run is retried after its interval, but at least every half hour. */
const MAX_RETRY_MS = 30 * MINUTE;

export interface SchedulerOptions {
  logger: Logger;
  now?: () => Date;
  intervalMs: number;
}

export function intervalOf(binding: Pick<StoredBinding, 'scheduleMinutes'>, cycle: UpdateCycle): number | null {
  if (binding.scheduleMinutes !== undefined) return binding.scheduleMinutes === 0 ? null : binding.scheduleMinutes * MINUTE;
  return CYCLE_INTERVAL_MS[cycle];
}

/** The resources due now, by code. */
export async function dueResources(runner: SyncRunner, bindings: SourceBindings, catalog: Catalog, now: Date): Promise<string[]> {
  const scheduled = (await bindings.list()).filter((b) => !b.live);
  const resources = new Map((await catalog.getResources(scheduled.map((b) => b.resource))).map((r) => [r.code, r]));
  const due: string[] = [];
  for (const binding of scheduled) {
    const resource = resources.get(binding.resource);
    const interval = resource && resource.status === 'published' ? intervalOf(binding, resource.updateCycle) : null;
    if (interval === null || !resource) continue;
    if (resource.lastSyncedAt && now.getTime() - new Date(resource.lastSyncedAt).getTime() < interval) continue;
    const [last] = await runner.runs(resource.code, 1);
    if (last && last.status !== 'succeeded' && now.getTime() - new Date(last.startedAt).getTime() < Math.min(interval, MAX_RETRY_MS)) continue;
    due.push(resource.code);
  }
  return due;
}

/** Syncs every resource due now, one at a time, until `signal` aborts (which also aborts the run in progress). */
export async function runDueSyncs(runner: SyncRunner, bindings: SourceBindings, catalog: Catalog, options: SchedulerOptions, signal: AbortSignal): Promise<void> {
  const now = options.now ?? (() => new Date());
  for (const code of await dueResources(runner, bindings, catalog, now())) {
    if (signal.aborted) return;
    try {
      const report = await runner.run(code, { signal });
      const level = report.status === 'succeeded' ? 'info' : 'warn';
      options.logger[level]({ run: report.id, resource: code, status: report.status, read: report.read, quarantined: report.quarantined, error: report.error }, 'scheduled sync');
    } catch (err) {
      if (err instanceof ConflictError) options.logger.debug({ resource: code }, 'scheduled sync skipped: a run is in progress');
      else options.logger.error({ resource: code, err: describeErrorForLog(err) }, 'scheduled sync could not start');
    }
  }
}

/** The scheduler as a periodic task for the composition root to start and stop. */
export function syncScheduler(runner: SyncRunner, bindings: SourceBindings, catalog: Catalog, options: SchedulerOptions): Periodic {
  return periodic('sync scheduler', (signal) => runDueSyncs(runner, bindings, catalog, options, signal), {
    intervalMs: options.intervalMs,
    onError: (err) => options.logger.error({ err: describeErrorForLog(err) }, 'sync scheduler tick failed'),
  });
}

/** Starts a scheduler at once; the returned function stops it, aborting a run in progress and waiting for it. */
export function startSyncScheduler(runner: SyncRunner, bindings: SourceBindings, catalog: Catalog, options: SchedulerOptions): () => Promise<void> {
  const scheduler = syncScheduler(runner, bindings, catalog, options);
  scheduler.start();
  return () => scheduler.stop();
}
