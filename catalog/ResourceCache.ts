/**
 * Resources as the catalog shows them, reused for a short time. The exchange reads a resource's
 * items on every data request; this keeps that off the database, and a publication shows within
 * `ttlMs` in every process (nothing is shared between processes but the database).
 */
import { NotFoundError } from '../shared/index.js';
import type { Catalog } from './Catalog.js';
import type { Resource } from './model.js';

export interface ResourceCacheOptions {
  ttlMs?: number;
  now?: () => number;
}

export class ResourceCache {
  private readonly entries = new Map<string, { resource: Resource | undefined; until: number }>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(private readonly catalog: Catalog, options: ResourceCacheOptions = {}) {
    this.ttl = options.ttlMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** A resource by code or apiName; NotFoundError when there is none. */
  async get(codeOrApiName: string): Promise<Resource> {
    const [resource] = await this.getMany([codeOrApiName]);
    if (!resource) throw new NotFoundError(`resource "${codeOrApiName}" not found`);
    return resource;
  }

  /** The resources that exist among `codesOrApiNames`, fetching the missing ones in one batch. */
  async getMany(codesOrApiNames: readonly string[]): Promise<Resource[]> {
    const t = this.now();
    const missing = codesOrApiNames.filter((name) => !((this.entries.get(name)?.until ?? 0) > t));
    if (missing.length) {
      const fetched = await this.catalog.getResources(missing);
      for (const name of missing) {
        const resource = fetched.find((r) => r.code === name || r.apiName === name);
        this.entries.set(name, { resource, until: t + this.ttl });
      }
    }
    return codesOrApiNames.flatMap((name) => {
      const resource = this.entries.get(name)?.resource;
      return resource ? [resource] : [];
    });
  }
}
