/**
 * From CKAN's field clauses to the catalog search's filters. Clauses on one field are ANDed, which
 * for a single-valued field (organization, group, open type…) is the intersection of their values;
 * a filter no package can pass makes the whole search empty rather than an error.
 */
import {
  CATEGORIES,
  FORMATS_OF,
  FRESHNESS_VALUES,
  groupId,
  groupName,
  OPEN_TYPES,
  organizationId,
  SHARING_TYPES,
  UPDATE_CYCLES,
  type Department,
  type OpenType,
  type SearchFilters,
} from '../../catalog/index.js';
import { InputError, redactIdentifiers } from '../../shared/index.js';
import type { Clause } from './solrQuery.js';

/** The fields `fq` (and field clauses in `q`) understand. */
export const FILTER_FIELDS = ['organization', 'owner_org', 'tags', 'res_format', 'groups', 'sharing_type', 'open_type', 'update_cycle', 'freshness', 'classification'] as const;

/** No package can match. */
export const NOTHING = Symbol('nothing matches');

function invalid(param: string, message: string): never {
  throw new InputError('Search Query is invalid', [{ field: param, message: `Search Query is invalid: ${redactIdentifiers(message, 300)}` }]);
}

/** Values of the clauses on one field, intersected; `prefix` fields keep the longer of nested prefixes. */
function intersect(sets: string[][], prefix = false): string[] {
  return sets.reduce((acc, values) =>
    prefix
      ? [...new Set([...acc, ...values])].filter((v) => acc.some((a) => v.startsWith(a)) && values.some((b) => v.startsWith(b)))
      : acc.filter((v) => values.includes(v)),
  );
}

function enumValues(clause: Clause, allowed: readonly string[], param: string): string[] {
  for (const v of clause.values) if (!allowed.includes(v)) invalid(param, `${clause.field} must be one of ${allowed.join(', ')}, not "${v}"`);
  return clause.values;
}

/** Open types whose packages offer a resource in one of these formats (`res_format:CSV`). */
function openTypesWithFormat(formats: string[]): string[] {
  const wanted = formats.map((f) => f.toUpperCase());
  return (Object.keys(FORMATS_OF) as (keyof typeof FORMATS_OF)[]).filter((t) => FORMATS_OF[t].some((f) => wanted.includes(f)));
}

/** Department codes for organization names or ids; unknown ones match nothing. */
function departmentCodes(values: string[], departments: readonly Department[]): string[] {
  return values.flatMap((v) => departments.filter((d) => d.code === v || organizationId(d.code) === v).map((d) => d.code));
}

function categoryCodes(values: string[]): string[] {
  return values.flatMap((v) => Object.keys(CATEGORIES).filter((c) => groupName(c) === v || groupId(c) === v));
}

export function searchFilters(clauses: Clause[], departments: readonly Department[], param: 'q' | 'fq'): SearchFilters | typeof NOTHING {
  const byField = new Map<string, string[][]>();
  for (const clause of clauses) {
    if (!(FILTER_FIELDS as readonly string[]).includes(clause.field)) {
      invalid(param, `unknown field "${clause.field}" (known: ${FILTER_FIELDS.join(', ')})`);
    }
    const values = (() => {
      switch (clause.field as (typeof FILTER_FIELDS)[number]) {
        case 'organization':
        case 'owner_org':
          return departmentCodes(clause.values, departments);
        case 'groups':
          return categoryCodes(clause.values);
        case 'res_format':
          return openTypesWithFormat(clause.values);
        case 'sharing_type':
          return enumValues(clause, SHARING_TYPES, param);
        case 'open_type':
          return enumValues(clause, OPEN_TYPES, param);
        case 'update_cycle':
          return enumValues(clause, UPDATE_CYCLES, param);
        case 'freshness':
          return enumValues(clause, FRESHNESS_VALUES, param);
        case 'classification':
          for (const v of clause.values) if (!/^[0-9A-Z]{1,21}$/.test(v)) invalid(param, `classification must be a classification code prefix, not "${v}"`);
          return clause.values;
        case 'tags':
          return clause.values;
      }
    })();
    const field = clause.field === 'owner_org' ? 'organization' : clause.field;
    byField.set(field, [...(byField.get(field) ?? []), values]);
  }
  const tagSets = byField.get('tags') ?? [];
  // A package has many tags, so tags:a AND tags:b is no intersection of values: not expressible.
  if (tagSets.length > 1 && new Set(tagSets.map((s) => JSON.stringify([...s].sort()))).size > 1) {
    invalid(param, 'several different tags clauses are not supported; ask for any of them with tags:(a OR b)');
  }
  const filters: SearchFilters = {};
  const put = <K extends keyof SearchFilters>(key: K, field: string, prefix = false) => {
    const sets = byField.get(field);
    if (sets) filters[key] = intersect(sets, prefix) as SearchFilters[K];
  };
  put('provider', 'organization');
  put('tags', 'tags');
  put('classification', 'groups', true);
  put('openType', 'res_format');
  put('sharingType', 'sharing_type');
  put('updateCycle', 'update_cycle');
  put('freshness', 'freshness');
  if (byField.has('open_type')) {
    const asked = intersect(byField.get('open_type')!);
    filters.openType = filters.openType ? filters.openType.filter((t) => asked.includes(t)) : (asked as OpenType[]);
  }
  if (byField.has('classification')) {
    const asked = intersect(byField.get('classification')!, true);
    filters.classification = filters.classification ? intersect([filters.classification, asked], true) : asked;
  }
  return Object.values(filters).some((values) => !values.length) ? NOTHING : filters;
}
