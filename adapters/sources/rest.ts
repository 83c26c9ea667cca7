/**
 * The REST/JSON source: a list URL walked page by page (page number, offset or cursor), the
 * records found at `recordsPath` in each response, each record a row positioned by its 1-based
 * ordinal across pages, nested properties flattened into dotted column names. With a
 * `watermark` option, an incremental read passes `since=<last watermark>` as a query parameter
 * so the API can send only newer records; the sync runner filters again, so an API that ignores
 * the parameter is still read correctly.
 */
import { InputError, type FieldProblem } from '../../shared/index.js';
import type { ReadOptions, RestPaging, SourceAdapter, SourceColumn, SourceOptions, SourceRow } from '../model.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, getJson, publicUrl, RestSourceError, type RequestSettings } from './restHttp.js';
import { recordValues, valueAt } from './restRecords.js';

const DEFAULT_PAGE_SIZE = 500;
const KEY_MARK = 'GOVSHARE_LOOKUP_KEY';
/** `describe()` lists the keys of this many records of the first page. */
const DESCRIBE_SAMPLE = 50;

type Page = { records: unknown[]; url: URL };

function isCount(value: unknown, min: number): boolean {
  return value === undefined || (Number.isInteger(value) && (value as number) >= min);
}

/** The list or lookup URL, or the problem with it. */
function parseUrl(text: string, field: string, problems: FieldProblem[]): URL | undefined {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  problems.push({ field, message: 'must be an absolute http(s) URL' });
  return undefined;
}

/** Whether fetch would accept these headers; checked up front so a typo is not retried as a network error. The values are secrets, so the problem does not quote them. */
function validHeaders(headers: Record<string, string>): boolean {
  try {
    new Headers(headers);
    return true;
  } catch {
    return false;
  }
}

/**
 * fetch refuses URLs with user info, so `https://user:password@host/…` becomes a Basic
 * Authorization header (unless one is configured) and leaves the URL.
 */
function moveCredentials(url: URL | undefined, headers: Record<string, string>): Record<string, string> {
  if (!url || (!url.username && !url.password)) return headers;
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return headers;
  return { ...headers, Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

function requestSettings(options: Pick<SourceOptions, 'headers' | 'timeoutMs' | 'retries'>, problems: FieldProblem[], url?: URL): RequestSettings {
  const given = options.headers ?? {};
  if (typeof given !== 'object' || Object.values(given).some((v) => typeof v !== 'string')) problems.push({ field: 'headers', message: 'must map header names to strings' });
  else if (!validHeaders(given)) problems.push({ field: 'headers', message: 'holds a header name or value that HTTP does not allow' });
  const headers = moveCredentials(url, given);
  if (!isCount(options.timeoutMs, 1)) problems.push({ field: 'timeoutMs', message: 'must be a positive integer' });
  if (!isCount(options.retries, 0)) problems.push({ field: 'retries', message: 'must be a non-negative integer' });
  return { headers, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, retries: options.retries ?? DEFAULT_RETRIES };
}

function checkPaging(paging: RestPaging, problems: FieldProblem[]): void {
  switch (paging.type) {
    case 'none':
      return;
    case 'page':
      if (!isCount(paging.size, 1)) problems.push({ field: 'paging.size', message: 'must be a positive integer' });
      if (!isCount(paging.start, 0)) problems.push({ field: 'paging.start', message: 'must be a non-negative integer' });
      return;
    case 'offset':
      if (!isCount(paging.limit, 1)) problems.push({ field: 'paging.limit', message: 'must be a positive integer' });
      return;
    case 'cursor':
      if (typeof paging.cursorPath !== 'string' || !paging.cursorPath) problems.push({ field: 'paging.cursorPath', message: 'must name where the next cursor is in the body' });
      return;
    default:
      // Bindings arrive as JSON, so the type the compiler rules out can still come in.
      problems.push({ field: 'paging.type', message: 'must be one of none, page, offset, cursor' });
  }
}

/** The records array of one response; a response without one is a configuration mistake worth naming. */
function recordsOf(body: unknown, recordsPath: string | undefined, url: URL): unknown[] {
  const records = valueAt(body, recordsPath);
  if (Array.isArray(records)) return records;
  const where = recordsPath ? `"${recordsPath}"` : 'the body';
  throw new RestSourceError(`the REST source ${publicUrl(url)} answered without a records array at ${where}`, { url: publicUrl(url) });
}

function withParams(base: URL, params: Record<string, string | number | undefined>): URL {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

/** A page that holds more records than asked for means the API ignored the paging parameters: walking on would never end. */
function checkPageSize(page: Page, size: number): void {
  if (page.records.length <= size) return;
  throw new RestSourceError(`the REST source ${publicUrl(page.url)} sent ${page.records.length} records for a page of ${size}; check the paging parameter names`, { url: publicUrl(page.url) });
}

/** A REST/JSON API as a source. */
export function restSource(url: string, options: SourceOptions = {}): SourceAdapter {
  const problems: FieldProblem[] = [];
  const base = parseUrl(url, 'location', problems);
  const settings = requestSettings(options, problems, base);
  const paging: RestPaging = options.paging ?? { type: 'none' };
  checkPaging(paging, problems);
  if (problems.length || !base) throw new InputError('invalid REST source', problems);
  const { recordsPath } = options;

  async function fetchPage(params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<Page & { body: unknown }> {
    const pageUrl = withParams(base!, params);
    const body = await getJson(pageUrl, settings, { signal });
    return { body, records: recordsOf(body, recordsPath, pageUrl), url: pageUrl };
  }

  /** Every page in order; `since` rides along on each request. */
  async function* pages(since: string | undefined, signal?: AbortSignal): AsyncGenerator<Page> {
    switch (paging.type) {
      case 'none':
        yield await fetchPage({ since }, signal);
        return;
      case 'page': {
        const size = paging.size ?? DEFAULT_PAGE_SIZE;
        for (let number = paging.start ?? 1; ; number++) {
          const page = await fetchPage({ since, [paging.param ?? 'page']: number, [paging.sizeParam ?? 'pageSize']: size }, signal);
          checkPageSize(page, size);
          if (page.records.length) yield page;
          if (page.records.length < size) return;
        }
      }
      case 'offset': {
        const limit = paging.limit ?? DEFAULT_PAGE_SIZE;
        for (let offset = 0; ; offset += limit) {
          const page = await fetchPage({ since, [paging.param ?? 'offset']: offset, [paging.limitParam ?? 'limit']: limit }, signal);
          checkPageSize(page, limit);
          if (page.records.length) yield page;
          if (page.records.length < limit) return;
        }
      }
      case 'cursor': {
        const seen = new Set<string>();
        let cursor: string | undefined;
        for (;;) {
          const page = await fetchPage({ since, [paging.param ?? 'cursor']: cursor }, signal);
          if (page.records.length) yield page;
          const next = valueAt(page.body, paging.cursorPath);
          if (next === undefined || next === null || next === '') return;
          cursor = String(next);
          if (seen.has(cursor)) throw new RestSourceError(`the REST source ${publicUrl(page.url)} sent the cursor it had sent before; its pages would never end`, { url: publicUrl(page.url) });
          seen.add(cursor);
        }
      }
    }
  }

  async function describe(): Promise<SourceColumn[]> {
    const walk = pages(undefined);
    const first = (await walk.next()).value as Page | undefined;
    await walk.return(undefined);
    const names = new Set<string>();
    for (const record of first?.records.slice(0, DESCRIBE_SAMPLE) ?? []) {
      for (const name of Object.keys(recordValues(record).values)) names.add(name);
    }
    return [...names].map((name) => ({ name }));
  }

  async function* read({ batchSize, since, signal }: ReadOptions): AsyncGenerator<SourceRow[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError('cannot read the REST source', [{ field: 'batchSize', message: 'must be a positive integer' }]);
    const sinceParam = options.watermark !== undefined && since !== undefined ? String(since) : undefined;
    let position = 0;
    let batch: SourceRow[] = [];
    for await (const page of pages(sinceParam, signal)) {
      for (const record of page.records) {
        const { values, problem } = recordValues(record);
        batch.push(problem ? { position: ++position, values, problem } : { position: ++position, values });
        if (batch.length === batchSize) {
          signal?.throwIfAborted();
          yield batch;
          batch = [];
        }
      }
    }
    signal?.throwIfAborted();
    if (batch.length) yield batch;
  }

  return { kind: 'rest', describe, read, close: async () => {} };
}

export interface RestKeyLookupOptions {
  /** The URL of one record, `{key}` standing for the URL-encoded key: `https://host/persons/{key}`. */
  lookupUrl: string;
  headers?: Record<string, string>;
  recordsPath?: string;
  timeoutMs?: number;
  retries?: number;
}

/**
 * How a live (federated) REST resource answers a key lookup: the record at `recordsPath` (or the
 * body) of `lookupUrl` for the key, flattened like a source row; `null` on 404 or no record.
 */
export function restKeyLookup(options: RestKeyLookupOptions): (key: string, signal?: AbortSignal) => Promise<Record<string, unknown> | null> {
  const problems: FieldProblem[] = [];
  const hasKey = typeof options.lookupUrl === 'string' && options.lookupUrl.includes('{key}');
  if (!hasKey) problems.push({ field: 'lookupUrl', message: 'must contain {key} where the key goes' });
  // A marker that URL parsing leaves as it is, so the key can be put in after credentials are moved out.
  const template = hasKey ? parseUrl(options.lookupUrl.replaceAll('{key}', KEY_MARK), 'lookupUrl', problems) : undefined;
  const settings = requestSettings(options, problems, template);
  if (problems.length || !template) throw new InputError('invalid REST key lookup', problems);
  // The key is personal data (a resident ID): errors show the template, never the filled-in URL.
  const shownAs = publicUrl(template).replaceAll(KEY_MARK, '{key}');

  return async (key, signal) => {
    const url = new URL(template.href.replaceAll(KEY_MARK, encodeURIComponent(key)));
    const body = await getJson(url, settings, { signal, notFoundAsNull: true, shownAs });
    let record = valueAt(body, options.recordsPath);
    if (Array.isArray(record)) {
      if (record.length > 1) throw new RestSourceError(`the REST source ${shownAs} sent ${record.length} records for one key`, { url: shownAs });
      record = record[0];
    }
    if (record === undefined || record === null) return null;
    const { values, problem } = recordValues(record);
    if (problem) throw new RestSourceError(`the REST source ${shownAs} sent a record that is not a JSON object`, { url: shownAs });
    return values;
  };
}
