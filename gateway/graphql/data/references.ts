/**
 * Nested reference fields (licence → holder). Each hop is checked against the consumer's own
 * grants on the target and batched: the exchange follows every record of one hop at once, with
 * one statement per target resource, and never hands the raw reference values to the gateway.
 */
import DataLoader from 'dataloader';
import type { DataRecord, DataScope } from '../../../exchange/index.js';
import { typeName } from './naming.js';
import { scopeFor, type DataContext } from './resolvers.js';
import type { NestedField } from './typeDefs.js';

export interface ReferenceLoaders {
  /** Notes the scope a record was read under, so a hop from it knows its parent grant. */
  remember<T extends DataRecord | null>(scope: DataScope, record: T): T;
  follow(ctx: DataContext, record: DataRecord, field: NestedField): Promise<DataRecord | null>;
}

export function createReferenceLoaders(): ReferenceLoaders {
  const scopes = new WeakMap<DataRecord, DataScope>();
  const loaders = new Map<string, DataLoader<DataRecord, DataRecord | null>>();
  return {
    remember(scope, record) {
      if (record) scopes.set(record, scope);
      return record;
    },
    follow(ctx, record, field) {
      const parent = scopes.get(record);
      if (!parent) return Promise.resolve(null);
      const key = `${parent.grant.id}/${field.item.apiName}`;
      let loader = loaders.get(key);
      if (!loader) {
        const targets = field.targets.map((t) => scopeFor(ctx, t, 'lookup', new Set()));
        loader = new DataLoader(
          async (records) => {
            const followed = await ctx.dataQuery.follow(parent, records, field.item.apiName, targets);
            return followed.map((hit) => {
              if (!hit) return null;
              const target = targets.find((t) => t.resource.apiName === hit.resource)!;
              scopes.set(hit.record, target);
              return Object.assign(hit.record, { __typename: typeName(hit.resource) });
            });
          },
          { cache: false },
        );
        loaders.set(key, loader);
      }
      return loader.load(record);
    },
  };
}
