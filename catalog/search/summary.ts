/** A resource as catalog listings show it: its metadata without the items, and how fresh it is. */
import type { Classification, OpenType, Resource, ResourceFormat, SharingType, UpdateCycle } from '../model.js';
import { freshnessOf, type Freshness } from './freshness.js';

export interface ResourceSummary {
  code: string;
  apiName: string;
  name: string;
  summary: string;
  provider: { code: string; name: string };
  classification: Classification;
  sharingType: SharingType;
  openType: OpenType;
  format: ResourceFormat;
  updateCycle: UpdateCycle;
  tags: string[];
  publishedOn: string | null;
  lastSyncedAt: string | null;
  freshness: Freshness;
  itemCount: number;
}

/** `departmentName` names the provider (listings look the names up once per page). */
export function toResourceSummary(resource: Resource, departmentName: string, now: Date): ResourceSummary {
  return {
    code: resource.code,
    apiName: resource.apiName,
    name: resource.name,
    summary: resource.summary,
    provider: { code: resource.provider, name: departmentName },
    classification: resource.classification,
    sharingType: resource.sharing.type,
    openType: resource.open.type,
    format: resource.format,
    updateCycle: resource.updateCycle,
    tags: resource.tags,
    publishedOn: resource.publishedOn,
    lastSyncedAt: resource.lastSyncedAt,
    freshness: freshnessOf(resource, now),
    itemCount: resource.items.length,
  };
}
