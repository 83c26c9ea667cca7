/** Row types of the catalog tables and their mapping to the domain model. */
import type { MaskRule } from '../shared/index.js';
import type {
  Classification,
  CodeSet,
  DataItem,
  DataType,
  Department,
  ItemFormat,
  Resource,
  ResourceInput,
  ResourceStatus,
  ResourceVersion,
  Sensitivity,
} from './model.js';

export interface DepartmentRow {
  code: string;
  name: string;
  credit_code: string;
  parent_code: string | null;
  contact: string;
  created_at: string;
  updated_at: string;
}

export interface ResourceRow {
  id: number;
  code: string;
  api_name: string;
  name: string;
  provider_code: string;
  status: ResourceStatus;
  version: number;
  latest_version: number;
  category_code: string;
  item_code: string;
  catalog_code: string;
  subitem_code: string | null;
  sharing_type: string;
  open_type: string;
  format: string;
  update_cycle: string;
  published_on: string | null;
  created_at: string;
  updated_at: string;
  last_synced_at: string | Date | null;
}

export interface VersionRow {
  resource_id: number;
  version: number;
  status: 'draft' | 'published';
  metadata: string;
  changes: string;
  created_at: string;
  published_at: string | null;
}

export interface ItemRow {
  resource_id: number;
  version: number;
  position: number;
  api_name: string;
  name: string;
  data_type: DataType;
  length: number | null;
  scale: number | null;
  required: boolean | number;
  is_key: boolean | number;
  sensitivity: Sensitivity;
  mask: MaskRule;
  format: ItemFormat | null;
  code_set: string | null;
  description: string | null;
  references: string | null;
}

export interface CodeSetRow {
  id: string;
  name: string;
  standard: string | null;
  values: string;
}

export type ResourceMetadata = Omit<ResourceInput, 'items'>;

export function toDepartment(row: DepartmentRow): Department {
  return { code: row.code, name: row.name, creditCode: row.credit_code, parentCode: row.parent_code, contact: JSON.parse(row.contact) };
}

export function fromDepartment(d: Department, now: string): Omit<DepartmentRow, 'created_at'> & { created_at?: string } {
  return { code: d.code, name: d.name, credit_code: d.creditCode, parent_code: d.parentCode ?? null, contact: JSON.stringify(d.contact ?? {}), updated_at: now };
}

export function toItem(row: ItemRow): DataItem {
  const item: DataItem = {
    name: row.name,
    apiName: row.api_name,
    dataType: row.data_type,
    required: Boolean(row.required),
    key: Boolean(row.is_key),
    sensitivity: row.sensitivity,
    mask: row.mask,
  };
  if (row.length !== null) item.length = row.length;
  if (row.scale !== null) item.scale = row.scale;
  if (row.format) item.format = row.format;
  if (row.code_set) item.codeSet = row.code_set;
  if (row.description) item.description = row.description;
  if (row.references) item.references = JSON.parse(row.references);
  return item;
}

export function fromItem(item: DataItem, resourceId: number, version: number, position: number): ItemRow {
  return {
    resource_id: resourceId,
    version,
    position,
    api_name: item.apiName,
    name: item.name,
    data_type: item.dataType,
    length: item.length ?? null,
    scale: item.scale ?? null,
    required: item.required,
    is_key: item.key,
    sensitivity: item.sensitivity,
    mask: item.mask,
    format: item.format ?? null,
    code_set: item.codeSet ?? null,
    description: item.description ?? null,
    references: item.references ? JSON.stringify(item.references) : null,
  };
}

/** The filterable columns of `resources`, from the metadata of the version shown. */
export function resourceColumns(meta: ResourceMetadata): Partial<ResourceRow> {
  const c: Classification = meta.classification;
  return {
    code: meta.code,
    api_name: meta.apiName,
    name: meta.name,
    provider_code: meta.provider,
    category_code: c.categoryCode,
    item_code: c.itemCode,
    catalog_code: c.catalogCode,
    subitem_code: c.subitemCode ?? null,
    sharing_type: meta.sharing.type,
    open_type: meta.open.type,
    format: meta.format,
    update_cycle: meta.updateCycle,
    published_on: meta.publishedOn ?? null,
  };
}

export function toResource(row: ResourceRow, version: VersionRow, items: DataItem[]): Resource {
  const meta: ResourceMetadata = JSON.parse(version.metadata);
  return {
    code: meta.code,
    apiName: meta.apiName,
    name: meta.name,
    provider: meta.provider,
    classification: meta.classification,
    summary: meta.summary,
    format: meta.format,
    sharing: meta.sharing,
    open: meta.open,
    updateCycle: meta.updateCycle,
    publishedOn: meta.publishedOn ?? row.published_on ?? null,
    relatedResources: meta.relatedResources ?? [],
    tags: meta.tags ?? [],
    items,
    status: version.status === 'draft' && row.status !== 'retired' ? 'draft' : row.status,
    version: version.version,
    latestVersion: row.latest_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSyncedAt: row.last_synced_at == null ? null : new Date(row.last_synced_at).toISOString(),
  };
}

export function toVersion(row: VersionRow): ResourceVersion {
  return {
    version: row.version,
    status: row.status,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    changes: JSON.parse(row.changes),
  };
}

export function toCodeSet(row: CodeSetRow): CodeSet {
  const set: CodeSet = { id: row.id, name: row.name, values: JSON.parse(row.values) };
  if (row.standard) set.standard = row.standard;
  return set;
}
