/**
 * Open data: records of published resources whose open attribute is `open`, readable by anyone.
 * Resources that are not open look exactly like resources that do not exist. Only items whose
 * sensitivity is `public` are published, and the catalog's mask rule still applies to them.
 */
import { Catalog, ResourceCache, type DataItem, type Resource } from '../catalog/index.js';
import type { Database } from '../shared/database.js';
import { NotFoundError } from '../shared/errors.js';
import { applyMask } from '../shared/masks.js';
import { findByKey, type DataRecord } from './storeReader.js';

export interface OpenDataOptions {
  /** How long resource metadata is reused between lookups (ms); publications show after at most this long. */
  metadataTtlMs?: number;
  now?: () => number;
}

export class OpenData {
  private readonly resources: ResourceCache;

  constructor(private readonly db: Database, catalog: Catalog | ResourceCache, options: OpenDataOptions = {}) {
    this.resources = catalog instanceof ResourceCache ? catalog : new ResourceCache(catalog, { ttlMs: options.metadataTtlMs, now: options.now });
  }

  /** The open resource with this code or apiName. */
  async resource(codeOrApiName: string): Promise<Resource> {
    const [resource] = await this.resources.getMany([codeOrApiName]);
    if (!resource || resource.status !== 'published' || resource.open.type !== 'open') {
      throw new NotFoundError(`no open resource "${codeOrApiName}"`);
    }
    return resource;
  }

  /** One record of an open resource by its natural key. */
  async record(codeOrApiName: string, key: string): Promise<DataRecord> {
    const resource = await this.resource(codeOrApiName);
    const items = openItems(resource);
    const record = await findByKey(this.db.knex, resource, key, items);
    if (!record) throw new NotFoundError(`no record with this key in "${resource.apiName}"`);
    for (const item of items) {
      const value = record[item.apiName];
      if (item.mask !== 'none' && typeof value === 'string') record[item.apiName] = applyMask(item.mask, value);
    }
    return record;
  }
}

/** The items of a resource that open data may show. */
export function openItems(resource: Resource): DataItem[] {
  return resource.items.filter((i) => i.sensitivity === 'public');
}
