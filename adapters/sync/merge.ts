/**
 * Incremental and upsert runs: the staging table is merged into the resource's table in chunks of
 * staging row ids, each chunk one transaction that counts its new, changed and unchanged rows and
 * then upserts by the key, touching (and stamping `_loaded_at` on) only new and changed rows. A
 * crash leaves whole chunks applied; running again applies the rest and finds the others unchanged.
 */
import type { Knex } from 'knex';
import { type Database, writeTransaction } from '../../shared/index.js';

export interface MergeContext {
  db: Database;
  table: string;
  staging: string;
  keyColumn: string;
  /** The current items' columns (older versions' columns are left as they are). */
  columns: string[];
  chunkRows: number;
  /** Throws to stop between chunks (an aborted run). */
  check?: () => void;
}

export interface ChunkCounts {
  loaded: number;
  updated: number;
  unchanged: number;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** The SQL of one chunk, built once per run. `?`s: the chunk's first id, then (bounded) the next chunk's first id. */
function chunkStatements(ctx: MergeContext) {
  const { dialect } = ctx.db;
  const [t, s, key] = [quote(ctx.table), quote(ctx.staging), quote(ctx.keyColumn)];
  const others = ctx.columns.filter((c) => c !== ctx.keyColumn).map(quote);
  const all = ctx.columns.map(quote);
  const changedIn = (left: string, right: string) => (others.length ? others.map((c) => dialect.distinct(`${left}.${c}`, `${right}.${c}`)).join(' OR ') : '1 = 0');
  const range = (alias: string, bounded: boolean) => `${alias}._row_id >= ?${bounded ? ` AND ${alias}._row_id < ?` : ''}`;
  const count = (bounded: boolean) =>
    `SELECT count(*) AS n, sum(CASE WHEN l._row_id IS NULL THEN 1 ELSE 0 END) AS fresh, ` +
    `sum(CASE WHEN l._row_id IS NOT NULL AND (${changedIn('l', 's')}) THEN 1 ELSE 0 END) AS changed ` +
    `FROM ${s} s LEFT JOIN ${t} l ON l.${key} = s.${key} WHERE ${range('s', bounded)}`;
  const conflict = others.length
    ? `DO UPDATE SET ${[...others, '"_loaded_at"'].map((c) => `${c} = excluded.${c}`).join(', ')} WHERE ${changedIn(t, 'excluded')}`
    : 'DO NOTHING';
  const upsert = (bounded: boolean) =>
    `INSERT INTO ${t} (${all.join(', ')}, "_loaded_at") SELECT ${all.join(', ')}, "_loaded_at" FROM ${s} s WHERE ${range('s', bounded)} ON CONFLICT (${key}) ${conflict}`;
  return { count, upsert };
}

/**
 * Merges staging into the table chunk by chunk. `onChunk` runs inside each chunk's transaction
 * with that chunk's counts and whether it is the last, so the caller can record progress and, with
 * the last chunk, the watermark and the run's success. An empty staging table is one empty last chunk.
 */
export async function mergeStaging(ctx: MergeContext, onChunk: (trx: Knex.Transaction, counts: ChunkCounts, last: boolean) => Promise<void>): Promise<void> {
  const { knex } = ctx.db;
  const sql = chunkStatements(ctx);
  const first = await knex(ctx.staging).min({ id: '_row_id' }).first();
  let from: number | null = first?.id === null || first?.id === undefined ? null : Number(first.id);
  if (from === null) {
    await writeTransaction(ctx.db, (trx) => onChunk(trx, { loaded: 0, updated: 0, unchanged: 0 }, true));
    return;
  }
  while (from !== null) {
    ctx.check?.();
    const next: { _row_id: number | string } | undefined = await knex(ctx.staging).where('_row_id', '>=', from).orderBy('_row_id').offset(ctx.chunkRows).first('_row_id');
    const to: number | null = next ? Number(next._row_id) : null;
    const bounds = to === null ? [from] : [from, to];
    await writeTransaction(ctx.db, async (trx) => {
      const [counted] = (await raw(trx, sql.count(to !== null), bounds)) as { n: unknown; fresh: unknown; changed: unknown }[];
      const n = Number(counted!.n);
      const loaded = Number(counted!.fresh ?? 0);
      const updated = Number(counted!.changed ?? 0);
      await raw(trx, sql.upsert(to !== null), bounds);
      await onChunk(trx, { loaded, updated, unchanged: n - loaded - updated }, to === null);
    });
    from = to;
  }
}

/** Rows of a raw query on either engine (pg answers `{rows}`, sqlite3 an array). */
async function raw(trx: Knex.Transaction, sql: string, bindings: readonly number[]): Promise<unknown[]> {
  const result = await trx.raw(sql, bindings as number[]);
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
}
