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
import { restKeyLookup } from './sources/rest.js';

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
