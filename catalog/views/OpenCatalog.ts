/**
 * The public face of the catalog that the ecosystem views read: published resources whose open
 * attribute is open or conditional. A closed, draft or retired resource looks exactly like one
 * that does not exist.
 */
import { NotFoundError, redactIdentifiers } from '../../shared/index.js';
import type { Catalog } from '../Catalog.js';
import type { CodeSet, Department, Resource } from '../model.js';
import { SEARCH_MAX_LIMIT, type SearchQuery, type SearchResult } from '../search/model.js';
import type { DcatContext } from './dcat.js';
import type { DataPackageContext } from './frictionless.js';
import type { PublicUrls } from './publicUrls.js';
import { isPublicResource } from './visibility.js';

export interface PublicPage {
  total: number;
  resources: Resource[];
}

/** The platform operator, publisher of the catalog as a whole (DESIGN §6). */
export const OPERATOR_DEPARTMENT = 'eit';

export class OpenCatalog {
  constructor(private readonly catalog: Catalog) {}

  /** A public resource by code or apiName; NotFoundError otherwise. */
  async resource(codeOrApiName: string): Promise<Resource> {
    const [found] = await this.catalog.getResources([codeOrApiName]);
    if (!found || !isPublicResource(found)) throw new NotFoundError(`no public resource "${redactIdentifiers(codeOrApiName)}"`);
    return found;
  }

  /** Public resources among the given codes or apiNames; the others are left out. */
  async resources(codesOrApiNames: readonly string[]): Promise<Resource[]> {
    return (await this.catalog.getResources(codesOrApiNames)).filter(isPublicResource);
  }

  /** A page of the public resources, with how many match in all (search's `visibility: 'public'`). */
  async search(query: Omit<SearchQuery, 'visibility'>): Promise<SearchResult> {
    return this.catalog.search({ ...query, visibility: 'public' });
  }

  /** Every public resource, by code. */
  async all(): Promise<Resource[]> {
    const found: Resource[] = [];
    for (;;) {
      const page = await this.search({ sort: 'code', offset: found.length, limit: SEARCH_MAX_LIMIT, facets: false });
      found.push(...page.resources);
      if (!page.resources.length || found.length >= page.total) return found;
    }
  }

  /**
   * A page of the public resources by code, with the total, and when the public catalog was first
   * published and last changed. The catalog changes when an entry does; data arriving changes
   * the dataset's `modified`, not the catalog's.
   */
  async page(offset: number, limit: number): Promise<PublicPage & { issued: string | null; modified: string | null }> {
    const [page, first, latest] = await Promise.all([
      this.search({ sort: 'code', order: 'asc', offset, limit, facets: false }),
      this.search({ sort: 'published', order: 'asc', limit: 1, facets: false }),
      this.search({ sort: 'updated', order: 'desc', limit: 1, facets: false }),
    ]);
    return {
      total: page.total,
      resources: page.resources,
      issued: first.resources[0]?.publishedOn ?? null,
      modified: latest.resources[0]?.updatedAt ?? null,
    };
  }

  async departments(): Promise<Department[]> {
    return this.catalog.listDepartments();
  }

  async codeSets(ids: string[]): Promise<CodeSet[]> {
    return ids.length ? this.catalog.listCodeSets(ids) : [];
  }

  /** What the DCAT-AP views need beside the resources: departments, and which related resources are public. */
  async dcatContext(urls: PublicUrls, resources: readonly Resource[]): Promise<DcatContext> {
    const departments = new Map((await this.departments()).map((d) => [d.code, d]));
    const operator = departments.get(OPERATOR_DEPARTMENT);
    // A deployment without its operator is misconfigured, not a client's mistake: a 500, logged.
    if (!operator) throw new Error(`the operator department "${OPERATOR_DEPARTMENT}" is not registered`);
    const related = [...new Set(resources.flatMap((r) => r.relatedResources))];
    const publicRelated = await this.resources(related);
    return { urls, operator, departments, publicApiNames: new Map(publicRelated.map((r) => [r.code, r.apiName])) };
  }

  /** What a Data Package needs beside the resource: its provider, code sets and referenced resources. */
  async dataPackageContext(urls: PublicUrls, resource: Resource): Promise<DataPackageContext> {
    const provider = await this.catalog.getDepartment(resource.provider);
    const setIds = [...new Set(resource.items.flatMap((i) => (i.codeSet ? [i.codeSet] : [])))];
    const targets = [...new Set(resource.items.flatMap((i) => (i.references ?? []).map((r) => r.resource)))];
    const referenced = await this.resources(targets);
    return {
      urls,
      provider,
      codeSets: new Map((await this.codeSets(setIds)).map((s) => [s.id, s])),
      referenced: new Map(referenced.map((r) => [r.apiName, r])),
    };
  }
}
