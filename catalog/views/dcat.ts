/**
 * DCAT-AP 3 views of the open catalog: one RDF graph per document (a page of the catalog, or one
 * dataset), later written as Turtle or JSON-LD from the same triples. Only public resources may
 * be passed in; the callers filter with `isPublicResource`.
 */
import type { Store } from 'n3';
import type { Department, Resource } from '../model.js';
import {
  describeClassification,
  describeClassificationScheme,
  describeDepartment,
  describeDistributions,
  describeLicence,
  describeOpenApi,
  describeQingyuan,
} from './dcatParts.js';
import type { PublicUrls } from './publicUrls.js';
import { GraphBuilder, iri, type Subject } from './rdf.js';
import { accessRightsOf, DATA_THEME_SCHEME, frequencyOf, LANGUAGE_ZH, licenceOf, themesOf } from './vocabularies.js';

export interface DcatContext {
  urls: PublicUrls;
  /** The platform operator (`eit`): publisher of the catalog and of the open API. */
  operator: Department;
  /** Every department by code: the resources' providers. */
  departments: ReadonlyMap<string, Department>;
  /** apiNames of public resources by code: related resources that may be named (closed ones are not). */
  publicApiNames: ReadonlyMap<string, string>;
}

export interface CatalogPage {
  resources: Resource[];
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Public resources in the whole catalog. */
  total: number;
  /** When the public catalog was first published and last changed (ISO), if it holds anything. */
  issued: string | null;
  modified: string | null;
}

const concept = iri('skos', 'Concept');

/** When a dataset last changed: its catalog entry or its data, whichever is later. */
export function datasetModified(resource: Pick<Resource, 'updatedAt' | 'lastSyncedAt'>): string {
  const { updatedAt, lastSyncedAt } = resource;
  return lastSyncedAt && lastSyncedAt > updatedAt ? lastSyncedAt : updatedAt;
}

function keywords(resource: Resource): string[] {
  return [...new Set([...resource.tags, ...resource.items.map((i) => i.name)])];
}

function describeDataset(g: GraphBuilder, resource: Resource, ctx: DcatContext): Subject {
  const { urls } = ctx;
  const dataset = g.node(urls.dataset(resource.apiName));
  const provider = ctx.departments.get(resource.provider);
  if (!provider) throw new Error(`the provider "${resource.provider}" of "${resource.code}" is not among the departments`);
  const { agent, contact } = describeDepartment(g, urls, provider);

  g.type(dataset, iri('dcat', 'Dataset'));
  g.add(dataset, iri('dct', 'identifier'), g.text(resource.code));
  g.add(dataset, iri('dct', 'title'), g.text(resource.name, 'zh'));
  g.add(dataset, iri('dct', 'description'), g.text(resource.summary, 'zh'));
  g.add(dataset, iri('dct', 'publisher'), agent);
  g.add(dataset, iri('dcat', 'contactPoint'), contact);
  for (const theme of themesOf(resource.classification)) g.add(dataset, iri('dcat', 'theme'), g.term(theme, [concept], DATA_THEME_SCHEME));
  g.add(dataset, iri('dcat', 'theme'), describeClassification(g, urls, resource.classification));
  g.addAll(dataset, iri('dcat', 'keyword'), keywords(resource).map((k) => g.text(k, 'zh')));
  g.add(dataset, iri('dct', 'accrualPeriodicity'), g.term(frequencyOf(resource.updateCycle), [iri('dct', 'Frequency'), concept]));
  g.add(dataset, iri('dct', 'accessRights'), g.term(accessRightsOf(resource.open.type), [iri('dct', 'RightsStatement'), concept]));
  const licence = licenceOf(resource.open.licence);
  if (licence) g.add(dataset, iri('dct', 'license'), describeLicence(g, licence));
  if (resource.open.type === 'conditional' && resource.open.conditions) {
    const rights = g.node(`${dataset.value}#conditions`);
    g.type(rights, iri('dct', 'RightsStatement'));
    g.add(rights, iri('dct', 'description'), g.text(resource.open.conditions, 'zh'));
    g.add(dataset, iri('dct', 'rights'), rights);
  }
  if (resource.publishedOn) g.add(dataset, iri('dct', 'issued'), g.date(resource.publishedOn));
  g.add(dataset, iri('dct', 'modified'), g.dateTime(datasetModified(resource)));
  g.add(dataset, iri('dcat', 'version'), g.text(String(resource.version)));
  const landing = g.node(urls.landingPage(resource.apiName));
  g.type(landing, iri('foaf', 'Document'));
  g.add(dataset, iri('dcat', 'landingPage'), landing);
  g.add(dataset, iri('dct', 'spatial'), describeQingyuan(g, urls));
  g.add(dataset, iri('dct', 'language'), g.term(LANGUAGE_ZH, [iri('dct', 'LinguisticSystem')]));
  g.add(dataset, iri('dct', 'conformsTo'), g.node(urls.dataPackage(resource.apiName)));
  for (const code of resource.relatedResources) {
    const related = ctx.publicApiNames.get(code);
    if (related) g.add(dataset, iri('dct', 'relation'), g.node(urls.dataset(related)));
  }
  const distributions = describeDistributions(g, urls, resource, ctx.operator);
  g.addAll(dataset, iri('dcat', 'distribution'), distributions);
  g.add(describeOpenApi(g, urls, ctx.operator), iri('dcat', 'servesDataset'), dataset);
  return dataset;
}

/** One dataset's document. */
export function datasetGraph(resource: Resource, ctx: DcatContext): Store {
  const g = new GraphBuilder();
  describeDataset(g, resource, ctx);
  return g.store;
}

export function lastPage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Hydra paging: the catalog has a view per page, linked first/previous/next/last. */
function describePaging(g: GraphBuilder, catalog: Subject, page: CatalogPage, urls: PublicUrls): void {
  const pageIri = (n: number) => g.node(`${urls.catalog()}?page=${n}`);
  const view = pageIri(page.page);
  const last = lastPage(page.total, page.pageSize);
  g.add(catalog, iri('hydra', 'totalItems'), g.typed(String(page.total), iri('xsd', 'integer')));
  g.add(catalog, iri('hydra', 'view'), view);
  g.type(view, iri('hydra', 'PartialCollectionView'));
  g.add(view, iri('hydra', 'first'), pageIri(1));
  g.add(view, iri('hydra', 'last'), pageIri(last));
  if (page.page > 1) g.add(view, iri('hydra', 'previous'), pageIri(page.page - 1));
  if (page.page < last) g.add(view, iri('hydra', 'next'), pageIri(page.page + 1));
}

/** A page of the catalog: the catalog's own description and the full description of each dataset on it. */
export function catalogGraph(page: CatalogPage, ctx: DcatContext): Store {
  const { urls, operator } = ctx;
  const g = new GraphBuilder();
  const catalog = g.node(urls.catalog());
  g.type(catalog, iri('dcat', 'Catalog'));
  const { agent, contact } = describeDepartment(g, urls, operator);
  g.add(catalog, iri('dct', 'title'), g.text('清远市政务数据开放目录', 'zh'));
  g.add(catalog, iri('dct', 'title'), g.text('Qingyuan open government data catalogue', 'en'));
  g.add(catalog, iri('dct', 'description'), g.text(`清远市政务信息资源共享平台向社会开放的政务数据目录，由${operator.name}运营。`, 'zh'));
  g.add(catalog, iri('dct', 'description'), g.text('The open data of the Qingyuan government information-resource sharing platform.', 'en'));
  g.add(catalog, iri('dct', 'publisher'), agent);
  g.add(catalog, iri('dcat', 'contactPoint'), contact);
  const home = g.node(urls.home());
  g.type(home, iri('foaf', 'Document'));
  g.add(catalog, iri('foaf', 'homepage'), home);
  g.add(catalog, iri('dct', 'language'), g.term(LANGUAGE_ZH, [iri('dct', 'LinguisticSystem')]));
  g.add(catalog, iri('dct', 'spatial'), describeQingyuan(g, urls));
  const metadataLicence = licenceOf('CC BY 4.0')!;
  g.add(catalog, iri('dct', 'license'), describeLicence(g, metadataLicence));
  g.add(catalog, iri('dcat', 'themeTaxonomy'), g.term(DATA_THEME_SCHEME, [iri('skos', 'ConceptScheme')]));
  g.add(catalog, iri('dcat', 'themeTaxonomy'), describeClassificationScheme(g, urls));
  if (page.issued) g.add(catalog, iri('dct', 'issued'), g.date(page.issued));
  if (page.modified) g.add(catalog, iri('dct', 'modified'), g.dateTime(page.modified));
  g.add(catalog, iri('dcat', 'service'), describeOpenApi(g, urls, operator));
  for (const resource of page.resources) g.add(catalog, iri('dcat', 'dataset'), describeDataset(g, resource, ctx));
  describePaging(g, catalog, page, urls);
  return g.store;
}
