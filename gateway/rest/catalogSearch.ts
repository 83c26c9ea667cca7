/**
 * `GET /api/v1/resources`: the public catalog listing — search, filters, facets — with no account.
 * Only published resources whose open attribute is open or conditional appear, in the items and
 * in every facet count; closed ones do not exist here. Facets drill down: a facet's counts leave
 * its own filter out, so a portal can offer the other values of a filter already chosen.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { Router, type Request } from 'express';
import {
  FRESHNESS_VALUES,
  OPEN_TYPES,
  RESOURCE_FORMATS,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_SORTS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  type Catalog,
  type SearchFilters,
  type SearchQuery,
} from '../../catalog/index.js';
import { InputError, type FieldProblem } from '../../shared/index.js';

/** Parameters that may repeat (`?tag=a&tag=b`) or list values with commas (`?tag=a,b`). */
const LIST_PARAMETERS = ['provider', 'classification', 'sharingType', 'openType', 'format', 'updateCycle', 'tag', 'freshness'] as const;
const SCALAR_PARAMETERS = ['q', 'sort', 'order', 'limit', 'offset'] as const;

const list = (items: object) => ({ type: 'array', maxItems: 100, items });

export const resourceListingSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 200 },
    provider: list({ type: 'string', minLength: 1, maxLength: 32 }),
    classification: list({ type: 'string', pattern: '^[0-9A-Z]{1,21}$' }),
    sharingType: list({ enum: SHARING_TYPES }),
    openType: list({ enum: OPEN_TYPES.filter((t) => t !== 'closed') }),
    format: list({ enum: RESOURCE_FORMATS }),
    updateCycle: list({ enum: UPDATE_CYCLES }),
    tag: list({ type: 'string', minLength: 1, maxLength: 50 }),
    freshness: list({ enum: FRESHNESS_VALUES }),
    sort: { enum: SEARCH_SORTS },
    order: { enum: ['asc', 'desc'] },
    limit: { type: 'integer', minimum: 1, maximum: SEARCH_MAX_LIMIT },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  },
};

// Query strings carry text only: ajv turns `limit=20` into a number.
const validate = new Ajv({ allErrors: true, coerceTypes: true }).compile(resourceListingSchema);

/** `/sharingType/1` → `sharingType`: the parameter, which is what a caller can fix. */
function toProblems(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  const problems = new Map<string, string>();
  for (const e of errors ?? []) {
    const field = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : e.instancePath.split('/')[1] || '(query)';
    const message =
      e.keyword === 'additionalProperties'
        ? 'is not a parameter of this listing'
        : e.keyword === 'enum'
          ? `must be one of ${(e.params.allowedValues as string[]).join(', ')}`
          : (e.message ?? 'is invalid');
    if (!problems.has(field)) problems.set(field, message);
  }
  return [...problems].map(([field, message]) => ({ field, message }));
}

/** The query string as the schema sees it: lists flattened and split at commas, scalars given once. */
function readParameters(query: Request['query']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [name, raw] of Object.entries(query)) {
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    if ((LIST_PARAMETERS as readonly string[]).includes(name)) out[name] = values.flatMap((v) => v.split(','));
    else if ((SCALAR_PARAMETERS as readonly string[]).includes(name) && values.length > 1) problems.push({ field: name, message: 'must be given once' });
    else out[name] = values[0];
  }
  if (problems.length) throw new InputError('invalid query', problems);
  return out;
}

/** The parameters once the schema has accepted them: the search's filters (one `tag` per tag) and paging. */
interface ListingParameters extends Omit<SearchFilters, 'tags' | 'status'>, Pick<SearchQuery, 'q' | 'sort' | 'order' | 'limit' | 'offset'> {
  tag?: string[];
}

/** The search a listing request asks for; InputError naming each bad parameter. */
export function parseListingQuery(query: Request['query']): SearchQuery {
  const given = readParameters(query);
  if (!validate(given)) throw new InputError('invalid query', toProblems(validate.errors));
  const { q, tag, sort, order, limit, offset, ...filters } = given as ListingParameters;
  return {
    q,
    filters: { ...filters, tags: tag },
    sort,
    order,
    limit: limit ?? SEARCH_DEFAULT_LIMIT,
    offset: offset ?? 0,
    visibility: 'public',
    drillDown: true,
  };
}

export function catalogSearchRouter(catalog: Catalog): Router {
  const router = Router();
  router.get('/resources', async (req, res) => {
    const result = await catalog.search(parseListingQuery(req.query));
    res.json({ total: result.total, offset: result.offset, limit: result.limit, items: await catalog.summaries(result.resources), facets: result.facets });
  });
  return router;
}
