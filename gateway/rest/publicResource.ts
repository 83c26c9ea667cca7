/**
 * A resource as the public catalog shows it: its metadata, the open items, its published versions
 * and where its rows are. Internal detail — sensitivities, drafts, sharing conditions between
 * departments, closed related resources — stays out.
 */
import type { Classification, DataItem, Department, Freshness, Resource, ResourceVersion } from '../../catalog/index.js';
import { openItems } from '../../exchange/index.js';

export interface PublicItem {
  name: string;
  apiName: string;
  dataType: DataItem['dataType'];
  length?: number;
  scale?: number;
  required: boolean;
  key: boolean;
  /** The mask rule values are shown under, when they are masked. */
  mask?: DataItem['mask'];
  codeSet?: string;
  description?: string;
}

export interface PublicResource {
  code: string;
  apiName: string;
  name: string;
  summary: string;
  provider: { code: string; name: string };
  classification: Classification;
  format: Resource['format'];
  sharingType: Resource['sharing']['type'];
  openType: Resource['open']['type'];
  licence: string | null;
  /** For conditionally open resources: what an applicant must meet. */
  openConditions: string | null;
  updateCycle: Resource['updateCycle'];
  tags: string[];
  publishedOn: string | null;
  lastSyncedAt: string | null;
  /** The update cycle against the last sync: fresh, due or stale. */
  freshness: Freshness;
  version: number;
  /** Codes of related resources that are in the public catalog. */
  relatedResources: string[];
  items: PublicItem[];
  versions: { version: number; publishedAt: string | null; changes: string[] }[];
  links: { rows?: string; csv?: string; jsonl?: string; datapackage: string };
}

function publicItem(item: DataItem): PublicItem {
  return {
    name: item.name,
    apiName: item.apiName,
    dataType: item.dataType,
    ...(item.length !== undefined ? { length: item.length } : {}),
    ...(item.scale !== undefined ? { scale: item.scale } : {}),
    required: item.required,
    key: item.key,
    ...(item.mask !== 'none' ? { mask: item.mask } : {}),
    ...(item.codeSet ? { codeSet: item.codeSet } : {}),
    ...(item.description ? { description: item.description } : {}),
  };
}

export interface PublicResourceContext {
  freshness: Freshness;
  departments: readonly Department[];
  versions: readonly ResourceVersion[];
  /** The related resources that are in the public catalog. */
  related: readonly Resource[];
  /** `https://host/api/v1`, for links. */
  base: string;
}

export function publicResource(resource: Resource, context: PublicResourceContext): PublicResource {
  const provider = context.departments.find((d) => d.code === resource.provider);
  const path = `${context.base}/resources/${encodeURIComponent(resource.apiName)}`;
  const open = resource.open.type === 'open';
  const publicRelated = new Set(context.related.map((r) => r.code));
  return {
    code: resource.code,
    apiName: resource.apiName,
    name: resource.name,
    summary: resource.summary,
    provider: { code: resource.provider, name: provider?.name ?? resource.provider },
    classification: resource.classification,
    format: resource.format,
    sharingType: resource.sharing.type,
    openType: resource.open.type,
    licence: resource.open.licence ?? null,
    openConditions: resource.open.conditions ?? null,
    updateCycle: resource.updateCycle,
    tags: resource.tags,
    publishedOn: resource.publishedOn,
    lastSyncedAt: resource.lastSyncedAt,
    freshness: context.freshness,
    version: resource.version,
    relatedResources: resource.relatedResources.filter((code) => publicRelated.has(code)),
    items: openItems(resource).map(publicItem),
    versions: context.versions.filter((v) => v.status === 'published').map((v) => ({ version: v.version, publishedAt: v.publishedAt, changes: v.changes })),
    links: open ? { rows: `${path}/rows`, csv: `${path}/download.csv`, jsonl: `${path}/download.jsonl`, datapackage: `${path}/datapackage.json` } : { datapackage: `${path}/datapackage.json` },
  };
}
