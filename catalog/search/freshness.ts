/**
 * Freshness: the declared update cycle against the last time data arrived. Fresh within one cycle,
 * due within one and a half, stale beyond that or when nothing ever arrived. An irregular resource
 * promises no cycle, so it is fresh once anything arrived.
 */
import type { Resource, UpdateCycle } from '../model.js';

export const FRESHNESS_VALUES = ['fresh', 'due', 'stale'] as const;
export type Freshness = (typeof FRESHNESS_VALUES)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One cycle of each regular update cycle, in milliseconds. */
export const CYCLE_MS: Record<Exclude<UpdateCycle, 'irregular'>, number> = {
  'real-time': HOUR,
  daily: DAY,
  weekly: 7 * DAY,
  monthly: 31 * DAY,
  quarterly: 92 * DAY,
  yearly: 366 * DAY,
};

/** How long past one cycle a resource is still only due, as a share of the cycle. */
const GRACE = 1.5;

export function freshnessOf(resource: Pick<Resource, 'updateCycle' | 'lastSyncedAt'>, now: Date): Freshness {
  if (!resource.lastSyncedAt) return 'stale';
  if (resource.updateCycle === 'irregular') return 'fresh';
  const age = now.getTime() - new Date(resource.lastSyncedAt).getTime();
  const cycle = CYCLE_MS[resource.updateCycle];
  if (age <= cycle) return 'fresh';
  if (age <= cycle * GRACE) return 'due';
  return 'stale';
}

/**
 * The same rule as a SQL expression over `<alias>.update_cycle` and `<alias>.last_synced_at`: the
 * boundaries are bound as ISO instants computed from `now`, one per cycle, and the cycle picks its
 * own. SQLite stores the column as ISO text, so text comparison orders it; PostgreSQL compares
 * timestamptz values (the cast tells it the type of the bound boundary).
 */
export function freshnessSql(alias: string, now: Date, engine: 'sqlite' | 'postgres'): { sql: string; bindings: string[] } {
  const bindings: string[] = [];
  const placeholder = engine === 'postgres' ? 'cast(? as timestamptz)' : '?';
  const boundary = (share: number) => {
    const branches = Object.entries(CYCLE_MS).map(([cycle, ms]) => {
      bindings.push(cycle, new Date(now.getTime() - ms * share).toISOString());
      return `when ? then ${placeholder}`;
    });
    return `(case ${alias}.update_cycle ${branches.join(' ')} end)`;
  };
  const synced = `${alias}.last_synced_at`;
  const fresh = boundary(1);
  const due = boundary(GRACE);
  const sql =
    `(case when ${synced} is null then 'stale' when ${alias}.update_cycle = 'irregular' then 'fresh' ` +
    `when ${synced} >= ${fresh} then 'fresh' when ${synced} >= ${due} then 'due' else 'stale' end)`;
  return { sql, bindings };
}
