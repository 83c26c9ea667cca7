/**
 * Reading records from the shared store: only the columns of the given items are selected, and
 * values come back in the catalog's types on both engines.
 */
import type { Knex } from 'knex';
import { columnName, dataTableName, type DataItem, type Resource } from '../catalog/index.js';

export type DataRecord = Record<string, string | number | boolean | null>;

function normalise(item: DataItem, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (item.dataType) {
    case 'boolean':
      return value === true || value === 1 || value === '1';
    case 'integer':
    case 'decimal':
      return Number(value);
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'datetime':
      return value instanceof Date ? value.toISOString() : typeof value === 'string' && NAIVE_DATETIME.test(value) ? utcInstant(value) : String(value);
    default:
      return String(value);
  }
}

// A date-time without a zone, as MySQL's DATETIME reads (live sources): UTC wall-clock time, as the
// shared store's PostgreSQL reads its TIMESTAMP columns. Stored values are ISO instants already.
const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

function utcInstant(value: string): string {
  const instant = new Date(`${value.replace(' ', 'T')}Z`);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}

/** Maps a store row (snake_case columns) to a record keyed by item apiNames. */
export function toRecord(items: readonly DataItem[], row: Record<string, unknown>): DataRecord {
  return recordReader(items)(row);
}

/** `toRecord` for many rows of the same items: column names are worked out once, not per row. */
export function recordReader(items: readonly DataItem[]): (row: Record<string, unknown>) => DataRecord {
  const columns = items.map((item) => [item, item.apiName, columnName(item)] as const);
  return (row) => {
    const record: DataRecord = {};
    for (const [item, apiName, column] of columns) record[apiName] = normalise(item, row[column]);
    return record;
  };
}

/** One record by its natural key, with the given items only. */
export async function findByKey(knex: Knex, resource: Resource, key: string, items: readonly DataItem[] = resource.items): Promise<DataRecord | undefined> {
  const keyItem = resource.items.find((i) => i.key)!;
  const row = await knex(dataTableName(resource.apiName))
    .select(items.map(columnName))
    .where(columnName(keyItem), keyItem.dataType === 'integer' ? Number(key) : key)
    .first();
  return row ? toRecord(items, row) : undefined;
}
