/**
 * The public catalog in CKAN's shapes (action API 2.9+ field names), for CKAN harvesters and
 * clients: a resource is a package, a department an organization, a classification category (类)
 * a group. CKAN knows no sharing or open classes, so a public package is never `private`; the
 * guide's attributes travel as `extras`, and a conditionally open package offers only its API.
 */
import { createHash } from 'node:crypto';
import type { Department, OpenType, Resource } from '../model.js';
import { FACET_LABELS } from '../search/facets.js';
import { freshnessOf } from '../search/freshness.js';
import { classificationCode } from './dcatParts.js';
import { slugOf, type PublicUrls } from './publicUrls.js';
import { hasOpenData } from './visibility.js';
import { accessRightsOf, frequencyOf, licenceOf, themesOf } from './vocabularies.js';

// RFC 4122 name-based (v5) ids under the URL namespace, so a package keeps its id across
// deployments and reloads: CKAN harvesters track packages by id.
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(URL_NAMESPACE).update(`urn:govshare:${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const packageId = (resource: Pick<Resource, 'code'>) => stableUuid(`package:${resource.code}`);
export const organizationId = (code: string) => stableUuid(`organization:${code}`);
export const groupId = (category: string) => stableUuid(`group:${category}`);

/** Groups are the guide's resource categories (类); their CKAN names are `category-<code>`. */
export const CATEGORIES: Record<string, string> = { '1': '基础信息资源类', '2': '主题信息资源类', '3': '部门信息资源类' };
export const groupName = (category: string) => `category-${category}`;

/** CKAN's timestamps: UTC without a zone, to the microsecond. */
export function ckanTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '000');
}

/** The formats a package's resources come in, by its open attribute: what `res_format` matches. */
export const FORMATS_OF: Record<Exclude<OpenType, 'closed'>, string[]> = { open: ['CSV', 'JSONL', 'JSON'], conditional: ['JSON'] };

export interface CkanOrganization {
  id: string;
  name: string;
  title: string;
  display_name: string;
  description: string;
  type: 'organization';
  is_organization: true;
  state: 'active';
  approval_status: 'approved';
  image_url: string;
  image_display_url: string;
  package_count?: number;
  extras?: { key: string; value: string }[];
}

export function ckanOrganization(department: Department, packageCount?: number): CkanOrganization {
  const contact = department.contact;
  return {
    id: organizationId(department.code),
    name: department.code,
    title: department.name,
    display_name: department.name,
    description: '',
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
    extras: [
      { key: 'credit_code', value: department.creditCode },
      ...(contact.name ? [{ key: 'contact_name', value: contact.name }] : []),
      ...(contact.phone ? [{ key: 'contact_phone', value: contact.phone }] : []),
      ...(contact.email ? [{ key: 'contact_email', value: contact.email }] : []),
    ],
  };
}

export function ckanGroup(category: string, packageCount?: number) {
  const title = CATEGORIES[category] ?? `类 ${category}`;
  return {
    id: groupId(category),
    name: groupName(category),
    title,
    display_name: title,
    description: `政务信息资源目录分类：${title}`,
    type: 'group' as const,
    is_organization: false as const,
    state: 'active' as const,
    approval_status: 'approved' as const,
    image_url: '',
    image_display_url: '',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

function resources(resource: Resource, urls: PublicUrls) {
  const common = { package_id: packageId(resource), state: 'active', created: ckanTime(resource.createdAt), last_modified: resource.lastSyncedAt ? ckanTime(resource.lastSyncedAt) : null, url_type: null, resource_type: null };
  const api = { id: `${resource.apiName}-api`, name: `${resource.name}（JSON 接口）`, format: 'JSON', mimetype: 'application/json', url: urls.rows(resource.apiName), datastore_active: false };
  const list =
    hasOpenData(resource)
      ? [
          // The CSV resource's id is the apiName, which datastore_search accepts as resource_id.
          { id: resource.apiName, name: `${resource.name}（CSV）`, description: '全量数据，UTF-8（带 BOM）CSV', format: 'CSV', mimetype: 'text/csv', url: urls.downloadCsv(resource.apiName), datastore_active: true },
          { id: `${resource.apiName}-jsonl`, name: `${resource.name}（JSON Lines）`, description: '全量数据，每行一条 JSON 记录', format: 'JSONL', mimetype: 'application/x-ndjson', url: urls.downloadJsonLines(resource.apiName), datastore_active: false },
          { ...api, description: '逐行查询接口（筛选、排序、分页）' },
        ]
      : [{ ...api, description: `有条件开放，注册并符合条件后访问：${resource.open.conditions ?? ''}` }];
  return list.map((r, position) => ({ ...common, ...r, position }));
}

/** CKAN's licence fields of a package: the licence register's id where govshare knows the licence. */
export function ckanLicence(resource: Pick<Resource, 'open'>) {
  const licence = licenceOf(resource.open.licence);
  if (licence) return { license_id: licence.ckan.id, license_title: licence.ckan.title, license_url: licence.url, isopen: resource.open.type === 'open' };
  if (resource.open.licence) return { license_id: 'other-open', license_title: resource.open.licence, isopen: false };
  return { license_id: 'notspecified', license_title: 'License not specified', isopen: false };
}

function extras(resource: Resource, urls: PublicUrls, now: Date): { key: string; value: string }[] {
  const c = resource.classification;
  const pairs: [string, string | undefined | null][] = [
    ['resource_code', resource.code],
    ['api_name', resource.apiName],
    ['classification', classificationCode(c)],
    ['classification_name', [c.categoryName, c.itemName, c.catalogName, c.subitemName].filter(Boolean).join(' / ')],
    ['sharing_type', resource.sharing.type],
    ['sharing_type_label', FACET_LABELS.sharingType?.[resource.sharing.type]],
    ['sharing_conditions', resource.sharing.conditions],
    ['sharing_method', resource.sharing.method],
    ['open_type', resource.open.type],
    ['open_type_label', FACET_LABELS.openType?.[resource.open.type]],
    ['open_conditions', resource.open.conditions],
    ['access_rights', accessRightsOf(resource.open.type).iri],
    ['update_cycle', resource.updateCycle],
    ['frequency', frequencyOf(resource.updateCycle).iri],
    ['theme', JSON.stringify(themesOf(c).map((t) => t.iri))],
    ['resource_format', resource.format],
    ['published_on', resource.publishedOn],
    ['last_synced_at', resource.lastSyncedAt],
    ['freshness', freshnessOf(resource, now)],
    ['datapackage_url', urls.dataPackage(resource.apiName)],
    ['dcat_ttl', `${urls.dataset(resource.apiName)}.ttl`],
    ['dcat_jsonld', `${urls.dataset(resource.apiName)}.jsonld`],
  ];
  return pairs.flatMap(([key, value]) => (value ? [{ key, value }] : []));
}

export interface CkanPackageContext {
  urls: PublicUrls;
  departments: ReadonlyMap<string, Department>;
  now: Date;
}

/** A public resource as a CKAN package (the caller checks that it is public). */
export function ckanPackage(resource: Resource, ctx: CkanPackageContext) {
  const provider = ctx.departments.get(resource.provider);
  if (!provider) throw new Error(`the provider "${resource.provider}" of "${resource.code}" is not among the departments`);
  const organization = ckanOrganization(provider);
  delete organization.extras;
  const tags = resource.tags.map((name) => ({ name, display_name: name, state: 'active', vocabulary_id: null }));
  const packageResources = resources(resource, ctx.urls);
  return {
    id: packageId(resource),
    name: slugOf(resource.apiName),
    title: resource.name,
    notes: resource.summary,
    type: 'dataset',
    state: 'active',
    private: false,
    url: ctx.urls.landingPage(resource.apiName),
    version: String(resource.version),
    author: provider.name,
    author_email: provider.contact.email ?? null,
    maintainer: provider.contact.name ?? provider.name,
    maintainer_email: provider.contact.email ?? null,
    ...ckanLicence(resource),
    metadata_created: ckanTime(resource.createdAt),
    metadata_modified: ckanTime(resource.updatedAt),
    owner_org: organization.id,
    organization,
    groups: [ckanGroup(resource.classification.categoryCode)],
    tags,
    num_tags: tags.length,
    extras: extras(resource, ctx.urls, ctx.now),
    resources: packageResources,
    num_resources: packageResources.length,
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}

export type CkanPackage = ReturnType<typeof ckanPackage>;
