/**
 * A validated row predicate evaluated on one record in memory, for sources that can only look a
 * record up by key (a live REST source): the grant's row filter still decides whether the record
 * exists for the consumer. The semantics are those `compilePredicate` gives SQL:
 * - a comparison with an empty (null) value is false — `ne` included;
 * - strings compare in code-point order (SQLite's and a C-collated PostgreSQL's), `prefix` is
 *   case-sensitive, `between` includes both ends;
 * - numbers compare as numbers, dates as ISO dates, date-times as instants.
 */
import type { DataItem } from '../../catalog/index.js';
import { UnreachableCaseError } from '../../shared/index.js';
import type { Predicate, Scalar } from '../model.js';
import type { DataRecord } from '../storeReader.js';

/** Whether `record` (normalised, keyed by apiName) satisfies `predicate`, which must be valid for `items`. */
export function matchesPredicate(record: DataRecord, predicate: Predicate, items: readonly DataItem[]): boolean {
  if ('and' in predicate) return predicate.and.every((p) => matchesPredicate(record, p, items));
  if ('or' in predicate) return predicate.or.some((p) => matchesPredicate(record, p, items));
  const item = items.find((i) => i.apiName === predicate.field);
  if (!item) throw new Error('matchesPredicate: predicate names an item it was not given');
  const value = record[item.apiName];
  if (value === null || value === undefined) return false;
  const cmp = (other: Scalar) => compareValues(item, value, other);
  switch (predicate.op) {
    case 'eq':
      return cmp(predicate.value) === 0;
    case 'ne':
      return cmp(predicate.value) !== 0;
    case 'lt':
      return cmp(predicate.value) < 0;
    case 'lte':
      return cmp(predicate.value) <= 0;
    case 'gt':
      return cmp(predicate.value) > 0;
    case 'gte':
      return cmp(predicate.value) >= 0;
    case 'in':
      return predicate.value.some((v) => cmp(v) === 0);
    case 'between':
      return cmp(predicate.value[0]) >= 0 && cmp(predicate.value[1]) <= 0;
    case 'prefix':
      return String(value).startsWith(String(predicate.value));
    default:
      throw new UnreachableCaseError(predicate);
  }
}

/** Negative, zero or positive as `a` sorts before, with or after `b` under the item's type. */
function compareValues(item: DataItem, a: Scalar, b: Scalar): number {
  switch (item.dataType) {
    case 'integer':
    case 'decimal':
      return Math.sign(Number(a) - Number(b));
    case 'boolean':
      return Boolean(a) === Boolean(b) ? 0 : Boolean(a) ? 1 : -1;
    case 'datetime':
      return Math.sign(Date.parse(String(a)) - Date.parse(String(b)));
    default:
      return compareCodePoints(String(a), String(b));
  }
}

/** Code-point order; JavaScript's `<` compares UTF-16 units, which differs past the BMP. */
export function compareCodePoints(a: string, b: string): number {
  for (let i = 0; i < a.length && i < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  return Math.sign(a.length - b.length);
}
