/**
 * The public face of the catalog that the ecosystem views read: published resources whose open
 * attribute is open or conditional. A closed, draft or retired resource looks exactly like one
 * that does not exist.
 */
import { NotFoundError } from '../../shared/errors.js';
import type { Catalog } from '../Catalog.js';
import type { CodeSet, Department, Resource } from '../model.js';
import { datasetModified, type DcatContext } from './dcat.js';
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
    if (!found || !isPublicResource(found)) throw new NotFoundError(`no public resource "${codeOrApiName}"`);
    return found;
  }

  /** Public resources among the given codes or apiNames; the others are left out. */
  async resources(codesOrApiNames: readonly string[]): Promise<Resource[]> {
    return (await this.catalog.getResources(codesOrApiNames)).filter(isPublicResource);
  }

  /** Every public resource, by code. */
  async all(): Promise<Resource[]> {
    const found: Resource[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.catalog.listResources({ status: ['published'] }, 1000, after);
      found.push(...page.nodes.filter(isPublicResource));
      if (!page.hasNextPage) return found;
      after = page.endCursor ?? undefined;
    }
  }

  /** A page of the public resources by code, with how many there are in all. */
  async page(offset: number, limit: number): Promise<PublicPage & { issued: string | null; modified: string | null }> {
    const all = await this.all();
    const published = all.flatMap((r) => (r.publishedOn ? [r.publishedOn] : [])).sort();
    const modified = all.map(datasetModified).sort();
    return {
      total: all.length,
      resources: all.slice(offset, offset + limit),
      issued: published[0] ?? null,
      modified: modified[modified.length - 1] ?? null,
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
