/**
 * Open data: records of published resources whose open attribute is `open`, readable by anyone.
 * Resources that are not open look exactly like resources that do not exist. Only items whose
 * sensitivity is `public` are published, and the catalog's mask rule still applies to them.
 */
import { Catalog, ResourceCache, type DataItem, type Resource } from '../catalog/index.js';
import type { Database } from '../shared/database.js';
import { NotFoundError } from '../shared/errors.js';
import { applyMask } from '../shared/masks.js';
import { allowed, failed } from './ledger/dataEntries.js';
import type { LedgerKey } from './ledger/keys.js';
import type { Ledger } from './ledger/Ledger.js';
import type { EntryDraft } from './ledger/model.js';
import { findByKey, type DataRecord } from './storeReader.js';

export interface OpenDataOptions {
  /** Records every read in the audit ledger (the request returns only once its entry is committed). */
  audit?: { ledger: Ledger; key: LedgerKey };
  /** How long resource metadata is reused between lookups (ms); publications show after at most this long. */
  metadataTtlMs?: number;
  now?: () => number;
}

export class OpenData {
  private readonly resources: ResourceCache;
  private readonly audit: OpenDataOptions['audit'];

  constructor(private readonly db: Database, catalog: Catalog | ResourceCache, options: OpenDataOptions = {}) {
    this.resources = catalog instanceof ResourceCache ? catalog : new ResourceCache(catalog, { ttlMs: options.metadataTtlMs, now: options.now });
    this.audit = options.audit;
  }

  /** The open resource with this code or apiName. */
  async resource(codeOrApiName: string): Promise<Resource> {
    const [resource] = await this.resources.getMany([codeOrApiName]);
    if (!resource || resource.status !== 'published' || resource.open.type !== 'open') {
      throw new NotFoundError(`no open resource "${codeOrApiName}"`);
    }
    return resource;
  }

  /** One record of an open resource by its natural key; `requestId` ties its ledger entry to the request. */
  async record(codeOrApiName: string, key: string, requestId?: string): Promise<DataRecord> {
    const resource = await this.resource(codeOrApiName);
    const items = openItems(resource);
    const draft: EntryDraft = {
      kind: 'data',
      action: 'open-record',
      requestId: requestId ?? null,
      resource: resource.apiName,
      purpose: 'open data',
      fields: items.map((i) => i.apiName),
      keys: this.audit ? [this.audit.key.subject(key)] : [],
      outcome: 'allowed',
    };
    let record: DataRecord | undefined;
    try {
      record = await findByKey(this.db.knex, resource, key, items);
      if (!record) throw new NotFoundError(`no record with this key in "${resource.apiName}"`);
    } catch (err) {
      await this.audit?.ledger.append(failed(draft, err));
      throw err;
    }
    for (const item of items) {
      const value = record[item.apiName];
      if (item.mask !== 'none' && typeof value === 'string') record[item.apiName] = applyMask(item.mask, value);
    }
    const keyItem = resource.items.find((i) => i.key);
    const subjects = this.audit && (keyItem?.format === 'residentId' || keyItem?.format === 'creditCode') ? [this.audit.key.subject(key)] : [];
    await this.audit?.ledger.append(allowed(draft, 1, record, subjects));
    return record;
  }
}

/** The items of a resource that open data may show. */
export function openItems(resource: Resource): DataItem[] {
  return resource.items.filter((i) => i.sensitivity === 'public');
}
