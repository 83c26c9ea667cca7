/**
 * Live (federated) resources: a resource whose binding says `live` is not copied into the shared
 * store; the exchange asks this locator where its rows are on every call and runs the compiled grant
 * there. A SQL source gets one small connection pool per location, shared by every resource bound to
 * it; a REST source answers key lookups through its `lookupUrl`.
 */
import type { Knex } from 'knex';
import type { Resource } from '../catalog/index.js';
import { itemSources, liveFrom, LiveBindingError, renameRecord } from './liveMapping.js';
import type { LiveSource, LiveSourceLocator, SourceBinding } from './model.js';
import { openSourceKnex, sourceEngine, type SourceEngine } from './sources/sqlConnection.js';

export { LiveBindingError } from './liveMapping.js';

/** How long a built subquery is reused before the source's columns are looked at again. */
const FROM_TTL_MS = 60_000;

export interface LiveLocator {
  locate: LiveSourceLocator;
  /** Closes every source connection opened so far. */
  close(): Promise<void>;
}

export function createLiveLocator(getBinding: (resourceCode: string) => Promise<SourceBinding | undefined>): LiveLocator {
  const connections = new Map<string, { knex: Knex; engine: SourceEngine }>();
  const froms = new Map<string, { builtAt: number; from: Promise<{ from: Knex.Raw }> }>();

  const connection = (location: string) => {
    let found = connections.get(location);
    if (!found) connections.set(location, (found = { engine: sourceEngine(location), knex: openSourceKnex(location) }));
    return found;
  };

  const sqlSource = async (binding: SourceBinding, resource: Resource): Promise<LiveSource> => {
    const { knex, engine } = connection(binding.location);
    // A new version of the resource or a changed binding builds a new subquery.
    const cacheKey = JSON.stringify([resource.code, resource.version, resource.items, binding.location, binding.options, binding.mapping]);
    let cached = froms.get(cacheKey);
    if (!cached || Date.now() - cached.builtAt > FROM_TTL_MS) {
      const from = liveFrom(knex, engine, binding, resource);
      froms.set(cacheKey, (cached = { builtAt: Date.now(), from }));
      // A source that was down is looked at again on the next call.
      from.catch(() => froms.get(cacheKey)?.from === from && froms.delete(cacheKey));
    }
    return { kind: 'sql', knex, engine, from: (await cached.from).from };
  };

  return {
    async locate(resource) {
      const binding = await getBinding(resource.code);
      if (!binding?.live) return undefined;
      switch (binding.kind) {
        case 'sql':
          return sqlSource(binding, resource);
        case 'rest':
          return restSource(binding, resource);
        case 'csv':
        case 'excel':
          throw new LiveBindingError(`a ${binding.kind} file cannot answer live queries; bind ${resource.apiName} for sync instead`);
      }
    },
    async close() {
      const open = [...connections.values()];
      connections.clear();
      froms.clear();
      await Promise.all(open.map((c) => c.knex.destroy()));
    },
  };
}

function restSource(binding: SourceBinding, resource: Resource): LiveSource {
  const { lookupUrl, headers, recordsPath, timeoutMs, retries } = binding.options;
  if (!lookupUrl) throw new LiveBindingError(`a live REST source needs options.lookupUrl to look ${resource.apiName} records up`);
  const fetchOne = restKeyLookup({ lookupUrl, headers, recordsPath, timeoutMs, retries });
  return {
    kind: 'lookup',
    async lookup(key) {
      const found = await fetchOne(key);
      return found && renameRecord(found, itemSources(binding, resource, () => Object.keys(found)));
    },
  };
}

interface KeyLookupOptions {
  lookupUrl: string;
  headers?: Record<string, string>;
  recordsPath?: string;
  timeoutMs?: number;
  retries?: number;
}

/**
 * One record by key from a REST API: `{key}` in the URL template is replaced by the key; 404 is "no
 * such record"; 5xx answers and timeouts are retried with exponential backoff. (A stand-in with the
 * signature of `restKeyLookup` in `sources/rest.ts`, which is written in parallel and replaces it.)
 * Errors never quote the URL, which holds the key — often a personal identifier.
 */
export function restKeyLookup(options: KeyLookupOptions): (key: string, signal?: AbortSignal) => Promise<Record<string, unknown> | null> {
  const { lookupUrl, headers = {}, recordsPath, timeoutMs = 10_000, retries = 3 } = options;
  if (!lookupUrl.includes('{key}')) throw new LiveBindingError('options.lookupUrl must hold {key} where the key goes');
  return async (key, signal) => {
    const url = lookupUrl.replaceAll('{key}', encodeURIComponent(key));
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      let status: number;
      try {
        const res = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
        status = res.status;
        if (status === 404) return null;
        if (res.ok) return firstRecord(await res.json(), recordsPath);
        await res.body?.cancel();
      } catch (err) {
        if (signal?.aborted || attempt >= retries) throw err;
        await backoff(attempt);
        continue;
      }
      if (status < 500 || attempt >= retries) throw Object.assign(new Error(`the lookup answered HTTP ${status}`), { status });
      await backoff(attempt);
    }
  };
}

function firstRecord(body: unknown, recordsPath: string | undefined): Record<string, unknown> | null {
  let records = body;
  for (const part of recordsPath ? recordsPath.split('.') : []) records = (records as Record<string, unknown> | null)?.[part];
  const record = Array.isArray(records) ? records[0] : records;
  return record && typeof record === 'object' ? (record as Record<string, unknown>) : null;
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
}
