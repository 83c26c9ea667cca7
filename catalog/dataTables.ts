/**
 * The shared store: one table per published resource, columns from its data items and a unique
 * index on the natural key. Publishing a new version alters the table in place when it can.
 */
import type { Knex } from 'knex';
import { type Dialect, ConflictError } from '../shared/index.js';
import type { DataItem } from './model.js';

/** System columns start with an underscore, which item apiNames cannot. */
export const ROW_ID_COLUMN = '_row_id';
export const LOADED_AT_COLUMN = '_loaded_at';

export function snakeCase(apiName: string): string {
  return apiName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function dataTableName(apiName: string): string {
  return `data_${snakeCase(apiName)}`;
}

export function columnName(item: Pick<DataItem, 'apiName'>): string {
  return snakeCase(item.apiName);
}

function keyIndexName(table: string): string {
  return `ux_${table}_key`;
}

function addColumn(t: Knex.CreateTableBuilder, item: DataItem): Knex.ColumnBuilder {
  const col = columnName(item);
  switch (item.dataType) {
    case 'string':
      return item.length && item.length <= 4000 ? t.string(col, item.length) : t.text(col);
    case 'code':
      return t.string(col, item.length ?? 32);
    case 'integer':
      return t.bigInteger(col);
    case 'decimal':
      return t.decimal(col, item.length ?? 18, item.scale ?? 2);
    case 'boolean':
      return t.boolean(col);
    case 'date':
      return t.date(col);
    case 'datetime':
      return t.timestamp(col, { useTz: true });
    case 'geopoint':
      return t.string(col, 64);
    default: {
      const unreachable: never = item.dataType;
      throw new Error(`unknown data type ${String(unreachable)}`);
    }
  }
}

async function createDataTable(trx: Knex.Transaction, table: string, items: DataItem[]): Promise<void> {
  await trx.schema.createTable(table, (t) => {
    t.bigIncrements(ROW_ID_COLUMN).primary();
    for (const item of items) {
      const col = addColumn(t, item);
      if (item.key) col.notNullable();
    }
    t.timestamp(LOADED_AT_COLUMN, { useTz: true }).nullable();
    t.unique([columnName(items.find((i) => i.key)!)], { indexName: keyIndexName(table) });
  });
}

/** What a change of items means for the table: columns to add, and changes it cannot make with data present. */
export function planTableChange(previous: DataItem[], next: DataItem[]): { add: DataItem[]; blocking: string[] } {
  const before = new Map(previous.map((i) => [i.apiName, i]));
  const add: DataItem[] = [];
  const blocking: string[] = [];
  for (const item of next) {
    const old = before.get(item.apiName);
    if (!old) {
      add.push(item);
      continue;
    }
    if (old.dataType !== item.dataType) blocking.push(`${item.apiName}: data type ${old.dataType} → ${item.dataType}`);
    else if ((old.length ?? Infinity) > (item.length ?? Infinity)) blocking.push(`${item.apiName}: length ${old.length} → ${item.length}`);
    else if (item.dataType === 'decimal' && (old.scale ?? 2) !== (item.scale ?? 2)) blocking.push(`${item.apiName}: scale ${old.scale ?? 2} → ${item.scale ?? 2}`);
  }
  const oldKey = previous.find((i) => i.key)?.apiName;
  const newKey = next.find((i) => i.key)?.apiName;
  if (oldKey !== newKey) blocking.push(`key ${oldKey} → ${newKey}`);
  return { add, blocking };
}

/**
 * Creates the table of a resource, or brings it to `items` (the version being published).
 * Columns of items a later version dropped stay, so older versions remain readable. An empty table
 * is simply rebuilt; a table with rows accepts only added items and wider columns. `previous` holds
 * the items the table was built from, older versions' removed items included.
 */
export async function applyDataTable(
  trx: Knex.Transaction,
  dialect: Dialect,
  apiName: string,
  items: DataItem[],
  previous: DataItem[] | null,
): Promise<void> {
  const table = dataTableName(apiName);
  if (!(await trx.schema.hasTable(table))) return createDataTable(trx, table, items);
  const hasRows = (await trx(table).first(ROW_ID_COLUMN)) !== undefined;
  if (!hasRows || previous === null) {
    if (hasRows) throw new ConflictError(`table ${table} already holds rows of an unknown resource`);
    await trx.schema.dropTable(table);
    return createDataTable(trx, table, items);
  }
  // Items of older versions whose columns a rebuild dropped no longer constrain the table.
  const columns = new Set(Object.keys(await trx(table).columnInfo()));
  const existing = previous.filter((p) => columns.has(columnName(p)));
  const { add, blocking } = planTableChange(existing, items);
  if (blocking.length) {
    throw new ConflictError(`the new version cannot be applied to a table that holds data: ${blocking.join('; ')}`, {
      changes: blocking,
    });
  }
  const missing = add.filter((item) => !columns.has(columnName(item)));
  // SQLite does not enforce declared lengths, so only PostgreSQL needs wider columns.
  const widen = dialect.name === 'sqlite' ? [] : items.filter((i) => {
    const old = existing.find((p) => p.apiName === i.apiName);
    return old && (i.dataType === 'string' || i.dataType === 'code') && (old.length ?? 0) < (i.length ?? Infinity) && old.length !== i.length;
  });
  if (missing.length || widen.length) {
    await trx.schema.alterTable(table, (t) => {
      for (const item of missing) addColumn(t, item);
      for (const item of widen) addColumn(t, item).alter({ alterNullable: false });
    });
  }
}

// ---- staging: a resource's next version of rows, built beside its table and swapped in ----

export function stagingTableName(apiName: string): string {
  return `${dataTableName(apiName)}__staging`;
}

/**
 * Creates the staging table of a resource: the columns its table has now (`storeItems` holds the
 * items the table was built from, older versions' included; only those with a column are kept),
 * `_row_id` (given explicitly by the loader) and `_loaded_at`, and no key index, which is built
 * once after the load. Replaces a staging table left behind. Returns the items it has columns for.
 */
export async function createStagingTable(knex: Knex, apiName: string, storeItems: DataItem[]): Promise<DataItem[]> {
  const table = dataTableName(apiName);
  const staging = stagingTableName(apiName);
  if (!(await knex.schema.hasTable(table))) throw new ConflictError(`resource "${apiName}" has no table in the shared store; publish it first`);
  const live = new Set(Object.keys(await knex(table).columnInfo()));
  const items = storeItems.filter((item) => live.has(columnName(item)));
  await knex.schema.dropTableIfExists(staging);
  await knex.schema.createTable(staging, (t) => {
    t.bigIncrements(ROW_ID_COLUMN).primary();
    for (const item of items) addColumn(t, item);
    t.timestamp(LOADED_AT_COLUMN, { useTz: true }).nullable();
  });
  return items;
}

export async function dropStagingTable(knex: Knex, apiName: string): Promise<void> {
  await knex.schema.dropTableIfExists(stagingTableName(apiName));
}

/**
 * The unique key index of a staging table. Its name carries the run id: it moves with the table
 * when it is swapped in, so each generation's name must differ from the one it replaces.
 * Fails with the engine's unique-violation error when keys repeat.
 */
export async function indexStagingKey(knex: Knex, apiName: string, keyColumn: string, runId: number): Promise<void> {
  await knex.raw('CREATE UNIQUE INDEX ?? ON ?? (??)', [`ux_${dataTableName(apiName)}_key_r${runId}`, stagingTableName(apiName), keyColumn]);
}

/**
 * Makes the staging table the resource's table, inside the caller's short transaction: readers
 * see the old rows or the new ones, never a mix. Refuses when the table gained columns since the
 * staging table was built (a version published during the run). On PostgreSQL the row-id sequence
 * moves with its table and is advanced past the loaded ids.
 */
export async function swapInStaging(trx: Knex.Transaction, dialect: Dialect, apiName: string, runId: number): Promise<void> {
  const table = dataTableName(apiName);
  const staging = stagingTableName(apiName);
  const kept = new Set(Object.keys(await trx(staging).columnInfo()));
  const lost = Object.keys(await trx(table).columnInfo()).filter((c) => !kept.has(c));
  if (lost.length) throw new ConflictError(`the table of "${apiName}" changed during the run (columns ${lost.join(', ')}); run the sync again`);
  const old = `${table}__old_r${runId}`;
  await trx.schema.renameTable(table, old);
  await trx.schema.renameTable(staging, table);
  await trx.schema.dropTable(old);
  if (dialect.name === 'postgres') {
    await trx.raw('SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max(??), 0) + 1, false) FROM ??', [table, ROW_ID_COLUMN, ROW_ID_COLUMN, table]);
  }
}
