/**
 * Quotas: requests per minute and rows per day, counted per grant in `grant_usage` so that every
 * server process sharing the database sees the same counts. Windows are calendar minutes and days
 * in China Standard Time (UTC+8, no daylight saving): `m:2026-11-29T10:15`, `d:2026-11-29`.
 *
 * Usage is charged after the data was read and before it is returned, in one transaction: each
 * window is bumped with an atomic upsert that returns the new totals, and a total over its limit
 * rolls the whole charge back and refuses the request. A refused request therefore leaves the
 * counts as they were (a failed request changes nothing), and concurrent requests of one grant
 * queue on the usage row instead of both slipping under the limit.
 */
import type { Knex } from 'knex';
import { RateLimitedError } from '../../shared/index.js';
import type { Quota } from '../model.js';

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `YYYY-MM-DDTHH:MM` in China Standard Time. */
function cstMinute(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16);
}

export function minuteWindow(now: Date): string {
  return `m:${cstMinute(now)}`;
}

export function dayWindow(now: Date): string {
  return `d:${cstMinute(now).slice(0, 10)}`;
}

export interface Usage {
  requests: number;
  rows: number;
}

/** Whether a grant has any quota to count against (when not, nothing is written). */
export function hasQuota(quota: Quota): boolean {
  return quota.requestsPerMinute !== null || quota.rowsPerDay !== null;
}

async function bump(trx: Knex.Transaction, grantId: string, window: string, usage: Usage): Promise<Usage> {
  const result = await trx.raw(
    `insert into ?? (??, ??, ??, ??) values (?, ?, ?, ?)
     on conflict (??, ??) do update set ?? = ??.?? + excluded.??, ?? = ??.?? + excluded.??
     returning ??, ??`,
    [
      'grant_usage', 'grant_id', 'window', 'requests', 'rows',
      grantId, window, usage.requests, usage.rows,
      'grant_id', 'window',
      'requests', 'grant_usage', 'requests', 'requests',
      'rows', 'grant_usage', 'rows', 'rows',
      'requests', 'rows',
    ],
  );
  // node-postgres answers {rows: [...]}; sqlite3 answers the rows themselves.
  const rows: { requests: unknown; rows: unknown }[] = Array.isArray(result) ? result : result.rows;
  return { requests: Number(rows[0]!.requests), rows: Number(rows[0]!.rows) };
}

/**
 * Counts one request and `rows` rows against the grant's quotas at `now`; throws RateLimitedError
 * (and counts nothing) when either would go over its limit.
 */
export async function chargeQuota(knex: Knex, grantId: string, quota: Quota, rows: number, now: Date): Promise<void> {
  if (!hasQuota(quota)) return;
  const usage = { requests: 1, rows };
  await knex.transaction(async (trx) => {
    if (quota.requestsPerMinute !== null) {
      const total = await bump(trx, grantId, minuteWindow(now), usage);
      if (total.requests > quota.requestsPerMinute) {
        throw new RateLimitedError(`grant ${grantId} allows ${quota.requestsPerMinute} requests per minute`, {
          quota: 'requestsPerMinute',
          limit: quota.requestsPerMinute,
          retryAfterSeconds: 60 - now.getUTCSeconds(),
        });
      }
    }
    if (quota.rowsPerDay !== null) {
      const total = await bump(trx, grantId, dayWindow(now), usage);
      if (total.rows > quota.rowsPerDay) {
        const left = Math.max(0, quota.rowsPerDay - (total.rows - rows));
        throw new RateLimitedError(`grant ${grantId} allows ${quota.rowsPerDay} rows per day; ${left} are left today and this request returns ${rows}`, {
          quota: 'rowsPerDay',
          limit: quota.rowsPerDay,
          remaining: left,
          retryAfterSeconds: secondsToCstMidnight(now),
        });
      }
    }
  });
}

function secondsToCstMidnight(now: Date): number {
  const day = 24 * 60 * 60 * 1000;
  const cst = now.getTime() + CST_OFFSET_MS;
  return Math.ceil((day - (cst % day)) / 1000);
}
