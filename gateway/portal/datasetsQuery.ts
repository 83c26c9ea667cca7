/**
 * The query string of `/datasets`: read strictly (an unknown, repeated or malformed parameter is a
 * 400 naming it, nothing is dropped), turned into a catalog search, and written back into the
 * links that add or remove a facet value or turn the page.
 */
import { FACET_NAMES, FRESHNESS_VALUES, PUBLIC_OPEN_TYPES, RESOURCE_FORMATS, SEARCH_SORTS, SHARING_TYPES, UPDATE_CYCLES, type FacetName, type SearchQuery, type SearchSort } from '../../catalog/index.js';
import { InputError, type FieldProblem, redactIdentifiers } from '../../shared/index.js';

/** Results per page: a screen of result cards. */
export const PAGE_SIZE = 10;
/** The search reads at most a million rows deep; no one pages further than this by hand. */
export const MAX_PAGE = 10_000;
const MAX_Q = 200;
const MAX_VALUES = 20;

/** The parameter of each facet (`tag` reads better in a URL than the facet's name `tags`). */
export const FACET_PARAMS: Record<FacetName, string> = {
  provider: 'provider',
  classification: 'classification',
  sharingType: 'sharingType',
  openType: 'openType',
  format: 'format',
  updateCycle: 'updateCycle',
  tags: 'tag',
  freshness: 'freshness',
};

const PARAMS = ['q', 'sort', 'page', ...FACET_NAMES.map((f) => FACET_PARAMS[f])];

export type DatasetFilters = Partial<Record<FacetName, string[]>>;

export interface DatasetsQuery {
  /** The search text as typed; '' when none. */
  q: string;
  filters: DatasetFilters;
  /** Absent: relevance with text, else by code (the catalog's default). */
  sort?: SearchSort;
  page: number;
}

/** How each facet's values are checked; `providers` are the registered departments' codes. */
function valueCheck(facet: FacetName, providers: ReadonlySet<string>): (value: string) => string | undefined {
  const oneOf = (allowed: readonly string[]) => (v: string) => (allowed.includes(v) ? undefined : `必须是以下之一：${allowed.join('、')}`);
  switch (facet) {
    case 'provider':
      return (v) => (providers.has(v) ? undefined : '不是已登记的部门代码');
    case 'classification':
      return (v) => (/^[0-9A-Z]{1,21}$/.test(v) ? undefined : '必须是分类代码（1 至 21 位数字或大写字母）');
    case 'sharingType':
      return oneOf(SHARING_TYPES);
    case 'openType':
      return oneOf(PUBLIC_OPEN_TYPES);
    case 'format':
      return oneOf(RESOURCE_FORMATS);
    case 'updateCycle':
      return oneOf(UPDATE_CYCLES);
    case 'tags':
      return (v) => ([...v].length <= 50 ? undefined : '不能超过 50 个字符');
    case 'freshness':
      return oneOf(FRESHNESS_VALUES);
  }
}

/** A single-valued parameter; '' (an empty form field) counts as not given. */
function single(problems: FieldProblem[], name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push({ field: name, message: '只能出现一次' });
    return undefined;
  }
  return value === '' ? undefined : value;
}

function readPage(problems: FieldProblem[], raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (/^\d{1,6}$/.test(raw) && n >= 1 && n <= MAX_PAGE) return n;
  problems.push({ field: 'page', message: `必须是 1 到 ${MAX_PAGE} 之间的整数` });
  return 1;
}

/** Reads the query of `/datasets`; an InputError names every bad parameter at once. */
export function readDatasetsQuery(query: Record<string, unknown>, providers: ReadonlySet<string>): DatasetsQuery {
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(query)) {
    if (!PARAMS.includes(name)) problems.push({ field: redactIdentifiers(name, 40), message: `不是本页的参数（可用参数：${PARAMS.join('、')}）` });
  }
  const q = single(problems, 'q', query.q) ?? '';
  if ([...q].length > MAX_Q) problems.push({ field: 'q', message: `不能超过 ${MAX_Q} 个字符` });
  const sort = single(problems, 'sort', query.sort);
  if (sort !== undefined && !(SEARCH_SORTS as readonly string[]).includes(sort)) problems.push({ field: 'sort', message: `必须是以下之一：${SEARCH_SORTS.join('、')}` });
  const page = readPage(problems, single(problems, 'page', query.page));
  const filters: DatasetFilters = {};
  for (const facet of FACET_NAMES) {
    const param = FACET_PARAMS[facet];
    const given = query[param];
    if (given === undefined) continue;
    const values = [...new Set([given].flat())];
    if (values.length > MAX_VALUES) problems.push({ field: param, message: `最多选择 ${MAX_VALUES} 个值` });
    const check = valueCheck(facet, providers);
    for (const value of values) {
      const problem = typeof value !== 'string' || value === '' ? '不能为空' : check(value);
      if (problem) problems.push({ field: param, message: problem });
    }
    filters[facet] = values as string[];
  }
  if (problems.length) throw new InputError('invalid query', problems);
  return { q, filters, ...(sort ? { sort: sort as SearchSort } : {}), page };
}

/** The catalog search of a results page; facet counts ignore their own facet, so more values can be added. */
export function toSearchQuery(query: DatasetsQuery): Omit<SearchQuery, 'visibility'> {
  const text = query.q.trim();
  // Relevance without text ranks nothing; the catalog's default order (by code) is what it means.
  const sort = query.sort === 'relevance' && !text ? undefined : query.sort;
  return {
    ...(text ? { q: query.q } : {}),
    filters: query.filters as SearchQuery['filters'],
    ...(sort ? { sort } : {}),
    offset: (query.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
    facets: true,
    drillDown: true,
  };
}

/** The number of the last results page (1 when there are no results). */
export function lastPageOf(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/** The `/datasets` URL of a query: parameters in a stable order, page 1 left out. */
export function datasetsHref(query: DatasetsQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.append('q', query.q);
  for (const facet of FACET_NAMES) for (const value of query.filters[facet] ?? []) params.append(FACET_PARAMS[facet], value);
  if (query.sort) params.append('sort', query.sort);
  if (query.page > 1) params.append('page', String(query.page));
  const search = params.toString();
  return search ? `/datasets?${search}` : '/datasets';
}

/** The same search with a facet value added or removed (back on page 1). */
export function toggled(query: DatasetsQuery, facet: FacetName, value: string): DatasetsQuery {
  const current = query.filters[facet] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...query, filters: { ...query.filters, [facet]: next }, page: 1 };
}

export function isSelected(query: DatasetsQuery, facet: FacetName, value: string): boolean {
  return query.filters[facet]?.includes(value) ?? false;
}

/** Every selected facet value, in facet order. */
export function selections(query: DatasetsQuery): { facet: FacetName; value: string }[] {
  return FACET_NAMES.flatMap((facet) => (query.filters[facet] ?? []).map((value) => ({ facet, value })));
}
