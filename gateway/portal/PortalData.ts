/**
 * What each portal page shows, read from the public catalog only: the open catalog view for
 * entries (closed, draft and retired resources do not exist here) and open data for the preview
 * rows, which are masked, and recorded in the audit ledger, like every other open read.
 */
import type { Catalog, CodeSet, DataItem, Department, FacetCount, Freshness, OpenCatalog, Resource, SearchResult } from '../../catalog/index.js';
import { openItems, type OpenData, type OpenPage } from '../../exchange/index.js';
import { InputError } from '../../shared/index.js';
import { lastPageOf, readDatasetsQuery, toSearchQuery, type DatasetsQuery } from './datasetsQuery.js';

/** Rows the dataset page previews. */
export const PREVIEW_ROWS = 20;

/** A dataset in a list, with what the card needs beside the resource. */
export interface Listed {
  resource: Resource;
  providerName: string;
  freshness: Freshness;
}

export interface HomeData {
  datasets: number;
  /** Departments with at least one public dataset. */
  departments: number;
  /** Datasets whose rows anyone may download. */
  openDatasets: number;
  providers: FacetCount[];
  classifications: FacetCount[];
  tags: FacetCount[];
  recent: Listed[];
}

export interface ResultsData {
  query: DatasetsQuery;
  result: SearchResult;
  listed: Listed[];
  departments: ReadonlyMap<string, Department>;
  /** With no results: how many the text alone finds (when filters were set), and the most used tags. */
  suggestions?: { withoutFilters: number | null; tags: FacetCount[] };
}

export interface DatasetData {
  resource: Resource;
  provider: Department | undefined;
  freshness: Freshness;
  /** The items open data publishes, in catalog order. */
  items: DataItem[];
  codeSets: ReadonlyMap<string, CodeSet>;
  /** Related resources that are in the public catalog. */
  related: Resource[];
  /** The first rows, for open resources only. */
  preview?: OpenPage;
}

const RECENT = 5;

export class PortalData {
  constructor(
    private readonly catalog: Catalog,
    private readonly openCatalog: OpenCatalog,
    private readonly openData: OpenData,
  ) {}

  async home(): Promise<HomeData> {
    const [counts, recent, departments] = await Promise.all([
      this.openCatalog.search({ limit: 0, facets: true }),
      this.openCatalog.search({ sort: 'updated', limit: RECENT, facets: false }),
      this.departments(),
    ]);
    const facets = counts.facets;
    return {
      datasets: counts.total,
      departments: facets.provider?.length ?? 0,
      openDatasets: facets.openType?.find((f) => f.value === 'open')?.count ?? 0,
      providers: facets.provider ?? [],
      classifications: facets.classification ?? [],
      tags: (facets.tags ?? []).slice(0, 12),
      recent: this.listed(recent.resources, departments),
    };
  }

  /** A results page; a page past the last one is bad input, naming `page`. */
  async results(rawQuery: Record<string, unknown>): Promise<ResultsData> {
    const departments = await this.departments();
    const query = readDatasetsQuery(rawQuery, new Set(departments.keys()));
    const result = await this.openCatalog.search(toSearchQuery(query));
    const last = lastPageOf(result.total);
    if (query.page > last) throw new InputError('invalid query', [{ field: 'page', message: `超出最后一页（共 ${last} 页）` }]);
    const data: ResultsData = { query, result, listed: this.listed(result.resources, departments), departments };
    if (result.total === 0) data.suggestions = await this.suggestions(query);
    return data;
  }

  /** A public dataset by apiName or code; NotFoundError for anything else (closed looks like absent). */
  async dataset(codeOrApiName: string, requestId: string): Promise<DatasetData> {
    const resource = await this.openCatalog.resource(codeOrApiName);
    const items = openItems(resource);
    const setIds = [...new Set(items.flatMap((i) => (i.codeSet ? [i.codeSet] : [])))];
    const [departments, codeSets, related, preview] = await Promise.all([
      this.departments(),
      this.openCatalog.codeSets(setIds),
      this.openCatalog.resources(resource.relatedResources),
      resource.open.type === 'open'
        ? this.openData.rows(resource.code, { limit: PREVIEW_ROWS }, { requestId, action: 'portal-preview', format: 'html' })
        : undefined,
    ]);
    return {
      resource,
      provider: departments.get(resource.provider),
      freshness: this.catalog.freshness(resource),
      items,
      codeSets: new Map(codeSets.map((s) => [s.id, s])),
      related,
      preview,
    };
  }

  private async departments(): Promise<Map<string, Department>> {
    return new Map((await this.openCatalog.departments()).map((d) => [d.code, d]));
  }

  private listed(resources: readonly Resource[], departments: ReadonlyMap<string, Department>): Listed[] {
    return resources.map((resource) => ({
      resource,
      providerName: departments.get(resource.provider)?.name ?? resource.provider,
      freshness: this.catalog.freshness(resource),
    }));
  }

  private async suggestions(query: DatasetsQuery): Promise<NonNullable<ResultsData['suggestions']>> {
    const filtered = Object.values(query.filters).some((values) => values.length);
    const [textOnly, all] = await Promise.all([
      filtered && query.q.trim() ? this.openCatalog.search({ q: query.q, limit: 0, facets: false }) : undefined,
      this.openCatalog.search({ limit: 0, facets: true }),
    ]);
    return { withoutFilters: textOnly ? textOnly.total : null, tags: (all.facets.tags ?? []).slice(0, 8) };
  }
}
