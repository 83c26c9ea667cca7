/**
 * `/graphql`: anonymous callers get the public catalog (what the open API shows); a department gets
 * the whole catalog, the workflow and a data API typed from its active grants. Grants are read on
 * every request (a revoked grant stops working at once), and each distinct schema is built once and
 * cached.
 */
import type { RequestHandler } from 'express';
import type { Catalog, ResourceCache } from '../../catalog/index.js';
import type { AccessRequests, DataReader, Grant, Grants, Ledger, Principal, SubjectAccess, Supervision } from '../../exchange/index.js';
import { ForbiddenError, isDomainError, type Logger } from '../../shared/index.js';
import { principalOf } from '../auth.js';
import { HTTP_STATUS } from '../errors.js';
import { catalogResolvers, catalogTypeDefs, createCatalogLoaders, type CatalogContext, type Visibility } from './catalog.js';
import { createDataContextParts, dataResolvers } from './data/resolvers.js';
import { dataTypeDefs } from './data/typeDefs.js';
import { buildViews, schemaKey } from './data/views.js';
import { SchemaRegistry, type SchemaParts } from './SchemaRegistry.js';
import { workflowResolvers } from './workflowResolvers.js';
import { workflowTypeDefs } from './workflowTypeDefs.js';
// ---- supervision ----
import { supervisionResolvers } from './supervisionResolvers.js';
import { supervisionTypeDefs } from './supervisionTypeDefs.js';
// ---- end supervision ----
import { sourceResolvers, type SourceServices } from './sourceResolvers.js';
import { sourceTypeDefs } from './sourceTypeDefs.js';

export { MAX_QUERY_DEPTH } from './SchemaRegistry.js';

export interface GraphQLServices {
  catalog: Catalog;
  /** Resources for building views; a short-lived cache keeps catalog reads off every request. */
  resources: ResourceCache;
  grants: Grants;
  requests: AccessRequests;
  dataQuery: DataReader;
  /** Where workflow events the catalog cannot journal itself (publications) are recorded. */
  ledger?: Ledger;
  logger: Logger;
  now?: () => Date;
  // ---- supervision: the supervisor's queries and alerts; subject access tickets ----
  supervision: Supervision;
  subjectAccess: SubjectAccess;
  /** Source bindings and sync runs (adapters). */
  sources: SourceServices;
}

export interface GraphQLHandle {
  middleware: RequestHandler;
  stop(): Promise<void>;
}

type Resolvers = Record<string, Record<string, unknown> | unknown>;

/** Merges resolver maps type by type (Query and Mutation come from several parts). */
function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Resolvers = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      // A type defined once (a scalar instance included) is kept as it is; Query and Mutation are merged.
      const existing = merged[type];
      merged[type] = existing === undefined ? fields : { ...(existing as object), ...(fields as object) };
    }
  }
  return merged;
}

/** The grant named by `X-Grant`, which must be one of the department's grants in force. */
function chosenGrant(header: string | undefined, active: Grant[]): Grant | undefined {
  if (!header) return undefined;
  const grant = active.find((g) => g.id === header);
  if (!grant) throw new ForbiddenError('X-Grant names no grant in force for your department');
  return grant;
}

export async function createGraphQL(services: GraphQLServices): Promise<GraphQLHandle> {
  const { catalog, resources, grants, requests, dataQuery, ledger, supervision, subjectAccess, sources, logger } = services;
  const now = services.now ?? (() => new Date());
  const registry = new SchemaRegistry<CatalogContext>(logger);
  const anonymous = (): SchemaParts<CatalogContext> => ({ typeDefs: [catalogTypeDefs], resolvers: catalogResolvers as never });

  const middleware: RequestHandler = async (req, res, next) => {
    try {
      const principal: Principal | undefined = principalOf(res);
      const visibility: Visibility = principal ? 'all' : 'public';
      const base: CatalogContext = { catalog, visibility, loaders: createCatalogLoaders(catalog, visibility) };
      if (!principal) return await (await registry.handler('anonymous', anonymous))(req, res, base);
      const active = await grants.active(principal.department, now());
      const chosen = chosenGrant(req.header('x-grant'), active);
      const views = buildViews(await resources.getMany([...new Set(active.map((g) => g.resource))]), active);
      const handle = await registry.handler(`department|${schemaKey(views)}`, () => ({
        typeDefs: [catalogTypeDefs, workflowTypeDefs, supervisionTypeDefs, sourceTypeDefs, dataTypeDefs(views)].filter(Boolean),
        resolvers: mergeResolvers(catalogResolvers, workflowResolvers(), supervisionResolvers(), sourceResolvers(), dataResolvers(views)) as never,
      }));
      const request = { requestId: String(res.getHeader('X-Request-Id') ?? ''), actor: principal.accountId, department: principal.department };
      await handle(req, res, { ...base, requests, grants, now, ledger, supervision, subjectAccess, sources, ...createDataContextParts(principal, views, dataQuery, chosen, request) } as CatalogContext);
    } catch (err) {
      // Failures before execution still answer in GraphQL's shape.
      if (!isDomainError(err)) return next(err);
      res.status(HTTP_STATUS[err.code]).json({ errors: [{ message: err.message, extensions: { code: err.code } }] });
    }
  };
  return { middleware, stop: () => registry.stop() };
}
