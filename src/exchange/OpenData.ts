/**
 * Open data: records of published resources whose open attribute is `open`, readable by anyone.
 * Resources that are not open look exactly like resources that do not exist. Only items whose
 * sensitivity is `public` are published, and the catalog's mask rule still applies to them.
 */
import { Catalog, type DataItem, type Resource } from '../catalog/index.js';
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
  private readonly cache = new Map<string, { resource: Resource; until: number }>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(private readonly db: Database, private readonly catalog: Catalog, options: OpenDataOptions = {}) {
    this.ttl = options.metadataTtlMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** The open resource with this code or apiName. */
  async resource(codeOrApiName: string): Promise<Resource> {
    const hit = this.cache.get(codeOrApiName);
    if (hit && hit.until > this.now()) return hit.resource;
    const resource = await this.catalog.getResource(codeOrApiName).catch((err) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    if (!resource || resource.status !== 'published' || resource.open.type !== 'open') {
      this.cache.delete(codeOrApiName);
      throw new NotFoundError(`no open resource "${codeOrApiName}"`);
    }
    this.cache.set(codeOrApiName, { resource, until: this.now() + this.ttl });
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
