/**
 * The seams where the runner turns source values into item values, and plain implementations of
 * them: values already in canonical form (ISO dates, codes or code-set labels, plain numbers) and
 * columns named exactly like the items' apiNames or Chinese names.
 * TODO(lead): at merge, the runner's defaults become `compileValueParser` and `autoMapping` from
 * `adapters/transforms.ts` (same signatures), which add trimming of full-width digits, Chinese
 * date forms and fuzzy header matching; these stay as the strict fallback.
 */
import type { CodeSet, DataItem } from '../../catalog/index.js';
import type { ColumnMapping } from '../model.js';

export type Parsed = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string };
export type ValueParser = (raw: unknown) => Parsed;
/** Compiles, once per run and item, how one item's source values are parsed. */
export type ParserFactory = (item: DataItem, codeSet?: CodeSet, mapping?: ColumnMapping) => ValueParser;
export interface MappingResult {
  mapping: ColumnMapping[];
  /** Items no column feeds. */
  unmapped: DataItem[];
  /** Source columns that feed no item. */
  unknownColumns: string[];
}
/** Decides which source column feeds which item, the explicit mapping first. */
export type ColumnMapper = (columns: readonly string[], items: readonly DataItem[], explicit?: readonly ColumnMapping[]) => MappingResult;

const NULL: Parsed = { ok: true, value: null };
const TRUE = new Set(['true', '1', 'yes', 'y', '是', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', 'f']);

function text(raw: unknown): string {
  return raw instanceof Date ? raw.toISOString() : String(raw).trim();
}

export const plainValueParser: ParserFactory = (item, codeSet, mapping) => {
  const replace = mapping?.values;
  const codeOfLabel = new Map(Object.entries(codeSet?.values ?? {}).map(([code, label]) => [label, code]));
  const parse = (value: string): Parsed => {
    switch (item.dataType) {
      case 'string':
      case 'geopoint':
        return { ok: true, value };
      case 'code':
        return { ok: true, value: codeSet && !(value in codeSet.values) ? (codeOfLabel.get(value) ?? value) : value };
      case 'integer':
        return /^[-+]?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? { ok: true, value: Number(value) } : { ok: false, reason: 'is not an integer' };
      case 'decimal':
        return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(value) ? { ok: true, value: Number(value) } : { ok: false, reason: 'is not a number' };
      case 'boolean': {
        const lower = value.toLowerCase();
        return TRUE.has(lower) ? { ok: true, value: true } : FALSE.has(lower) ? { ok: true, value: false } : { ok: false, reason: 'is not a yes/no value' };
      }
      case 'date':
        return /^\d{4}-\d{2}-\d{2}/.test(value) ? { ok: true, value: value.slice(0, 10) } : { ok: false, reason: 'is not a date (YYYY-MM-DD)' };
      case 'datetime':
        return { ok: true, value };
      default: {
        const unreachable: never = item.dataType;
        throw new Error(`unknown data type ${String(unreachable)}`);
      }
    }
  };
  return (raw) => {
    if (raw === null || raw === undefined) return NULL;
    if (typeof raw === 'number' && (item.dataType === 'integer' || item.dataType === 'decimal')) {
      return Number.isFinite(raw) && (item.dataType === 'decimal' || Number.isSafeInteger(raw)) ? { ok: true, value: raw } : { ok: false, reason: 'is not a finite number' };
    }
    if (typeof raw === 'boolean' && item.dataType === 'boolean') return { ok: true, value: raw };
    let value = text(raw);
    if (replace && value in replace) value = replace[value]!;
    return value === '' ? NULL : parse(value);
  };
};

export const plainAutoMapping: ColumnMapper = (columns, items, explicit = []) => {
  const mapping: ColumnMapping[] = [...explicit];
  const fed = new Set(explicit.map((m) => m.item));
  const used = new Set(explicit.map((m) => m.column));
  for (const item of items) {
    if (fed.has(item.apiName)) continue;
    const column = columns.find((c) => !used.has(c) && (c.trim() === item.apiName || c.trim() === item.name));
    if (column === undefined) continue;
    mapping.push({ column, item: item.apiName });
    fed.add(item.apiName);
    used.add(column);
  }
  return { mapping, unmapped: items.filter((i) => !fed.has(i.apiName)), unknownColumns: columns.filter((c) => !used.has(c)) };
};
