/**
 * A SQL database as a source: a table, a view or a SELECT in a department's SQLite, PostgreSQL or
 * MySQL/MariaDB database. Rows are read in pages, never the whole table at once:
 *
 * - a table with a primary key (or a SQLite rowid table) is read by keyset pages on that key — each
 *   page a short statement that starts where the last one ended, however deep into the table;
 * - a view, a query or a table without a key has no such handle, so it is read in offset pages of one
 *   total order over its columns (slower on very large sources: bind the table where you can).
 *
 * With a watermark column, rows come in watermark order (ties by the key), and an incremental read
 * pushes `since` down as `WHERE watermark > ?`. Rows without a watermark value are read first on a
 * full read and never on an incremental one (they cannot be newer than anything).
 */
import type { Knex } from 'knex';
import { InputError } from '../../shared/index.js';
import type { ReadOptions, SourceAdapter, SourceColumn, SourceOptions, SourceRow } from '../model.js';
import { openSourceKnex, sourceEngine, type SourceEngine } from './sqlConnection.js';
import { describeColumns, rowIdentity, sourceFrom, sqlSourceSpec, type SqlSourceSpec } from './sqlIntrospect.js';

/** Aliases of the key columns read again to resume after; no source column starts like this. */
const KEY_ALIAS = '_govshare_k';
const ALIAS = 'src';

interface ReadPlan {
  columns: SourceColumn[];
  /** Columns identifying a row, when the source has them. */
  identity: string[] | undefined;
}

type Phase = (qb: Knex.QueryBuilder) => void;

/** A SQL source adapter (kind `sql`) over the database at `location`. */
export function sqlSource(location: string, options: Pick<SourceOptions, 'table' | 'query' | 'watermark'>): SourceAdapter {
  const spec = sqlSourceSpec(options ?? {});
  const watermark = options.watermark;
  if (watermark !== undefined && (typeof watermark !== 'string' || watermark === '')) {
    throw new InputError('invalid SQL source', [{ field: 'options.watermark', message: 'must name a column' }]);
  }
  const engine = sourceEngine(location);
  const knex = openSourceKnex(location);
  let planned: Promise<ReadPlan> | undefined;
  const plan = () => {
    planned ??= makePlan(knex, engine, spec, watermark).catch((err: unknown) => {
      planned = undefined; // a source that was down may answer the next read
      throw err;
    });
    return planned;
  };

  return {
    kind: 'sql',
    describe: () => describeColumns(knex, engine, spec),
    read: (read) => readRows(knex, engine, spec, watermark, plan, read),
    close: () => knex.destroy(),
  };
}

async function makePlan(knex: Knex, engine: SourceEngine, spec: SqlSourceSpec, watermark: string | undefined): Promise<ReadPlan> {
  const columns = await describeColumns(knex, engine, spec);
  if (watermark !== undefined && !columns.some((c) => c.name === watermark)) {
    throw new InputError('invalid SQL source', [{ field: 'options.watermark', message: 'names no column of the source' }]);
  }
  return { columns, identity: await rowIdentity(knex, engine, spec) };
}

async function* readRows(
  knex: Knex,
  engine: SourceEngine,
  spec: SqlSourceSpec,
  watermark: string | undefined,
  plan: () => Promise<ReadPlan>,
  { batchSize, since, signal }: ReadOptions,
): AsyncGenerator<SourceRow[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError('invalid read', [{ field: 'batchSize', message: 'must be a positive integer' }]);
  signal?.throwIfAborted();
  const { columns, identity } = await plan();
  let position = 0;
  for (const phase of phases(watermark, since)) {
    const order = phase.byWatermark ? [watermark!] : [];
    const pages = identity
      ? keysetPages(knex, engine, spec, phase.where, [...order, ...identity], batchSize, signal)
      : offsetPages(knex, engine, spec, phase.where, [...order, ...orderable(engine, columns)], batchSize, signal);
    for await (const rows of pages) {
      signal?.throwIfAborted();
      yield rows.map((values) => ({ position: ++position, values }));
    }
  }
}

/** The parts of a read, one after the other: what each selects and whether it is in watermark order. */
function phases(watermark: string | undefined, since: string | number | undefined): { where: Phase; byWatermark: boolean }[] {
  if (watermark === undefined) return [{ where: () => {}, byWatermark: false }];
  const column = `${ALIAS}.${watermark}`;
  if (since !== undefined && since !== null) return [{ where: (qb) => qb.where(column, '>', since), byWatermark: true }];
  return [
    { where: (qb) => qb.whereNull(column), byWatermark: false },
    { where: (qb) => qb.whereNotNull(column), byWatermark: true },
  ];
}

/** Pages ordered by `keys` (which identify a row), each starting after the previous page's last row. */
async function* keysetPages(
  knex: Knex,
  engine: SourceEngine,
  spec: SqlSourceSpec,
  phase: Phase,
  keys: string[],
  batchSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<Record<string, unknown>[]> {
  // The key values are read a second time to resume from: on PostgreSQL as text, because the
  // driver's numbers and Dates round NUMERIC, BIGINT and microsecond timestamps.
  const again = keys.map((key, i) => knex.raw(engine === 'postgres' ? '??::text as ??' : '?? as ??', [`${ALIAS}.${key}`, `${KEY_ALIAS}${i}`]));
  const columns = keys.map((key) => `${ALIAS}.${key}`);
  let after: unknown[] | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const qb = knex.select(knex.raw('??.*', [ALIAS]), ...again).from(sourceFrom(knex, engine, spec, ALIAS)).limit(batchSize);
    phase(qb);
    if (after) qb.whereRaw(`(${columns.map(() => '??').join(', ')}) > (${after.map(() => '?').join(', ')})`, [...columns, ...(after as Knex.Value[])]);
    for (const column of columns) qb.orderBy(column, 'asc');
    const rows: Record<string, unknown>[] = await qb;
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    const next = keys.map((_k, i) => last[`${KEY_ALIAS}${i}`]);
    // A key that compares equal to itself after the round trip would read the same page forever.
    if (after && next.every((v, i) => String(v) === String(after![i]))) throw new Error('the source did not advance past its last key; is the key unique?');
    after = next;
    yield rows.map(withoutKeys);
    if (rows.length < batchSize) return;
  }
}

/** Pages of one total order over `order` by offset, for sources without a key. */
async function* offsetPages(
  knex: Knex,
  engine: SourceEngine,
  spec: SqlSourceSpec,
  phase: Phase,
  order: string[],
  batchSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<Record<string, unknown>[]> {
  for (let offset = 0; ; offset += batchSize) {
    signal?.throwIfAborted();
    const qb = knex.select(knex.raw('??.*', [ALIAS])).from(sourceFrom(knex, engine, spec, ALIAS)).limit(batchSize).offset(offset);
    phase(qb);
    for (const column of order) qb.orderBy(`${ALIAS}.${column}`, 'asc');
    const rows: Record<string, unknown>[] = await qb;
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
  }
}

/** The columns a total order can use: PostgreSQL cannot compare json, xml or geometric values. */
function orderable(engine: SourceEngine, columns: SourceColumn[]): string[] {
  return columns.filter((c) => engine !== 'postgres' || (c.sourceType !== undefined && !/^(json|xml|oid )/.test(c.sourceType))).map((c) => c.name);
}

function withoutKeys(row: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) if (!column.startsWith(KEY_ALIAS)) values[column] = value;
  return values;
}
