/**
 * Keys that repeat within one run. The staging table's unique key index is built first; only when
 * that fails are the earlier rows of each repeated key found (through a plain index) and removed:
 * a full run quarantines them, naming the later line that won; a merge counts them superseded.
 */
import { indexStagingKey, type DataItem } from '../../catalog/index.js';
import { type Database, ConflictError } from '../../shared/index.js';
import type { QuarantineRecord } from './rowPipeline.js';

const PAGE = 5000;

export interface DuplicateContext {
  db: Database;
  apiName: string;
  staging: string;
  runId: number;
  key: DataItem;
  keyColumn: string;
  /** The item columns of staging, to keep the removed rows' values with their quarantine records. */
  columns: { apiName: string; column: string }[];
}

/** Builds the unique key index; returns false when keys repeat. */
async function tryUniqueIndex(ctx: DuplicateContext): Promise<boolean> {
  try {
    await indexStagingKey(ctx.db.knex, ctx.apiName, ctx.keyColumn, ctx.runId);
    return true;
  } catch (err) {
    if (ctx.db.dialect.translateError(err) instanceof ConflictError) return false;
    throw err;
  }
}

/**
 * Removes all but the last row of each repeated key, a page at a time; `removed` is called with
 * each page (inside nothing: the caller writes it in its own transaction). Returns how many went.
 */
export async function resolveDuplicateKeys(
  ctx: DuplicateContext,
  removed: (page: QuarantineRecord[], ids: number[]) => Promise<void>,
): Promise<number> {
  if (await tryUniqueIndex(ctx)) return 0;
  const { knex } = ctx.db;
  const helper = `ix_${ctx.staging}_dup_r${ctx.runId}`;
  await knex.raw('CREATE INDEX ?? ON ?? (??, ??)', [helper, ctx.staging, ctx.keyColumn, '_row_id']);
  let total = 0;
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page: Record<string, unknown>[] = await knex
      .select('s.*', knex.raw('(SELECT max(t._row_id) FROM ?? t WHERE t.?? = s.??) AS _later', [ctx.staging, ctx.keyColumn, ctx.keyColumn]))
      .from({ s: ctx.staging })
      .where('s._row_id', '>', after)
      .whereExists(knex.select(1).from({ t: ctx.staging }).whereRaw('t.?? = s.??', [ctx.keyColumn, ctx.keyColumn]).andWhereRaw('t._row_id > s._row_id'))
      .orderBy('s._row_id')
      .limit(PAGE);
    if (!page.length) break;
    const records = page.map((row) => ({
      position: Number(row._row_id),
      field: ctx.key.apiName,
      reason: `duplicate key: a later row at line ${Number(row._later)} has the same key`,
      values: JSON.stringify(Object.fromEntries(ctx.columns.map((c) => [c.apiName, row[c.column] ?? null]))),
    }));
    const ids = records.map((r) => r.position);
    await removed(records, ids);
    total += ids.length;
    after = ids[ids.length - 1]!;
  }
  await knex.raw('DROP INDEX ??', [helper]);
  if (!(await tryUniqueIndex(ctx))) throw new Error('keys still repeat after removing the earlier rows');
  return total;
}
