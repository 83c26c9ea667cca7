/**
 * Checking an open row query against a resource before any SQL runs, and turning it into what the
 * statement is built from: a predicate for the shared predicate compiler, an ordering for keyset
 * cursors, the selected items. Every problem names the parameter it came from, all in one error.
 *
 * Only open items exist here (sensitivity `public`). An item with a mask rule is shown masked and
 * may not filter, order or search: each of those would reveal what the mask hides.
 */
import { keyItem as keyOf, type DataItem, type Resource } from '../../catalog/index.js';
import { InputError, type FieldProblem, type MaskRule } from '../../shared/index.js';
import type { Predicate, Scalar } from '../model.js';
import { validatePredicate } from '../policy/predicate.js';
import { MAX_ORDER_TERMS } from '../query/model.js';
import { buildOrdering, decodeCursor, type CursorValue, type Ordering } from '../query/ordering.js';
import { DEFAULT_OPEN_LIMIT, MAX_IN_VALUES, MAX_OPEN_LIMIT, MAX_SEARCH_LENGTH, type OpenFilter, type OpenRowQuery, type OpenSearch } from './model.js';

/** The items of a resource that open data may show. */
export function openItems(resource: Resource): DataItem[] {
  return resource.items.filter((i) => i.sensitivity === 'public');
}

/** The catalog's mask rule of each open item that has one. */
export function openMasks(items: readonly DataItem[]): Map<string, Exclude<MaskRule, 'none'>> {
  return new Map(items.flatMap((i) => (i.mask === 'none' ? [] : [[i.apiName, i.mask] as const])));
}

export interface CompiledOpenQuery {
  /** Every open item of the resource. */
  items: DataItem[];
  masks: ReadonlyMap<string, Exclude<MaskRule, 'none'>>;
  /** The items to return, in the order asked for. */
  fields: DataItem[];
  where: Predicate | null;
  search: { text: string; items: DataItem[] }[];
  ordering: Ordering;
  after?: CursorValue[];
  limit: number;
  offset: number;
}

const TEXT_TYPES = new Set<DataItem['dataType']>(['string', 'code']);

/** Text from a query string read as the item's type; text that is not one stays text, for validation to name. */
function typed(item: DataItem, text: string): Scalar {
  switch (item.dataType) {
    case 'integer':
      return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
    default:
      return text;
  }
}

class OpenCheck {
  readonly problems: FieldProblem[] = [];
  readonly items: DataItem[];
  readonly masks: Map<string, Exclude<MaskRule, 'none'>>;

  constructor(readonly resource: Resource) {
    this.items = openItems(resource);
    this.masks = openMasks(this.items);
  }

  /** The open item `name` names, usable for `use` (`filter`, `order`, `search`; undefined: just shown). */
  item(name: string, param: string, use?: string): DataItem | undefined {
    const item = this.items.find((i) => i.apiName === name);
    if (!item) this.problems.push({ field: param, message: `names no open data item of "${this.resource.apiName}"` });
    else if (use && this.masks.has(item.apiName)) this.problems.push({ field: param, message: `"${name}" is masked and cannot be used to ${use}` });
    else return item;
    return undefined;
  }

  filter(f: OpenFilter): Predicate | undefined {
    const item = this.item(f.field, f.param, 'filter');
    if (!item) return undefined;
    if (f.op !== 'in' && f.values.length !== 1) {
      this.problems.push({ field: f.param, message: 'must be given once (use [in] for several values)' });
      return undefined;
    }
    if (f.op === 'in' && (f.values.length === 0 || f.values.length > MAX_IN_VALUES)) {
      this.problems.push({ field: f.param, message: `must list 1 to ${MAX_IN_VALUES} values` });
      return undefined;
    }
    const predicate = (f.op === 'in' ? { field: f.field, op: 'in', value: f.values.map((v) => typed(item, v)) } : { field: f.field, op: f.op, value: typed(item, f.values[0]!) }) as Predicate;
    // The shared validation decides which operators fit which types; its paths become the parameter.
    const problems = validatePredicate(predicate, this.items, f.param);
    for (const message of new Set(problems.map((p) => p.message))) this.problems.push({ field: f.param, message });
    return problems.length ? undefined : predicate;
  }

  search(s: OpenSearch): { text: string; items: DataItem[] } | undefined {
    if (s.text.length === 0 || s.text.length > MAX_SEARCH_LENGTH) {
      this.problems.push({ field: s.param, message: `must be 1 to ${MAX_SEARCH_LENGTH} characters` });
      return undefined;
    }
    const named = s.fields?.map((name) => this.item(name, s.param, 'search'));
    if (named?.includes(undefined)) return undefined;
    const items = (named as DataItem[] | undefined) ?? this.items.filter((i) => TEXT_TYPES.has(i.dataType) && !this.masks.has(i.apiName));
    const notText = items.find((i) => !TEXT_TYPES.has(i.dataType));
    if (notText) this.problems.push({ field: s.param, message: `"${notText.apiName}" is not a text item` });
    // With nothing to search in, the search would silently match every row.
    else if (items.length === 0) this.problems.push({ field: s.param, message: `"${this.resource.apiName}" has no unmasked text item to search` });
    return notText || items.length === 0 ? undefined : { text: s.text, items };
  }

  select(names: string[] | undefined): DataItem[] {
    if (names === undefined) return this.items;
    if (names.length === 0) this.problems.push({ field: 'select', message: 'must name at least one item' });
    const picked: DataItem[] = [];
    for (const name of names) {
      const item = this.item(name, 'select');
      if (item && picked.includes(item)) this.problems.push({ field: 'select', message: `names "${name}" twice` });
      else if (item) picked.push(item);
    }
    return picked;
  }

  order(terms: OpenRowQuery['order']): { item: DataItem; direction: 'asc' | 'desc' }[] {
    if (!terms?.length) return [];
    if (terms.length > MAX_ORDER_TERMS) this.problems.push({ field: 'order', message: `may name at most ${MAX_ORDER_TERMS} items` });
    const out: { item: DataItem; direction: 'asc' | 'desc' }[] = [];
    for (const term of terms.slice(0, MAX_ORDER_TERMS)) {
      const item = this.item(term.field, 'order', 'order');
      if (!item) continue;
      if (out.some((t) => t.item === item)) this.problems.push({ field: 'order', message: `names "${term.field}" twice` });
      else out.push({ item, direction: term.direction });
    }
    return out;
  }

  count(value: number | undefined, param: string, fallback: number, min: number, max: number): number {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < min || value > max) this.problems.push({ field: param, message: `must be an integer from ${min} to ${max}` });
    return value;
  }
}

/** Checks a query against the resource's open items; throws one InputError naming every bad parameter. */
export function compileOpenQuery(resource: Resource, query: OpenRowQuery): CompiledOpenQuery {
  const check = new OpenCheck(resource);
  const predicates = (query.filters ?? []).map((f) => check.filter(f)).filter((p): p is Predicate => p !== undefined);
  const search = (query.search ?? []).map((s) => check.search(s)).filter((s) => s !== undefined);
  const fields = check.select(query.select);
  const before = check.problems.length;
  const ordering = buildOrdering({ items: check.items, keyItem: keyOf(resource), masks: check.masks }, check.order(query.order));
  let after: CursorValue[] | undefined;
  // A cursor is judged against the ordering asked for; with a bad order there is none to judge by.
  if (query.after !== undefined && check.problems.length === before) {
    const decoded = decodeCursor(ordering, query.after);
    if ('problem' in decoded) check.problems.push(decoded.problem);
    else after = decoded.values;
  }
  const limit = check.count(query.limit, 'limit', DEFAULT_OPEN_LIMIT, 1, MAX_OPEN_LIMIT);
  const offset = check.count(query.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  if (query.after !== undefined && query.offset !== undefined) check.problems.push({ field: 'offset', message: 'cannot be combined with after' });
  if (check.problems.length) throw new InputError('invalid query', check.problems);
  return {
    items: check.items,
    masks: check.masks,
    fields,
    where: predicates.length === 0 ? null : predicates.length === 1 ? predicates[0]! : { and: predicates },
    search,
    ordering,
    after,
    limit,
    offset,
  };
}
