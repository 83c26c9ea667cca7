/**
 * One Apollo server per distinct schema. A department's schema depends on its grants, so servers
 * are cached by the schema key and built on first use; the least recently used are stopped.
 */
import { ApolloServer, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { Request, Response } from 'express';
import type { Logger } from '../../shared/index.js';
import { formatGraphQLError } from '../errors.js';
import { depthLimit } from './depthLimit.js';

export const MAX_QUERY_DEPTH = 12;

export type Handler<C> = (req: Request, res: Response, context: C) => Promise<void>;

export interface SchemaParts<C> {
  typeDefs: string[];
  resolvers: NonNullable<ApolloServerOptions<C & BaseContext>['resolvers']>;
}

interface Entry<C> {
  server: ApolloServer<C & BaseContext>;
  handle: Handler<C>;
}

export class SchemaRegistry<C extends object> {
  private readonly entries = new Map<string, Promise<Entry<C>>>();

  constructor(
    private readonly logger: Logger,
    private readonly maxSchemas = 64,
  ) {}

  /** The handler of the schema with this key, building it from `parts()` on first use. */
  async handler(key: string, parts: () => SchemaParts<C>): Promise<Handler<C>> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // re-insert: Map order is recency order
      this.entries.set(key, entry);
    } else {
      entry = this.build(parts());
      this.entries.set(key, entry);
      entry.catch(() => this.entries.delete(key));
      this.evict();
    }
    return (await entry).handle;
  }

  async stop(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map(async (e) => (await e).server.stop().catch(() => undefined)));
  }

  private evict(): void {
    while (this.entries.size > this.maxSchemas) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Promise<Entry<C>>];
      this.entries.delete(oldestKey);
      void oldest.then((e) => e.server.stop()).catch(() => undefined);
    }
  }

  private async build(parts: SchemaParts<C>): Promise<Entry<C>> {
    const server = new ApolloServer<C & BaseContext>({
      typeDefs: parts.typeDefs,
      resolvers: parts.resolvers,
      validationRules: [depthLimit(MAX_QUERY_DEPTH)],
      formatError: formatGraphQLError(this.logger),
      includeStacktraceInErrorResponses: false,
      plugins: [ApolloServerPluginLandingPageDisabled()],
    });
    await server.start();
    const handle: Handler<C> = async (req, res, context) => {
      const middleware = expressMiddleware(server, { context: async () => context as C & BaseContext });
      await middleware(req, res, () => undefined);
    };
    return { server, handle };
  }
}
