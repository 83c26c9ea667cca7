/**
 * How a live source's columns feed a resource's data items. An explicit mapping names them; an empty
 * one lets columns named like an item — its apiName, its store column (snake_case) or its Chinese
 * name, in any letter case — feed it. For a SQL source the mapping becomes the subquery every live
 * statement runs on; for a REST source it renames the looked-up record's properties.
 */
import type { Knex } from 'knex';
import { columnName, keyItem, type DataItem, type Resource } from '../catalog/index.js';
import type { ColumnMapping, SourceBinding } from './model.js';
import type { SourceEngine } from './sources/sqlConnection.js';
import { describeColumns, sourceFrom, sqlSourceSpec } from './sources/sqlIntrospect.js';

/** What each item is fed by: its mapping entry (source column and value replacements). */
export type ItemSources = Map<string, ColumnMapping>;

/** A binding that cannot serve live queries as configured; the operator's to fix, never the consumer's. */
export class LiveBindingError extends Error {}

/** The mapping of a binding checked against the resource, or derived from the source's column names. */
export function itemSources(binding: Pick<SourceBinding, 'mapping'>, resource: Resource, sourceColumns: () => string[]): ItemSources {
  const sources: ItemSources = new Map();
  if (binding.mapping.length) {
    for (const entry of binding.mapping) {
      if (!resource.items.some((i) => i.apiName === entry.item)) throw new LiveBindingError(`the mapping names no data item "${entry.item}" of ${resource.apiName}`);
      // Parsing a date by pattern is a transform the sync runner applies; a live statement cannot.
      if (entry.dateFormat) throw new LiveBindingError(`the mapping of "${entry.item}" has a dateFormat, which a live source cannot apply; convert the column in a view`);
      sources.set(entry.item, entry);
    }
  } else {
    const byName = new Map(sourceColumns().map((c) => [c.toLowerCase(), c]));
    for (const item of resource.items) {
      const column = [item.apiName, columnName(item), item.name].map((n) => byName.get(n.toLowerCase())).find((c) => c !== undefined);
      if (column !== undefined) sources.set(item.apiName, { column, item: item.apiName });
    }
  }
  const key = keyItem(resource);
  if (!sources.has(key.apiName)) throw new LiveBindingError(`no source column feeds the key item "${key.apiName}" of ${resource.apiName}`);
  return sources;
}

/**
 * The subquery a live SQL resource is read through: store column names, plus the key as `_row_id`.
 * (Wrapped in an object: a knex Raw is thenable, and a promise resolving to one would run it.)
 */
export async function liveFrom(knex: Knex, engine: SourceEngine, binding: SourceBinding, resource: Resource): Promise<{ from: Knex.Raw }> {
  const spec = sqlSourceSpec(binding.options);
  const columns = binding.mapping.length ? [] : (await describeColumns(knex, engine, spec)).map((c) => c.name);
  const sources = itemSources(binding, resource, () => columns);
  const parts: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const select = (item: DataItem, alias: string) => {
    const entry = sources.get(item.apiName);
    if (!entry) {
      // PostgreSQL types a bare NULL as text, which cannot be compared with a number or a date.
      parts.push(engine === 'postgres' ? `cast(null as ${PG_NULL_TYPES[item.dataType]}) as ??` : 'null as ??');
      bindings.push(alias);
      return;
    }
    const replaced = Object.entries(entry.values ?? {});
    if (replaced.length === 0) {
      parts.push('?? as ??');
      bindings.push(`src.${entry.column}`, alias);
    } else {
      // Value replacements (`{"男": "1"}`) become a CASE, so filters and groups see mapped values.
      parts.push(`case ?? ${replaced.map(() => 'when ? then ?').join(' ')} else ?? end as ??`);
      bindings.push(`src.${entry.column}`, ...replaced.flat(), `src.${entry.column}`, alias);
    }
  };
  for (const item of resource.items) select(item, columnName(item));
  select(keyItem(resource), '_row_id');
  // The source itself is a nested raw without bindings, so a query's own `?`s are left alone.
  return { from: knex.raw(`(select ${parts.join(', ')} from ?) as live_src`, [...bindings, sourceFrom(knex, engine, spec, 'src')]) };
}

const PG_NULL_TYPES: Record<DataItem['dataType'], string> = {
  string: 'text',
  code: 'text',
  geopoint: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
};

/** A looked-up record renamed to item apiNames, with value replacements applied. */
export function renameRecord(found: Record<string, unknown>, sources: ItemSources): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [item, entry] of sources) {
    const value = valueAt(found, entry.column);
    const replaced = entry.values && (typeof value === 'string' || typeof value === 'number') ? entry.values[String(value)] : undefined;
    record[item] = replaced ?? value ?? null;
  }
  return record;
}

/** The value at a property path like `a.b` (a property literally named `a.b` wins). */
export function valueAt(value: unknown, path: string): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const object = value as Record<string, unknown>;
  if (path in object) return object[path];
  const dot = path.indexOf('.');
  return dot < 0 ? undefined : valueAt(object[path.slice(0, dot)], path.slice(dot + 1));
}
