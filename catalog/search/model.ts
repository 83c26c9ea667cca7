/** What a catalog search asks and answers. */
import type { OpenType, Resource, ResourceFormat, ResourceStatus, SharingType, UpdateCycle } from '../model.js';
import type { Freshness } from './freshness.js';

export const FACET_NAMES = ['provider', 'classification', 'sharingType', 'openType', 'format', 'updateCycle', 'tags', 'freshness'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export const SEARCH_SORTS = ['relevance', 'name', 'code', 'updated', 'published'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_MAX_LIMIT = 1000;
export const SEARCH_DEFAULT_LIMIT = 20;

export interface SearchFilters {
  provider?: string[];
  /** Classification code prefixes: 类, 类+项, … (`1`, `101`, `101001`). */
  classification?: string[];
  sharingType?: SharingType[];
  openType?: OpenType[];
  format?: ResourceFormat[];
  updateCycle?: UpdateCycle[];
  tags?: string[];
  freshness?: Freshness[];
  /** Default: published only. */
  status?: ResourceStatus[];
}

export interface SearchQuery {
  /** Chinese substrings (人口), pinyin (renkou) and initials (rk), English words; terms separated by spaces must all match. */
  q?: string;
  /** Within one filter any listed value matches; different filters must all match. */
  filters?: SearchFilters;
  /** Default: relevance when there is a `q`, else code. */
  sort?: SearchSort;
  /** Default: descending for relevance, updated and published; ascending for name and code. */
  order?: 'asc' | 'desc';
  /** Default 0. */
  offset?: number;
  /** Default 20, at most 1000; 0 answers only the total and the facets. */
  limit?: number;
  /** Default true. */
  facets?: boolean;
  /**
   * `public`: only what anyone may see — published resources whose open attribute is open or
   * conditional — whatever the filters ask, in the results and in every facet count. Default `all`.
   */
  visibility?: 'all' | 'public';
  /**
   * Facet counts ignore the facet's own filter (drill-down), so that the other values of a filtered
   * facet stay visible with their counts. Default false: every count respects every filter.
   */
  drillDown?: boolean;
}

export interface FacetCount {
  value: string;
  label: string;
  count: number;
}

export interface SearchResult {
  total: number;
  offset: number;
  limit: number;
  resources: Resource[];
  facets: Partial<Record<FacetName, FacetCount[]>>;
}

/** The open attributes the public may see catalog entries of. */
export const PUBLIC_OPEN_TYPES: readonly OpenType[] = ['open', 'conditional'];
