/**
 * Which source column feeds which data item. A binding's explicit mapping wins; every other column
 * named like an item — its apiName, its Chinese name or its snake_case column name, compared
 * case-insensitively, trimmed and with full-width forms made half-width — feeds that item.
 */
import { columnName, type DataItem } from '../catalog/index.js';
import { InputError, type FieldProblem } from '../shared/index.js';
import type { ColumnMapping } from './model.js';
import { normaliseText } from './transforms.js';

export interface AutoMapping {
  mapping: ColumnMapping[];
  /** Items no column feeds: the runner refuses a binding that leaves out a required one. */
  unmapped: DataItem[];
  /** Columns that feed no item. */
  unknownColumns: string[];
}

function nameKey(name: string): string {
  return normaliseText(name).toLowerCase();
}

/** Maps source columns to items; throws `InputError` for an explicit mapping naming what is not there, or a column that could feed two items. */
export function autoMapping(columns: readonly string[], items: readonly DataItem[], explicit: readonly ColumnMapping[] = []): AutoMapping {
  const problems: FieldProblem[] = [];
  const itemsByApiName = new Map(items.map((item) => [item.apiName, item]));
  /** item apiName → the column feeding it */
  const fed = new Map<string, string>();
  const mapping: ColumnMapping[] = [];

  explicit.forEach((m, i) => {
    const column = columns.includes(m.column) ? m.column : columns.find((c) => nameKey(c) === nameKey(m.column));
    if (column === undefined) problems.push({ field: `mapping[${i}].column`, message: `names no column of the source (its columns: ${columns.join(', ')})` });
    if (!itemsByApiName.has(m.item)) problems.push({ field: `mapping[${i}].item`, message: 'names no data item of the resource' });
    else if (fed.has(m.item)) problems.push({ field: `mapping[${i}].item`, message: `is already fed by column ${fed.get(m.item)}` });
    else if (column !== undefined) {
      fed.set(m.item, column);
      mapping.push({ ...m, column });
    }
  });
  const explicitColumns = new Set(fed.values());

  // Each spelling of an item's name points at it; a spelling shared by two items points at neither.
  const itemByKey = new Map<string, DataItem | null>();
  for (const item of items) {
    if (fed.has(item.apiName)) continue;
    for (const key of new Set([item.apiName, item.name, columnName(item)].map(nameKey))) {
      const seen = itemByKey.get(key);
      itemByKey.set(key, seen === undefined || seen === item ? item : null);
    }
  }
  for (const column of columns) {
    if (explicitColumns.has(column)) continue;
    const item = itemByKey.get(nameKey(column));
    if (item === undefined) continue;
    if (item === null) problems.push({ field: `column ${column}`, message: 'is named like more than one data item; map it explicitly' });
    else if (fed.has(item.apiName)) {
      problems.push({ field: `column ${column}`, message: `feeds item ${item.apiName} as column ${fed.get(item.apiName)} does; map one of them explicitly` });
    } else {
      fed.set(item.apiName, column);
      mapping.push({ column, item: item.apiName });
    }
  }
  if (problems.length) throw new InputError('the column mapping cannot be used', problems);

  const usedColumns = new Set(fed.values());
  return { mapping, unmapped: items.filter((i) => !fed.has(i.apiName)), unknownColumns: columns.filter((c) => !usedColumns.has(c)) };
}
