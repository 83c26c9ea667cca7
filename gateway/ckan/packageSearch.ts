/**
 * `package_search` over the public catalog: `q` (free text through the catalog search, plus field
 * clauses), `fq`, `rows` (≤ 1000, default 10), `start`, `sort` and `facet.field`, answered as CKAN
 * does: `{count, results, sort, facets, search_facets}`.
 */
import {
  ckanLicence,
  ckanPackage,
  FORMATS_OF,
  groupName,
  slugOf,
  type CkanPackageContext,
  type FacetCount,
  type OpenCatalog,
  type Resource,
  type SearchFilters,
  type SearchResult,
  type SearchSort,
} from '../../catalog/index.js';
import { InputError, redactIdentifiers } from '../../shared/index.js';
import { boolParam, intParam, listParam, stringParam, type Params } from './params.js';
import { NOTHING, searchFilters } from './searchFilters.js';
import { parseSolrQuery } from './solrQuery.js';

export const PACKAGE_SEARCH_PARAMS = ['q', 'fq', 'rows', 'start', 'sort', 'facet', 'facet.field', 'facet.limit', 'facet.mincount', 'include_private', 'include_drafts'];

export const MAX_ROWS = 1000;
const DEFAULT_SORT = 'score desc, metadata_modified desc';

/** CKAN facet fields and the search facet each is counted from (license_id is counted here). */
const FACET_SOURCES = {
  organization: 'provider',
  tags: 'tags',
  groups: 'classification',
  res_format: 'openType',
  license_id: null,
  sharing_type: 'sharingType',
  open_type: 'openType',
  update_cycle: 'updateCycle',
  freshness: 'freshness',
} as const;
type CkanFacet = keyof typeof FACET_SOURCES;

type Order = { sort: SearchSort; order: 'asc' | 'desc' } | { sort: 'slug'; order: 'asc' | 'desc' };

const SORT_FIELDS: Record<string, SearchSort | 'slug'> = {
  score: 'relevance',
  metadata_modified: 'updated',
  metadata_created: 'published',
  title_string: 'name',
  title: 'name',
  name: 'slug',
};

/** The first sort term that applies: `score` means nothing without search words, so the next one decides. */
function parseSort(text: string, hasWords: boolean): Order {
  const terms = text.split(',').map((t) => t.trim()).filter(Boolean);
  const parsed = terms.map((term) => {
    const [field, dir = 'asc', extra] = term.split(/\s+/);
    const sort = SORT_FIELDS[field!];
    if (!sort || !['asc', 'desc'].includes(dir) || extra) {
      throw new InputError('Invalid sort', [{ field: 'sort', message: `"${redactIdentifiers(term, 60)}" is not "<field> asc|desc" with a field of ${Object.keys(SORT_FIELDS).join(', ')}` }]);
    }
    return { sort, order: dir as 'asc' | 'desc' };
  });
  return parsed.find((p) => p.sort !== 'relevance' || hasWords) ?? { sort: 'updated', order: 'desc' };
}

function facetFields(params: Params): CkanFacet[] {
  if (!boolParam(params, 'facet', true)) return [];
  const fields = listParam(params, 'facet.field') ?? [];
  for (const f of fields) {
    if (!(f in FACET_SOURCES)) throw new InputError('Invalid facet field', [{ field: 'facet.field', message: `"${redactIdentifiers(f, 60)}" is not one of ${Object.keys(FACET_SOURCES).join(', ')}` }]);
  }
  return [...new Set(fields)] as CkanFacet[];
}

interface FacetItem {
  name: string;
  display_name: string;
  count: number;
}

function itemsOf(field: CkanFacet, facets: SearchResult['facets'], licences: Map<string, FacetItem>): FacetItem[] {
  if (field === 'license_id') return [...licences.values()];
  const counts: FacetCount[] = facets[FACET_SOURCES[field]] ?? [];
  if (field === 'res_format') {
    const formats = new Map<string, number>();
    for (const { value, count } of counts) for (const f of FORMATS_OF[value as keyof typeof FORMATS_OF] ?? []) formats.set(f, (formats.get(f) ?? 0) + count);
    return [...formats].map(([name, count]) => ({ name, display_name: name, count }));
  }
  if (field === 'groups') return counts.map((c) => ({ name: groupName(c.value), display_name: c.label, count: c.count }));
  return counts.map((c) => ({ name: c.value, display_name: c.label, count: c.count }));
}

export interface PackageSearchDeps {
  openCatalog: OpenCatalog;
  context: CkanPackageContext;
}

export async function packageSearch(params: Params, deps: PackageSearchDeps) {
  const q = parseSolrQuery(stringParam(params, 'q') ?? '', 'q');
  const fq = parseSolrQuery(stringParam(params, 'fq') ?? '', 'fq');
  const rows = intParam(params, 'rows', 10, 0, MAX_ROWS);
  const start = intParam(params, 'start', 0, 0, 1_000_000);
  const sortText = stringParam(params, 'sort') ?? DEFAULT_SORT;
  const order = parseSort(sortText, q.words.length > 0);
  const fields = facetFields(params);
  const facetLimit = intParam(params, 'facet.limit', 50, -1, 1000);
  const mincount = intParam(params, 'facet.mincount', 1, 0, 1_000_000);
  boolParam(params, 'include_private', false); // nothing public is private
  boolParam(params, 'include_drafts', false); // drafts are never public

  const departments = [...deps.context.departments.values()];
  searchFilters(q.clauses, departments, 'q'); // so that a bad clause in q is named as q's
  const filters = searchFilters([...q.clauses, ...fq.clauses], departments, 'fq');
  const empty = { count: 0, results: [] as unknown[], sort: sortText, facets: {} as Record<string, Record<string, number>>, search_facets: {} as Record<string, unknown> };
  for (const f of fields) {
    empty.facets[f] = {};
    empty.search_facets[f] = { title: f, items: [] };
  }
  if (filters === NOTHING) return empty;

  const query = { q: q.words.join(' ') || undefined, filters: filters as SearchFilters };
  const wantsSearchFacets = fields.some((f) => FACET_SOURCES[f] !== null);
  let page: { total: number; resources: Resource[]; facets: SearchResult['facets'] };
  if (order.sort === 'slug') {
    // Package names are slugs of apiNames, which the search does not order by: sort the matches here.
    const all = await matching(deps.openCatalog, query);
    all.sort((a, b) => (slugOf(a.apiName) < slugOf(b.apiName) ? -1 : 1) * (order.order === 'asc' ? 1 : -1));
    const facets = wantsSearchFacets ? (await deps.openCatalog.search({ ...query, limit: 0, facets: true })).facets : {};
    page = { total: all.length, resources: all.slice(start, start + rows), facets };
  } else {
    page = await deps.openCatalog.search({ ...query, sort: order.sort, order: order.order, offset: start, limit: rows, facets: wantsSearchFacets });
  }
  const licences = fields.includes('license_id') ? licenceCounts(await matching(deps.openCatalog, query)) : new Map<string, FacetItem>();

  const result = { ...empty, count: page.total, results: page.resources.map((r) => ckanPackage(r, deps.context)) };
  for (const field of fields) {
    const items = itemsOf(field, page.facets, licences)
      .filter((i) => i.count >= mincount)
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1))
      .slice(0, facetLimit < 0 ? undefined : facetLimit);
    result.facets[field] = Object.fromEntries(items.map((i) => [i.name, i.count]));
    result.search_facets[field] = { title: field, items };
  }
  return result;
}

/** Every public resource the query matches (for orders and counts the search cannot give). */
async function matching(openCatalog: OpenCatalog, query: { q?: string; filters: SearchFilters }): Promise<Resource[]> {
  const found: Resource[] = [];
  for (;;) {
    const page = await openCatalog.search({ ...query, sort: 'code', offset: found.length, limit: MAX_ROWS, facets: false });
    found.push(...page.resources);
    if (!page.resources.length || found.length >= page.total) return found;
  }
}

function licenceCounts(resources: Resource[]): Map<string, FacetItem> {
  const counts = new Map<string, FacetItem>();
  for (const r of resources) {
    const { license_id: name, license_title: title } = ckanLicence(r);
    const item = counts.get(name) ?? { name, display_name: title, count: 0 };
    item.count++;
    counts.set(name, item);
  }
  return counts;
}
