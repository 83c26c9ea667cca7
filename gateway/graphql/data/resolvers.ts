/**
 * Resolvers of the typed data API. Each operation runs under one grant — the `X-Grant` header's
 * when it is on this resource, otherwise the department's grant that allows the action and shows
 * the selected fields — and the exchange enforces it: columns, rows, masks, mode and quotas.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { modeAllows, type DataAction, type DataRecord, type RequestContext, type DataReader, type DataScope, type Grant, type Principal } from '../../../exchange/index.js';
import { ForbiddenError } from '../../../shared/index.js';
import type { CatalogContext } from '../catalogResolvers.js';
import { fieldNames, typeNames } from './naming.js';
import { nestedFields } from './typeDefs.js';
import { createReferenceLoaders, type ReferenceLoaders } from './references.js';
import { selectedFields } from './selection.js';
import type { ResourceView } from './views.js';
import { toOrder, toPredicate, type OrderInput, type WhereInput } from './where.js';

export interface DataContext extends CatalogContext {
  principal: Principal;
  views: Map<string, ResourceView>;
  dataQuery: DataReader;
  /** The grant named by `X-Grant`, already checked to be one of the department's active grants. */
  chosenGrant?: Grant;
  /** Who asks, in which request: recorded with every read in the audit ledger. */
  request: RequestContext;
  references: ReferenceLoaders;
}

/** The grant an operation on `view` runs under. */
export function scopeFor(ctx: DataContext, apiName: string, action: DataAction, wanted: Set<string>): DataScope {
  // This request's views: grants read now, never the ones the cached schema was built from.
  const view = ctx.views.get(apiName);
  if (!view) throw new ForbiddenError(`no active grant of your department covers "${apiName}"`);
  const resource = view.resource;
  if (ctx.chosenGrant?.resource === resource.apiName) {
    if (!modeAllows(ctx.chosenGrant.mode, action)) {
      throw new ForbiddenError(`grant ${ctx.chosenGrant.id} (X-Grant) is a ${ctx.chosenGrant.mode} grant and does not allow ${action}`);
    }
    return { grant: ctx.chosenGrant, resource, request: ctx.request };
  }
  const candidates = view.grants.filter((g) => modeAllows(g.mode, action));
  if (!candidates.length) throw new ForbiddenError(`no active grant of your department allows ${action} on "${resource.apiName}"`);
  const covering = candidates.find((g) => [...wanted].every((f) => g.fields.includes(f) || !view.items.some((i) => i.apiName === f)));
  const widest = [...candidates].sort((a, b) => b.fields.length - a.fields.length)[0]!;
  return { grant: covering ?? widest, resource, request: ctx.request };
}

export function createDataContextParts(principal: Principal, views: Map<string, ResourceView>, dataQuery: DataReader, chosenGrant: Grant | undefined, request: RequestContext) {
  return { principal, views, dataQuery, chosenGrant, request, references: createReferenceLoaders() };
}

type Args = Record<string, unknown>;

/** Resolvers of one view. The view shapes the schema only; every call reads the request's own grants. */
function viewResolvers(view: ResourceView, views: Map<string, ResourceView>) {
  const apiName = view.resource.apiName;
  const f = fieldNames(apiName);
  const t = typeNames(apiName);
  const query: Record<string, (parent: unknown, args: Args, ctx: DataContext, info: GraphQLResolveInfo) => unknown> = {};
  const { actions } = view;
  if (actions.has('lookup')) {
    query[f.lookup] = async (_p, args, ctx, info) => {
      const scope = scopeFor(ctx, apiName, 'lookup', selectedFields(info));
      return ctx.references.remember(scope, await ctx.dataQuery.lookup(scope, String(args.key)));
    };
  }
  if (actions.has('list')) {
    query[f.list] = async (_p, args, ctx, info) => {
      const scope = scopeFor(ctx, apiName, 'list', selectedFields(info, ['nodes'], ['edges', 'node']));
      const wantsCount = selectedFields(info).has('totalCount');
      const page = await ctx.dataQuery.list(
        scope,
        {
          keys: (args.keys as string[] | null) ?? undefined,
          where: toPredicate(args.where as WhereInput),
          orderBy: toOrder(args.orderBy as OrderInput[]),
          first: (args.first as number | null) ?? undefined,
          after: (args.after as string | null) ?? undefined,
        },
        { totalCount: wantsCount },
      );
      for (const node of page.nodes) ctx.references.remember(scope, node);
      return page;
    };
  }
  if (actions.has('aggregate')) {
    query[f.aggregate] = async (_p, args, ctx) => {
      const scope = scopeFor(ctx, apiName, 'aggregate', new Set((args.groupBy as string[] | null) ?? []));
      const groups = await ctx.dataQuery.aggregate(scope, { where: toPredicate(args.where as WhereInput), groupBy: (args.groupBy as string[] | null) ?? [] });
      return groups.map((g) => ({ ...g.group, count: g.count }));
    };
  }
  if (actions.has('verify')) {
    query[f.verify] = async (_p, args, ctx) => {
      const claims = Object.fromEntries(Object.entries((args.claims as Args) ?? {}).filter(([, v]) => v !== null && v !== undefined));
      const scope = scopeFor(ctx, apiName, 'verify', new Set(Object.keys(claims)));
      return ctx.dataQuery.verify(scope, String(args.key), claims as Record<string, string | number | boolean>);
    };
  }
  const types: Record<string, unknown> = {};
  if (actions.has('lookup') || actions.has('list')) {
    const nested = nestedFields(view, views);
    if (nested.length) {
      types[t.record] = Object.fromEntries(
        nested.map((n) => [n.name, (record: DataRecord, _a: Args, ctx: DataContext) => ctx.references.follow(ctx, record, n)]),
      );
      for (const n of nested.filter((x) => x.targets.length > 1)) {
        types[n.type] = { __resolveType: typenameOf };
      }
    }
  }
  return { query, types };
}

/** Records resolved through a reference carry their resource's type name. */
function typenameOf(record: Record<string, unknown>): string | undefined {
  return typeof record.__typename === 'string' ? record.__typename : undefined;
}

/** Resolvers of every view, merged. */
export function dataResolvers(views: Map<string, ResourceView>): { Query: Record<string, unknown>; [type: string]: unknown } {
  const Query: Record<string, unknown> = {};
  const types: Record<string, unknown> = {};
  for (const view of views.values()) {
    const r = viewResolvers(view, views);
    Object.assign(Query, r.query);
    Object.assign(types, r.types);
  }
  return { Query, ...types };
}
