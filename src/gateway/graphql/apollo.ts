/** The Apollo server of `/graphql`: schema, depth limit, error formatting, per-request context. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { RequestHandler } from 'express';
import type { Catalog } from '../../catalog/index.js';
import type { Logger } from '../../shared/logger.js';
import { formatGraphQLError } from '../errors.js';
import { catalogResolvers, catalogTypeDefs, createCatalogLoaders, type CatalogContext } from './catalog.js';
import { depthLimit } from './depthLimit.js';

export const MAX_QUERY_DEPTH = 12;

export interface GraphQLHandle {
  middleware: RequestHandler;
  stop(): Promise<void>;
}

export async function createGraphQL(catalog: Catalog, logger: Logger): Promise<GraphQLHandle> {
  const server = new ApolloServer<CatalogContext>({
    typeDefs: catalogTypeDefs,
    resolvers: catalogResolvers,
    validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    formatError: formatGraphQLError(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await server.start();
  const middleware = expressMiddleware(server, {
    context: async () => ({ catalog, loaders: createCatalogLoaders(catalog) }),
  }) as unknown as RequestHandler;
  return { middleware, stop: () => server.stop() };
}
