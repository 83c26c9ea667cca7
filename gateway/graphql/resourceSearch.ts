/**
 * `resources(search: …)` and the facets of a resource connection. A plain listing keeps its keyset
 * cursors by code; a search (or a sort, or a filter only search knows: tags, freshness) is a
 * ranked list, so its cursors are positions in it. The public catalog is always read through the
 * search: its SQL admits only what the visibility allows, in the page and in every count.
 */
import {
  SEARCH_MAX_LIMIT,
  type Catalog,
  type FacetCount,
  type FacetName,
  type Freshness,
  type Resource,
  type ResourceFilter,
  type SearchFilters,
  type SearchSort,
} from '../../catalog/index.js';
import { InputError } from '../../shared/index.js';
import type { Visibility } from './catalogVisibility.js';

export interface SearchFilterArgs extends ResourceFilter {
  tags?: string[] | null;
  freshness?: Freshness[] | null;
}

export interface ResourcesArgs {
  search?: string | null;
  filter?: SearchFilterArgs | null;
  sort?: SearchSort | null;
  order?: 'asc' | 'desc' | null;
  first: number;
  after?: string | null;
}

/**
 * Whether the arguments need the search rather than the plain listing. The plain listing knows no
 * visibility, and filtering its pages afterwards would break its counts and cursors.
 */
export function needsSearch(args: ResourcesArgs, visibility: Visibility): boolean {
  return visibility === 'public' || args.search != null || args.sort != null || !!args.filter?.tags?.length || !!args.filter?.freshness?.length;
}

export function toSearchFilters(filter: SearchFilterArgs | null | undefined): SearchFilters {
  if (!filter) return {};
  const one = <T>(v: T | null | undefined): T[] | undefined => (v == null ? undefined : [v]);
  return {
    provider: one(filter.provider),
    classification: one(filter.classification),
    sharingType: one(filter.sharingType),
    openType: one(filter.openType),
    format: one(filter.format),
    updateCycle: one(filter.updateCycle),
    status: filter.status ?? undefined,
    tags: filter.tags ?? undefined,
    freshness: filter.freshness ?? undefined,
  };
}

/** The facets of everything the arguments match, computed only when the field is asked for. */
export function lazyFacets(
  catalog: Catalog,
  q: string | null | undefined,
  filters: SearchFilters,
  visibility: Visibility,
): () => Promise<Partial<Record<FacetName, FacetCount[]>>> {
  return async () => (await searchAs(catalog, { q: q ?? undefined, filters, limit: 0, drillDown: true, visibility })).facets;
}

const encodeOffset = (position: number) => Buffer.from(JSON.stringify({ o: position }), 'utf8').toString('base64url');

function decodeOffset(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(parsed?.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new InputError('invalid cursor', [{ field: 'after', message: 'is not a cursor of this search' }]);
}

/** The search's own parameter names, as the GraphQL arguments that fed them. */
const ARGUMENT_OF: Record<string, string> = { q: 'search', limit: 'first', offset: 'after', sort: 'sort', order: 'order' };

function argumentName(field: string): string {
  const filter = /^filters\.([A-Za-z]+)/.exec(field);
  return filter ? `filter.${filter[1]}` : (ARGUMENT_OF[field] ?? field);
}

/** Runs a search, naming bad input by the GraphQL argument the caller wrote rather than the search's field. */
async function searchAs(catalog: Catalog, query: Parameters<Catalog['search']>[0]) {
  try {
    return await catalog.search(query);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError('invalid search', err.problems.map((p) => ({ field: argumentName(p.field), message: p.message })));
  }
}

export async function searchConnection(catalog: Catalog, args: ResourcesArgs, visibility: Visibility) {
  if (!Number.isInteger(args.first) || args.first < 0 || args.first > SEARCH_MAX_LIMIT) {
    throw new InputError('invalid page', [{ field: 'first', message: `must be an integer from 0 to ${SEARCH_MAX_LIMIT}` }]);
  }
  const offset = args.after ? decodeOffset(args.after) : 0;
  const filters = toSearchFilters(args.filter);
  const found = await searchAs(catalog, {
    q: args.search ?? undefined,
    filters,
    sort: args.sort ?? undefined,
    order: args.order ?? undefined,
    offset,
    limit: args.first,
    facets: false,
    visibility,
  });
  const edges = found.resources.map((node: Resource, i) => ({ cursor: encodeOffset(offset + i + 1), node }));
  return {
    totalCount: found.total,
    nodes: found.resources,
    edges,
    pageInfo: {
      hasNextPage: offset + edges.length < found.total,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    facets: lazyFacets(catalog, args.search, filters, visibility),
  };
}
