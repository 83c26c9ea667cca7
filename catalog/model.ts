/**
 * The catalog model of the national guide (政务信息资源目录编制指南): departments, information
 * resources (信息资源) and their data items (信息项). Row types of the tables live in `rows.ts`.
 */
import type { MaskRule } from '../shared/index.js';

export const RESOURCE_FORMATS = ['database', 'file', 'interface'] as const;
export const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const;
export const OPEN_TYPES = ['open', 'conditional', 'closed'] as const;
export const UPDATE_CYCLES = ['real-time', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;
export const RESOURCE_STATUSES = ['draft', 'published', 'retired'] as const;
export const DATA_TYPES = ['string', 'integer', 'decimal', 'boolean', 'date', 'datetime', 'geopoint', 'code'] as const;
export const SENSITIVITIES = ['public', 'internal', 'personal', 'sensitive-personal'] as const;
export const ITEM_FORMATS = ['residentId', 'creditCode', 'mobile', 'email'] as const;

export type ResourceFormat = (typeof RESOURCE_FORMATS)[number];
export type SharingType = (typeof SHARING_TYPES)[number];
export type OpenType = (typeof OPEN_TYPES)[number];
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export type DataType = (typeof DATA_TYPES)[number];
export type Sensitivity = (typeof SENSITIVITIES)[number];
/** A well-known identifier format whose value is checked beyond its type (check digits, patterns). */
export type ItemFormat = (typeof ITEM_FORMATS)[number];

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

export interface Department {
  /** Short code, e.g. `psb`. */
  code: string;
  name: string;
  /** Unified social credit code of the agency. */
  creditCode: string;
  parentCode: string | null;
  contact: Contact;
}

/** 类 / 项 / 目 / 细目: codes and names of the four classification levels. */
export interface Classification {
  categoryCode: string;
  categoryName: string;
  itemCode: string;
  itemName: string;
  catalogCode: string;
  catalogName: string;
  subitemCode?: string;
  subitemName?: string;
}

export interface Sharing {
  type: SharingType;
  /** For conditional sharing: the conditions a consumer must meet. */
  conditions?: string;
  /** How the data is shared, e.g. 接口 / 库表 / 文件. */
  method?: string;
  /** Required when the resource is not shared. */
  legalBasis?: string;
}

export interface OpenAttribute {
  type: OpenType;
  licence?: string;
  conditions?: string;
}

/** A reference from an item to another resource's key, optionally only when another item has a value. */
export interface ItemReference {
  resource: string; // apiName of the target resource
  item: string; // apiName of the target's key item
  when?: { item: string; equals: string };
}

export interface DataItem {
  /** Chinese name, e.g. 公民身份号码. */
  name: string;
  apiName: string;
  dataType: DataType;
  /** Maximum length (strings, codes) or total digits (decimals). */
  length?: number;
  /** Digits after the decimal point (decimals; default 2). */
  scale?: number;
  required: boolean;
  /** This item is the resource's natural key (exactly one per resource). */
  key: boolean;
  sensitivity: Sensitivity;
  mask: MaskRule;
  format?: ItemFormat;
  /** Identifier of a code set (代码集) that constrains the values. */
  codeSet?: string;
  description?: string;
  references?: ItemReference[];
}

/** What a publisher writes; `code`, `apiName` and `provider` identify the resource. */
export interface ResourceInput {
  code: string;
  apiName: string;
  name: string;
  provider: string;
  classification: Classification;
  summary: string;
  format: ResourceFormat;
  sharing: Sharing;
  open: OpenAttribute;
  updateCycle: UpdateCycle;
  /** Publication date (发布日期), ISO date; set on first publication when absent. */
  publishedOn?: string;
  relatedResources?: string[];
  tags?: string[];
  items: DataItem[];
}

export interface Resource extends Required<Omit<ResourceInput, 'publishedOn'>> {
  publishedOn: string | null;
  status: ResourceStatus;
  /** The version shown: the latest published one, or the draft when never published. */
  version: number;
  /** The newest version number, which may be an unpublished draft. */
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
  /** When the data last arrived in the shared store (a successful sync or the demo load); null when never. */
  lastSyncedAt: string | null;
}

export interface ResourceVersion {
  version: number;
  /** A draft is editable; a published version is frozen. */
  status: 'draft' | 'published';
  createdAt: string;
  publishedAt: string | null;
  /** What changed relative to the previous version, in words. */
  changes: string[];
}

export interface CodeSet {
  id: string;
  name: string;
  standard?: string;
  values: Record<string, string>;
}

export function keyItem(resource: Pick<ResourceInput, 'items'>): DataItem {
  const key = resource.items.find((i) => i.key);
  if (!key) throw new Error('resource has no key item');
  return key;
}
