/**
 * Open data: what anyone may read without an account. The public catalog holds published resources
 * whose open attribute is `open` or `conditional`; rows are served for `open` ones only. A closed,
 * draft or retired resource looks exactly like one that does not exist. Only items whose
 * sensitivity is `public` leave, with the catalog's mask rule applied.
 *
 * Every read is one entry in the audit ledger — a record, a page, a whole download — with its
 * filters and row count, committed before the first row leaves.
 */
import { Catalog, ResourceCache, type Resource } from '../../catalog/index.js';
import { type Database, ForbiddenError, NotFoundError } from '../../shared/index.js';
import { allowed, failed, hashPredicate } from '../ledger/dataEntries.js';
import type { LedgerKey } from '../ledger/keys.js';
import type { Ledger } from '../ledger/Ledger.js';
import type { EntryDraft } from '../ledger/model.js';
import { maskValue } from '../policy/masking.js';
import { findByKey, type DataRecord } from '../storeReader.js';
import type { OpenDownload, OpenPage, OpenRequest, OpenRowQuery } from './model.js';
import { compileOpenQuery, openItems, openMasks, type CompiledOpenQuery } from './openQuery.js';
import { OpenReader } from './OpenReader.js';

export interface OpenDataOptions {
  /** Records every read in the audit ledger (the request returns only once its entry is committed). */
  audit?: { ledger: Ledger; key: LedgerKey };
  /** How long resource metadata is reused between lookups (ms); publications show after at most this long. */
  metadataTtlMs?: number;
  now?: () => number;
  /** Rows a download reads per statement (default 2,000). */
  downloadBatch?: number;
}

/** The query of a download: which rows and items, never a page. */
export type OpenDownloadQuery = Pick<OpenRowQuery, 'filters' | 'search' | 'select'>;

export class OpenData {
  private readonly resources: ResourceCache;
  private readonly audit: OpenDataOptions['audit'];
  private readonly reader: OpenReader;

  constructor(db: Database, catalog: Catalog | ResourceCache, options: OpenDataOptions = {}) {
    this.resources = catalog instanceof ResourceCache ? catalog : new ResourceCache(catalog, { ttlMs: options.metadataTtlMs, now: options.now });
    this.audit = options.audit;
    this.reader = new OpenReader(db, options.downloadBatch);
  }

  /** A resource of the public catalog (published; open or conditional) by code or apiName. */
  async catalogEntry(codeOrApiName: string): Promise<Resource> {
    const [resource] = await this.catalogEntries([codeOrApiName]);
    if (!resource) {
      throw new NotFoundError(`no open resource "${codeOrApiName}"`);
    }
    return resource;
  }

  /** The resources among `codesOrApiNames` that are in the public catalog; the others are left out. */
  async catalogEntries(codesOrApiNames: readonly string[]): Promise<Resource[]> {
    return (await this.resources.getMany(codesOrApiNames)).filter((r) => r.status === 'published' && r.open.type !== 'closed');
  }

  /** A resource whose rows are open. A conditional one is in the catalog, but its rows are given on application only. */
  async resource(codeOrApiName: string): Promise<Resource> {
    const resource = await this.catalogEntry(codeOrApiName);
    if (resource.open.type !== 'open') {
      throw new ForbiddenError(`the rows of "${resource.apiName}" are open on application only (open attribute: conditional)`);
    }
    return resource;
  }

  /** One record of an open resource by its natural key; `requestId` ties its ledger entry to the request. */
  async record(codeOrApiName: string, key: string, requestId?: string): Promise<DataRecord> {
    const resource = await this.resource(codeOrApiName);
    const items = openItems(resource);
    const draft: EntryDraft = { ...this.draft(resource, { requestId, action: 'open-record' }), fields: items.map((i) => i.apiName), keys: this.audit ? [this.audit.key.subject(key)] : [] };
    let record: DataRecord | undefined;
    try {
      record = await findByKey(this.reader.knex, resource, key, items);
      if (!record) throw new NotFoundError(`no record with this key in "${resource.apiName}"`);
    } catch (err) {
      await this.audit?.ledger.append(failed(draft, err));
      throw err;
    }
    const masks = openMasks(items);
    for (const item of items) {
      const rule = masks.get(item.apiName);
      if (rule) record[item.apiName] = maskValue(item, rule, record[item.apiName]!);
    }
    const keyItem = resource.items.find((i) => i.key);
    const subjects = this.audit && (keyItem?.format === 'residentId' || keyItem?.format === 'creditCode') ? [this.audit.key.subject(key)] : [];
    await this.audit?.ledger.append(allowed(draft, 1, record, subjects));
    return record;
  }

  /** A page of rows of an open resource: filtered, ordered, paged by cursor or offset. */
  async rows(codeOrApiName: string, query: OpenRowQuery, request: OpenRequest = {}): Promise<OpenPage> {
    const resource = await this.resource(codeOrApiName);
    const { compiled, draft } = await this.compile(resource, query, { action: 'open-rows', ...request });
    let page: Omit<OpenPage, 'resource'>;
    try {
      page = await this.reader.page(resource, compiled, query.total === true);
    } catch (err) {
      await this.audit?.ledger.append(failed(draft, err));
      throw err;
    }
    await this.audit?.ledger.append(allowed(draft, page.records.length, page.records, this.subjects(compiled, page.records)));
    return { resource, ...page };
  }

  /**
   * Every matching row of an open resource, read in keyset batches as the consumer pulls them, so
   * a download of any size holds at most two batches in memory. Its ledger entry, with the count of rows
   * matching at the start, is committed before this returns; the rows it lists are not hashed
   * one by one into the subject index (a download is "every row the filter matched").
   */
  async download(codeOrApiName: string, query: OpenDownloadQuery, request: OpenRequest = {}): Promise<OpenDownload> {
    const resource = await this.resource(codeOrApiName);
    const { compiled, draft } = await this.compile(resource, query, { action: 'open-download', ...request });
    let rowCount: number;
    try {
      rowCount = await this.reader.count(resource, compiled);
    } catch (err) {
      await this.audit?.ledger.append(failed(draft, err));
      throw err;
    }
    await this.audit?.ledger.append({ ...draft, rowCount, responseDigest: null, subjects: [] });
    return { resource, fields: compiled.fields, rowCount, batches: this.reader.scan(resource, compiled) };
  }

  /** The query checked against the resource, and the ledger draft of the call (a refused query is recorded as denied). */
  private async compile(resource: Resource, query: OpenRowQuery, request: OpenRequest): Promise<{ compiled: CompiledOpenQuery; draft: EntryDraft }> {
    const draft = this.draft(resource, request);
    let compiled: CompiledOpenQuery;
    try {
      compiled = compileOpenQuery(resource, query);
    } catch (err) {
      await this.audit?.ledger.append(failed({ ...draft, detail: { ...draft.detail, asked: this.asked(query) } }, err));
      throw err;
    }
    const filter = this.audit ? hashPredicate(compiled.where, resource.items, this.audit.key) : compiled.where;
    return { compiled, draft: { ...draft, fields: compiled.fields.map((i) => i.apiName), filter, detail: { ...draft.detail, ...this.asked(query) } } };
  }

  private draft(resource: Resource, request: OpenRequest): EntryDraft {
    return {
      kind: 'data',
      action: request.action ?? 'open-rows',
      requestId: request.requestId || null,
      resource: resource.apiName,
      purpose: 'open data',
      fields: [],
      keys: [],
      outcome: 'allowed',
      detail: request.format ? { format: request.format } : null,
    };
  }

  /** What the ledger keeps of a query beside its filter: free text only as a keyed hash, as it may name anyone. */
  private asked(query: OpenRowQuery): Record<string, unknown> {
    const hash = (text: string) => (this.audit ? { hmac: this.audit.key.value(text) } : { length: text.length });
    return {
      ...(query.search?.length ? { search: query.search.map((s) => ({ fields: s.fields ?? null, text: hash(s.text) })) } : {}),
      ...(query.order?.length ? { order: query.order } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.offset !== undefined ? { offset: query.offset } : {}),
      ...(query.after !== undefined ? { after: true } : {}),
    };
  }

  /** Keyed hashes of the people and firms identified in the fields a page returned. */
  private subjects(compiled: CompiledOpenQuery, records: readonly DataRecord[]): string[] {
    if (!this.audit) return [];
    const named = compiled.fields.filter((i) => (i.format === 'residentId' || i.format === 'creditCode' || (i.references?.length ?? 0) > 0) && !compiled.masks.has(i.apiName));
    const seen = new Set<string>();
    for (const record of records) {
      for (const item of named) {
        const value = record[item.apiName];
        if (typeof value === 'string' && value) seen.add(value);
      }
    }
    return [...seen].map((v) => this.audit!.key.subject(v));
  }
}
