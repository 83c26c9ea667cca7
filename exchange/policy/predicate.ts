/**
 * Row predicates (grant row filters, query `where`s): structured JSON, never SQL text. Validation
 * checks every field against the resource's items and every value against the item's type.
 */
import type { DataItem } from '../../catalog/index.js';
import type { FieldProblem } from '../../shared/index.js';
import type { Predicate, Scalar } from '../model.js';

export const COMPARISONS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'prefix', 'in', 'between'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const MAX_DEPTH = 8;
const MAX_IN = 1000;

/** Why a value does not fit an item's data type, or undefined when it does (never quotes the value). */
export function valueProblem(item: DataItem, value: unknown): string | undefined {
  switch (item.dataType) {
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : 'must be an integer';
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return isIsoDate(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'must be an ISO date-time';
    default:
      return typeof value === 'string' && value.length <= 4000 ? undefined : 'must be a string';
  }
}

// A calendar date, not just its shape: PostgreSQL rejects 2025-02-30 with a driver error.
function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const ORDERED = new Set(['integer', 'decimal', 'date', 'datetime', 'string', 'code']);

/** Problems of a predicate (empty when valid), with paths under `path`. */
export function validatePredicate(predicate: unknown, items: readonly DataItem[], path = 'filter', depth = 0): FieldProblem[] {
  if (depth > MAX_DEPTH) return [{ field: path, message: `nests deeper than ${MAX_DEPTH} levels` }];
  if (!predicate || typeof predicate !== 'object' || Array.isArray(predicate)) return [{ field: path, message: 'must be an object' }];
  const p = predicate as Record<string, unknown>;
  const keys = Object.keys(p);
  for (const junction of ['and', 'or'] as const) {
    if (junction in p) {
      if (keys.length !== 1) return [{ field: path, message: `holds "${junction}" and nothing else` }];
      const list = p[junction];
      if (!Array.isArray(list) || list.length === 0) return [{ field: `${path}.${junction}`, message: 'must be a non-empty list' }];
      return list.flatMap((sub, i) => validatePredicate(sub, items, `${path}.${junction}[${i}]`, depth + 1));
    }
  }
  const extra = keys.filter((k) => !['field', 'op', 'value'].includes(k));
  if (extra.length) return [{ field: `${path}.${extra[0]}`, message: 'is not a known key (field, op, value, and, or)' }];
  const item = items.find((i) => i.apiName === p.field);
  if (!item) return [{ field: `${path}.field`, message: `names no data item "${String(p.field)}"` }];
  const op = p.op as Comparison;
  if (!COMPARISONS.includes(op)) return [{ field: `${path}.op`, message: `must be one of ${COMPARISONS.join(', ')}` }];
  if (['lt', 'lte', 'gt', 'gte', 'between'].includes(op) && !ORDERED.has(item.dataType)) {
    return [{ field: `${path}.op`, message: `"${op}" does not apply to ${item.dataType} item "${item.apiName}"` }];
  }
  if (op === 'prefix' && !['string', 'code'].includes(item.dataType)) {
    return [{ field: `${path}.op`, message: `"prefix" applies to string and code items only` }];
  }
  const values: unknown[] =
    op === 'in' || op === 'between' ? (Array.isArray(p.value) ? p.value : [undefined]) : [p.value];
  if (op === 'between' && values.length !== 2) return [{ field: `${path}.value`, message: 'must be [low, high]' }];
  if (op === 'in' && (values.length === 0 || values.length > MAX_IN)) return [{ field: `${path}.value`, message: `must be a list of 1 to ${MAX_IN} values` }];
  const problems: FieldProblem[] = [];
  values.forEach((v, i) => {
    const problem = valueProblem(item, v);
    if (problem) problems.push({ field: values.length > 1 || op === 'in' ? `${path}.value[${i}]` : `${path}.value`, message: problem });
  });
  return problems;
}

/** The data items a predicate mentions. */
export function predicateFields(predicate: Predicate): string[] {
  if ('and' in predicate) return [...new Set(predicate.and.flatMap(predicateFields))];
  if ('or' in predicate) return [...new Set(predicate.or.flatMap(predicateFields))];
  return [predicate.field];
}

export type { Predicate, Scalar };
