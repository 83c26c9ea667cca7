/**
 * A Frictionless Data Package (`tabular-data-package`) for one public resource: one tabular
 * resource, the CSV download, with a Table Schema derived from the items open data publishes.
 *
 * Choices worth knowing:
 * - A masked item publishes masked values (`张**`, `441802********1234`), so it keeps only its
 *   `required` constraint: a pattern, length or uniqueness of the raw value would reject them.
 * - Patterns are XML Schema regular expressions as the spec asks (implicitly anchored, no `^…$`).
 * - Points are stored `lat,lon`, while Frictionless' `geopoint` reads `lon, lat`: declaring them
 *   geopoint would swap the axes, so they are strings with a pattern and say so.
 * - Foreign keys to other resources use the "foreign keys to data packages" pattern
 *   (`reference.package`), since each package holds one resource; only unconditional references
 *   to a public target's unmasked key are declared.
 */
import type { CodeSet, DataItem, Department, ItemFormat, Resource } from '../model.js';
import { slugOf, type PublicUrls } from './publicUrls.js';
import { isPublicResource, publishedItems } from './visibility.js';
import { licenceOf } from './vocabularies.js';

export interface DataPackageContext {
  urls: PublicUrls;
  provider: Department;
  codeSets: ReadonlyMap<string, CodeSet>;
  /** The resources the items reference, by apiName (non-public ones are ignored). */
  referenced: ReadonlyMap<string, Resource>;
}

export type TableField = Record<string, unknown> & { name: string; type: string };

export interface ForeignKey {
  fields: string;
  reference: { package: string; resource: string; fields: string };
}

export interface TableSchema {
  fields: TableField[];
  primaryKey?: string;
  foreignKeys?: ForeignKey[];
  missingValues: string[];
}

const PATTERNS: Record<Exclude<ItemFormat, 'email'>, { pattern: string; note: string }> = {
  residentId: {
    pattern: '[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]',
    note: '18 位公民身份号码（GB 11643），末位为 ISO 7064 MOD 11-2 校验码',
  },
  creditCode: {
    pattern: '[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}',
    note: '18 位统一社会信用代码（GB 32100），末位为 MOD 31 校验码',
  },
  mobile: { pattern: '1[3-9][0-9]{9}', note: '11 位手机号码' },
};

const MASK_NOTES: Record<Exclude<DataItem['mask'], 'none'>, string> = {
  residentId: '公开值已脱敏：保留前 6 位和后 4 位',
  mobile: '公开值已脱敏：保留前 3 位和后 4 位',
  name: '公开值已脱敏：仅保留首字',
  address: '公开值已脱敏：仅保留所在区县',
};

const GEOPOINT_PATTERN = '-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?';

function typeOf(item: DataItem): { type: string; format?: string } {
  switch (item.dataType) {
    case 'string':
      return item.format === 'email' ? { type: 'string', format: 'email' } : { type: 'string' };
    case 'code':
      return { type: 'string' };
    case 'integer':
      return { type: 'integer' };
    case 'decimal':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'date' };
    case 'datetime':
      return { type: 'datetime' };
    case 'geopoint':
      return { type: 'string' };
    default: {
      const unreachable: never = item.dataType;
      throw new Error(`unknown data type ${String(unreachable)}`);
    }
  }
}

function field(item: DataItem, ctx: DataPackageContext): TableField {
  const notes = item.description ? [item.description] : [];
  const constraints: Record<string, unknown> = {};
  if (item.required || item.key) constraints.required = true;
  const masked = item.mask !== 'none';
  const set = item.codeSet ? ctx.codeSets.get(item.codeSet) : undefined;
  if (masked) {
    notes.push(MASK_NOTES[item.mask as keyof typeof MASK_NOTES]);
  } else {
    if (item.key) constraints.unique = true;
    if (item.length && (item.dataType === 'string' || item.dataType === 'code')) constraints.maxLength = item.length;
    if (set) constraints.enum = Object.keys(set.values);
    if (item.format && item.format !== 'email') {
      constraints.pattern = PATTERNS[item.format].pattern;
      notes.push(PATTERNS[item.format].note);
    }
    if (item.dataType === 'geopoint') {
      constraints.pattern = GEOPOINT_PATTERN;
      notes.push('纬度,经度（WGS 84），注意顺序与 Frictionless geopoint 的“经度, 纬度”相反');
    }
  }
  return {
    name: item.apiName,
    title: item.name,
    ...typeOf(item),
    ...(notes.length ? { description: notes.join('；') } : {}),
    // Frictionless v2 `categories`: the code set's labels beside its codes.
    ...(set && !masked ? { categories: Object.entries(set.values).map(([value, label]) => ({ value, label })) } : {}),
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}

function foreignKeys(items: DataItem[], ctx: DataPackageContext): ForeignKey[] {
  const keys: ForeignKey[] = [];
  for (const item of items) {
    if (item.mask !== 'none') continue;
    for (const ref of item.references ?? []) {
      if (ref.when) continue; // a key that points at different resources by another item's value
      const target = ctx.referenced.get(ref.resource);
      if (!target || !isPublicResource(target)) continue;
      const targetKey = publishedItems(target).find((i) => i.apiName === ref.item && i.mask === 'none');
      if (!targetKey) continue;
      keys.push({ fields: item.apiName, reference: { package: ctx.urls.dataPackage(target.apiName), resource: slugOf(target.apiName), fields: targetKey.apiName } });
    }
  }
  return keys;
}

export function tableSchema(resource: Resource, ctx: DataPackageContext): TableSchema {
  const items = publishedItems(resource);
  const key = items.find((i) => i.key && i.mask === 'none');
  const fks = foreignKeys(items, ctx);
  return {
    fields: items.map((i) => field(i, ctx)),
    ...(key ? { primaryKey: key.apiName } : {}),
    ...(fks.length ? { foreignKeys: fks } : {}),
    missingValues: [''],
  };
}

/** The Data Package descriptor of a public resource (the caller checks that it is public). */
export function dataPackage(resource: Resource, ctx: DataPackageContext): Record<string, unknown> {
  const { urls } = ctx;
  const licence = licenceOf(resource.open.licence);
  const licences = licence
    ? [{ name: licence.spdx, path: licence.url, title: licence.label }]
    : resource.open.licence
      ? [{ title: resource.open.licence }]
      : [];
  const conditional = resource.open.type === 'conditional' ? `有条件开放：${resource.open.conditions ?? '注册并经审核后可下载'}` : undefined;
  return {
    profile: 'tabular-data-package',
    name: slugOf(resource.apiName),
    id: urls.dataset(resource.apiName),
    title: resource.name,
    description: resource.summary,
    homepage: urls.landingPage(resource.apiName),
    version: `${resource.version}.0.0`,
    keywords: resource.tags,
    ...(licences.length ? { licenses: licences } : {}),
    contributors: [
      {
        title: ctx.provider.name,
        role: 'publisher',
        organization: ctx.provider.name,
        ...(ctx.provider.contact.email ? { email: ctx.provider.contact.email } : {}),
        path: urls.department(ctx.provider.code),
      },
    ],
    resources: [
      {
        profile: 'tabular-data-resource',
        name: slugOf(resource.apiName),
        path: urls.downloadCsvForSchema(resource.apiName),
        title: resource.name,
        ...(conditional ? { description: conditional } : {}),
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true, skipInitialSpace: false },
        schema: tableSchema(resource, ctx),
      },
    ],
  };
}
