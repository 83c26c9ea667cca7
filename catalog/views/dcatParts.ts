/**
 * The nodes DCAT-AP datasets share or hang off: publishers (foaf:Agent) and their contact points
 * (vcard), the place, the classification concepts, the open API as a dcat:DataService, and the
 * distributions of one dataset. Each is described with the classes and labels the DCAT-AP shapes
 * check, since a validator sees only the graph it is given.
 */
import type { Classification, Department, Resource } from '../model.js';
import type { PublicUrls } from './publicUrls.js';
import { iri, type GraphBuilder, type Subject } from './rdf.js';
import { hasOpenData } from './visibility.js';
import {
  AVAILABILITY_STABLE,
  CSV,
  dataTheme,
  DATA_THEME_SCHEME,
  JSON_FORMAT,
  JSON_LINES,
  LANGUAGE_ZH,
  licenceOf,
  LOCAL_AUTHORITY,
  type DataFormat,
} from './vocabularies.js';

const skosConcept = iri('skos', 'Concept');

/** A Chinese phone number as a `tel:` URI: `0763-3368201` → `tel:+86-763-3368201`. */
export function telUri(phone: string): string {
  const compact = phone.replace(/[\s()]/g, '');
  const landline = /^0(\d{2,3})-?(\d{7,8})$/.exec(compact);
  if (landline) return `tel:+86-${landline[1]}-${landline[2]}`;
  if (/^1\d{10}$/.test(compact)) return `tel:+86-${compact}`;
  return `tel:${compact}`;
}

/** The department as foaf:Agent with its unified social credit code, and its vcard contact point. */
export function describeDepartment(g: GraphBuilder, urls: PublicUrls, department: Department): { agent: Subject; contact: Subject } {
  const agent = g.node(urls.department(department.code));
  const contact = g.node(`${urls.department(department.code)}#contact`);
  if (!g.firstTime(agent.value)) return { agent, contact };
  g.type(agent, iri('foaf', 'Agent'), iri('foaf', 'Organization'));
  g.add(agent, iri('foaf', 'name'), g.text(department.name, 'zh'));
  g.add(agent, iri('dct', 'identifier'), g.text(department.creditCode));
  g.add(agent, iri('dct', 'type'), g.term(LOCAL_AUTHORITY, [skosConcept]));

  g.type(contact, iri('vcard', 'Organization'), iri('vcard', 'Kind'));
  g.add(contact, iri('vcard', 'fn'), g.text(department.contact.name ?? department.name, 'zh'));
  g.add(contact, iri('vcard', 'organization-name'), g.text(department.name, 'zh'));
  if (department.contact.email) g.add(contact, iri('vcard', 'hasEmail'), g.node(`mailto:${department.contact.email}`));
  if (department.contact.phone) g.add(contact, iri('vcard', 'hasTelephone'), g.node(telUri(department.contact.phone)));
  return { agent, contact };
}

/** Qingyuan (清远市, region 441800): the area every dataset of the platform covers. */
export function describeQingyuan(g: GraphBuilder, urls: PublicUrls): Subject {
  const place = g.node(`${urls.base}/places/441800`);
  if (!g.firstTime(place.value)) return place;
  const wkt = iri('gsp', 'wktLiteral');
  g.type(place, iri('dct', 'Location'));
  g.add(place, iri('dct', 'identifier'), g.text('441800'));
  g.add(place, iri('locn', 'geographicName'), g.text('清远市', 'zh'));
  // The city's extent (111°55′–113°55′ E, 23°26′–25°11′ N), rounded outward, and its seat.
  g.add(place, iri('dcat', 'bbox'), g.typed('POLYGON((111.9 23.4,113.95 23.4,113.95 25.2,111.9 25.2,111.9 23.4))', wkt));
  g.add(place, iri('dcat', 'centroid'), g.typed('POINT(113.06 23.68)', wkt));
  return place;
}

export function classificationCode(c: Classification): string {
  return `${c.categoryCode}${c.itemCode}${c.catalogCode}${c.subitemCode ?? ''}`;
}

/** The catalog's own classification (类/项/目/细目) as a SKOS scheme beside the EU data themes. */
export function describeClassificationScheme(g: GraphBuilder, urls: PublicUrls): Subject {
  const scheme = g.node(urls.classification());
  if (g.firstTime(scheme.value)) {
    g.type(scheme, iri('skos', 'ConceptScheme'));
    g.add(scheme, iri('dct', 'title'), g.text('政务信息资源目录分类', 'zh'));
  }
  return scheme;
}

export function describeClassification(g: GraphBuilder, urls: PublicUrls, c: Classification): Subject {
  const code = classificationCode(c);
  const concept = g.node(urls.classificationConcept(code));
  if (!g.firstTime(concept.value)) return concept;
  const path = [c.categoryName, c.itemName, c.catalogName, c.subitemName].filter(Boolean).join(' / ');
  g.type(concept, skosConcept);
  g.add(concept, iri('skos', 'prefLabel'), g.text(path, 'zh'));
  g.add(concept, iri('skos', 'notation'), g.text(code));
  g.add(concept, iri('skos', 'inScheme'), describeClassificationScheme(g, urls));
  return concept;
}

/** The open REST API as a dcat:DataService, run by the platform operator. */
export function describeOpenApi(g: GraphBuilder, urls: PublicUrls, operator: Department): Subject {
  const service = g.node(urls.api());
  if (!g.firstTime(service.value)) return service;
  const { agent, contact } = describeDepartment(g, urls, operator);
  g.type(service, iri('dcat', 'DataService'));
  g.add(service, iri('dct', 'title'), g.text('清远市政务数据开放接口', 'zh'));
  g.add(service, iri('dct', 'description'), g.text('开放数据的目录、逐行查询与全量下载接口，无需注册即可使用。', 'zh'));
  g.add(service, iri('dcat', 'endpointURL'), g.node(urls.api()));
  g.add(service, iri('dcat', 'endpointDescription'), g.node(urls.openApi()));
  const openApiSpec = g.term({ iri: 'https://spec.openapis.org/oas/v3.1.0', label: 'OpenAPI Specification 3.1.0' }, [iri('dct', 'Standard')]);
  g.add(service, iri('dct', 'conformsTo'), openApiSpec);
  g.add(service, iri('dct', 'publisher'), agent);
  g.add(service, iri('dcat', 'contactPoint'), contact);
  g.add(service, iri('dcat', 'theme'), g.term(dataTheme('GOVE'), [skosConcept], DATA_THEME_SCHEME));
  g.addAll(service, iri('dcat', 'keyword'), [g.text('开放数据', 'zh'), g.text('接口', 'zh')]);
  return service;
}

interface DistributionSpec {
  suffix: string;
  title: string;
  description: string;
  accessUrl: string;
  downloadUrl?: string;
  format?: DataFormat;
  viaApi?: boolean;
}

function distributionSpecs(resource: Resource, urls: PublicUrls): DistributionSpec[] {
  const name = resource.apiName;
  const rowsApi: DistributionSpec = {
    suffix: 'api',
    title: `${resource.name}（JSON 接口）`,
    description: '逐行查询接口：按信息项筛选、排序和分页，返回 JSON。',
    accessUrl: urls.rows(name),
    format: JSON_FORMAT,
    viaApi: true,
  };
  if (!hasOpenData(resource)) {
    // Registered access only: no anonymous download, and the conditions are part of the offer.
    return [{ ...rowsApi, description: `有条件开放，注册并符合条件后通过接口访问。${resource.open.conditions ?? ''}`.trim() }];
  }
  return [
    {
      suffix: 'csv',
      title: `${resource.name}（CSV 下载）`,
      description: '全量数据，UTF-8 编码（带 BOM），首行为信息项中文名称。',
      accessUrl: urls.downloadCsv(name),
      downloadUrl: urls.downloadCsv(name),
      format: CSV,
    },
    {
      suffix: 'jsonl',
      title: `${resource.name}（JSON Lines 下载）`,
      description: '全量数据，每行一条 JSON 记录（JSON Lines）。',
      accessUrl: urls.downloadJsonLines(name),
      downloadUrl: urls.downloadJsonLines(name),
      format: JSON_LINES,
    },
    rowsApi,
  ];
}

/** One distribution per form the data is served in, each conforming to the Frictionless schema. */
export function describeDistributions(g: GraphBuilder, urls: PublicUrls, resource: Resource, operator: Department): Subject[] {
  const dataset = urls.dataset(resource.apiName);
  const licence = licenceOf(resource.open.licence);
  const schema = g.node(urls.dataPackage(resource.apiName));
  g.type(schema, iri('dct', 'Standard'));
  g.add(schema, iri('dct', 'title'), g.text(`${resource.name} 数据包（Frictionless Table Schema）`, 'zh'));
  return distributionSpecs(resource, urls).map((spec) => {
    const d = g.node(`${dataset}#${spec.suffix}`);
    g.type(d, iri('dcat', 'Distribution'));
    g.add(d, iri('dct', 'title'), g.text(spec.title, 'zh'));
    g.add(d, iri('dct', 'description'), g.text(spec.description, 'zh'));
    g.add(d, iri('dcat', 'accessURL'), g.node(spec.accessUrl));
    if (spec.downloadUrl) g.add(d, iri('dcat', 'downloadURL'), g.node(spec.downloadUrl));
    if (spec.viaApi) g.add(d, iri('dcat', 'accessService'), describeOpenApi(g, urls, operator));
    if (spec.format) {
      g.add(d, iri('dct', 'format'), g.term(spec.format.fileType, [iri('dct', 'MediaTypeOrExtent')]));
      if (spec.format.mediaType) g.add(d, iri('dcat', 'mediaType'), g.term(spec.format.mediaType, [iri('dct', 'MediaType')]));
    }
    if (licence) g.add(d, iri('dct', 'license'), describeLicence(g, licence));
    g.add(d, iri('dct', 'conformsTo'), schema);
    g.add(d, iri('dcatap', 'availability'), g.term(AVAILABILITY_STABLE, [skosConcept]));
    g.add(d, iri('dct', 'language'), g.term(LANGUAGE_ZH, [iri('dct', 'LinguisticSystem')]));
    if (resource.publishedOn) g.add(d, iri('dct', 'issued'), g.date(resource.publishedOn));
    if (resource.lastSyncedAt) g.add(d, iri('dct', 'modified'), g.dateTime(resource.lastSyncedAt));
    return d;
  });
}

export function describeLicence(g: GraphBuilder, licence: NonNullable<ReturnType<typeof licenceOf>>): Subject {
  const node = g.term(licence, [iri('dct', 'LicenseDocument')]);
  if (g.firstTime(`${licence.iri}#type`)) g.add(node, iri('dct', 'type'), g.term(licence.type, [skosConcept]));
  return node;
}
