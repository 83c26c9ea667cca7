/** Reading run history and a run's quarantined rows (by cursor). */
import type { Knex } from 'knex';
import { InputError, NotFoundError } from '../../shared/index.js';
import type { QuarantinedRow, RunReport } from '../model.js';
import { toReport, type RunRow } from './runRecords.js';

export const MAX_PAGE = 1000;

interface QuarantineRow {
  id: number | string;
  run_id: number;
  resource: string;
  position: number | string;
  field: string | null;
  reason: string;
  source_values: string;
}

export async function readRun(knex: Knex, id: number): Promise<RunReport> {
  const row: RunRow | undefined = await knex('adapter_runs').where({ id }).first();
  if (!row) throw new NotFoundError(`sync run ${id} not found`);
  return toReport(row);
}

/** Runs newest first, of one resource (code) or all. */
export async function listRuns(knex: Knex, resource: string | undefined, limit: number): Promise<RunReport[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new InputError('invalid run listing', [{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE}` }]);
  const q = knex('adapter_runs').orderBy('id', 'desc').limit(limit);
  if (resource !== undefined) q.where({ resource });
  return ((await q) as RunRow[]).map(toReport);
}

function encodeCursor(id: number): string {
  return Buffer.from(`q:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const m = /^q:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

/** A run's quarantined rows in source order of recording, `first` at a time after the cursor `after`. */
export async function readQuarantine(knex: Knex, runId: number, page: { first?: number; after?: string }): Promise<{ rows: QuarantinedRow[]; next?: string }> {
  const first = page.first ?? 100;
  const problems = [];
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) problems.push({ field: 'first', message: `must be an integer from 1 to ${MAX_PAGE}` });
  const after = page.after === undefined ? 0 : decodeCursor(page.after);
  if (after === undefined) problems.push({ field: 'after', message: 'is not a cursor of this list' });
  if (problems.length) throw new InputError('invalid quarantine page', problems);
  await readRun(knex, runId);
  const found: QuarantineRow[] = await knex('adapter_quarantine')
    .where({ run_id: runId })
    .andWhere('id', '>', after!)
    .orderBy('id')
    .limit(first + 1);
  const rows = found.slice(0, first).map((r) => ({
    runId: r.run_id,
    resource: r.resource,
    position: Number(r.position),
    field: r.field,
    reason: r.reason,
    values: JSON.parse(r.source_values) as Record<string, unknown>,
  }));
  return found.length > first ? { rows, next: encodeCursor(Number(found[first - 1]!.id)) } : { rows };
}
