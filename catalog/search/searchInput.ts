/** Validation of a search query: every bad field named in one InputError, before any SQL runs. */
import { InputError } from '../../shared/index.js';
import { createAjv, toProblems } from '../ajv.js';
import { OPEN_TYPES, RESOURCE_FORMATS, RESOURCE_STATUSES, SHARING_TYPES, UPDATE_CYCLES } from '../model.js';
import { FRESHNESS_VALUES } from './freshness.js';
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_SORTS, type SearchQuery, type SearchSort } from './model.js';
import { queryTerms, type QueryTerm } from './text.js';

/** More terms than this cannot narrow a catalog further; it only costs index scans. */
export const MAX_TERMS = 10;

const list = (items: object) => ({ type: 'array', maxItems: 100, items });
const name = { type: 'string', minLength: 1, maxLength: 64 };

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 200 },
    filters: {
      type: 'object',
      additionalProperties: false,
      properties: {
        provider: list(name),
        classification: list({ type: 'string', pattern: '^[0-9A-Z]{1,21}$' }),
        sharingType: list({ enum: SHARING_TYPES }),
        openType: list({ enum: OPEN_TYPES }),
        format: list({ enum: RESOURCE_FORMATS }),
        updateCycle: list({ enum: UPDATE_CYCLES }),
        tags: list({ type: 'string', minLength: 1, maxLength: 50 }),
        freshness: list({ enum: FRESHNESS_VALUES }),
        status: list({ enum: RESOURCE_STATUSES }),
      },
    },
    sort: { enum: SEARCH_SORTS },
    order: { enum: ['asc', 'desc'] },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    limit: { type: 'integer', minimum: 0, maximum: SEARCH_MAX_LIMIT },
    facets: { type: 'boolean' },
    visibility: { enum: ['all', 'public'] },
    drillDown: { type: 'boolean' },
  },
};

const validate = createAjv().compile(schema);

/** A query checked and completed with its defaults. */
export interface PlannedSearch {
  terms: QueryTerm[];
  /** Every token prefix the terms need, each once. */
  prefixes: string[];
  /** The prefix with the fewest index entries, when there are several (set by the searcher). */
  rarest?: string;
  filters: NonNullable<SearchQuery['filters']>;
  sort: SearchSort;
  descending: boolean;
  offset: number;
  limit: number;
  facets: boolean;
  visibility: 'all' | 'public';
  drillDown: boolean;
}

export function planSearch(query: SearchQuery): PlannedSearch {
  // Fields set to undefined (from optional arguments passed along) mean "not given".
  const given: SearchQuery = JSON.parse(JSON.stringify(query ?? {}));
  if (!validate(given)) throw new InputError('invalid search', toProblems(validate.errors));
  const terms = queryTerms(query.q ?? '');
  if (terms.length > MAX_TERMS) throw new InputError('invalid search', [{ field: 'q', message: `must have at most ${MAX_TERMS} terms` }]);
  // Text made only of punctuation would otherwise search for nothing and list everything.
  if (!terms.length && query.q?.trim()) throw new InputError('invalid search', [{ field: 'q', message: 'has no letters, digits or Chinese characters to search for' }]);
  const sort = query.sort ?? (terms.length ? 'relevance' : 'code');
  const descending = query.order ? query.order === 'desc' : sort === 'relevance' || sort === 'updated' || sort === 'published';
  return {
    terms,
    prefixes: [...new Set(terms.flatMap((t) => t.prefixes))],
    filters: given.filters ?? {},
    sort,
    descending,
    offset: query.offset ?? 0,
    limit: query.limit ?? SEARCH_DEFAULT_LIMIT,
    facets: query.facets ?? true,
    visibility: query.visibility ?? 'all',
    drillDown: query.drillDown ?? false,
  };
}
