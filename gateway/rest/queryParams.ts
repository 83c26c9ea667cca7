/**
 * Reading a query string: validation against the route's schema (ajv, every problem at once, each
 * naming its parameter), then the small syntaxes inside values — comma lists, `-item` orderings,
 * `item[op]` filters — into the exchange's open row query.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { OPEN_FILTER_OPS, type OpenFilter, type OpenFilterOp, type OrderTerm } from '../../exchange/index.js';
import { InputError, type FieldProblem } from '../../shared/index.js';
import type { QuerySchema } from './querySchemas.js';

// Query strings are text: coercion turns `limit=10` into a number and `include_total=false` into a
// boolean. A repeated scalar parameter stays an array, which the schema refuses.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: true, useDefaults: false, verbose: true });
ajv.addKeyword('x-free-form');
const compiled = new WeakMap<QuerySchema, ValidateFunction>();

function problemOf(e: ErrorObject): FieldProblem {
  if (e.keyword === 'additionalProperties') {
    return { field: String((e.params as { additionalProperty: string }).additionalProperty), message: 'is not a known parameter' };
  }
  const field = (e.instancePath.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~') || '(query)';
  if (Array.isArray(e.data) && e.keyword === 'type') return { field, message: 'must be given once' };
  if (e.keyword === 'type') return { field, message: (e.params as { type: string }).type === 'integer' ? 'must be an integer' : `must be a ${(e.params as { type: string }).type}` };
  if (e.keyword === 'enum') return { field, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
  return { field, message: e.message ?? 'is invalid' };
}

/** The query, validated and coerced; InputError naming every bad parameter otherwise. */
export function validateQuery<T = Record<string, unknown>>(schema: QuerySchema, query: Record<string, unknown>): T {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  const data = { ...query };
  if (validate(data)) return data as T;
  const seen = new Set<string>();
  const problems = (validate.errors ?? [])
    .filter((e) => e.keyword !== 'anyOf') // its branches say what is wrong
    .map(problemOf)
    .filter((p) => !seen.has(p.field) && seen.add(p.field) !== undefined);
  throw new InputError('invalid query', problems);
}

/** `a, b,c` → `['a', 'b', 'c']`. */
export function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/** `-decisionDate,caseNo` → descending decisionDate, then caseNo. */
export function orderTerms(value: string): OrderTerm[] {
  return commaList(value).map((term) => (term.startsWith('-') ? { field: term.slice(1), direction: 'desc' } : { field: term, direction: 'asc' }));
}

/** `decisionDate desc, caseNo` (CKAN's sort) → descending decisionDate, then caseNo. */
export function sortTerms(value: string, param = 'sort'): OrderTerm[] {
  return commaList(value).map((term) => {
    const [field = '', direction = 'asc', ...rest] = term.split(/\s+/);
    if (rest.length || (direction !== 'asc' && direction !== 'desc')) throw new InputError('invalid query', [{ field: param, message: 'must be comma-separated "item", "item asc" or "item desc"' }]);
    return { field, direction };
  });
}

const FILTER_PARAM = new RegExp(`^([a-z][A-Za-z0-9]*)(?:\\[(${OPEN_FILTER_OPS.join('|')})\\])?$`);

/** The filter parameters of a query (every parameter not in `reserved`), as open filters. */
export function filtersOf(query: Record<string, unknown>, reserved: readonly string[]): OpenFilter[] {
  const filters: OpenFilter[] = [];
  for (const [param, raw] of Object.entries(query)) {
    if (reserved.includes(param)) continue;
    const match = FILTER_PARAM.exec(param);
    if (!match) continue; // the schema has named it already
    const op = (match[2] ?? 'eq') as OpenFilterOp;
    const given = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    filters.push({ param, field: match[1]!, op, values: op === 'in' ? given.flatMap(commaList) : given });
  }
  return filters;
}
