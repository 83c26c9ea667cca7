/**
 * The express application: health, GraphQL, the open REST API, the portal, request logging and
 * the one error mapping, mounted over the services the composition root hands it.
 */
import { randomUUID } from 'node:crypto';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import type { SourceBindings, SyncRunner } from '../adapters/index.js';
import type { Catalog, OpenCatalog, ResourceCache } from '../catalog/index.js';
import type { AccessRequests, Accounts, DataReader, Grants, Ledger, LedgerMonitor, OpenData, SubjectAccess, Supervision, TokenService } from '../exchange/index.js';
import { ping, describeErrorForLog, NotFoundError, type Config, type Database, type Logger } from '../shared/index.js';
import { authenticate, authRouter } from './auth.js';
import { errorMiddleware } from './errors.js';
import { createGraphQL } from './graphql/apollo.js';
import { datastoreRouter } from './ckan/datastore.js';
import { docsRouter } from './openapi/docsRouter.js';
import { catalogSearchRouter } from './rest/catalogSearch.js';
import { uploadRouter } from './rest/upload.js';
import { openDataRouter } from './rest/openData.js';
import { dcatRouter } from './rest/dcat.js';
import { dataPackageRouter } from './rest/dataPackage.js';
import { ckanRouter } from './ckan/actions.js';
import { ckanErrors, unknownAction } from './ckan/ckanEnvelope.js';
import { openRateLimit } from './rest/rateLimit.js';
import { PortalData } from './portal/PortalData.js';
import { portalRouter } from './portal/portalRouter.js';
// ---- supervision ----
import { createMetrics } from './metrics.js';
import { subjectAccessRouter } from './rest/subjectAccess.js';
// ---- end supervision ----

/** What the gateway mounts its routers over; the composition root (`server/services.ts`) builds them. */
export interface GatewayServices {
  config: Config;
  db: Database;
  logger: Logger;
  now: () => Date;
  catalog: Catalog;
  resources: ResourceCache;
  openCatalog: OpenCatalog;
  accounts: Accounts;
  tokens: TokenService;
  /** The ledger that records exchanges, unless auditing is off. */
  auditLedger?: Ledger;
  grants: Grants;
  requests: AccessRequests;
  bindings: SourceBindings;
  syncRunner: SyncRunner;
  dataQuery: DataReader;
  openData: OpenData;
  supervision: Supervision;
  subjectAccess: SubjectAccess;
  ledgerMonitor: LedgerMonitor;
}

export interface App {
  express: Express;
  close(): Promise<void>;
}

/** Logs each request by its route pattern, never its raw URL, which may carry personal identifiers. */
function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const id = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : req.baseUrl || 'unmatched';
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ requestId: id, method: req.method, route, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}

/** compression's default, plus JSON Lines, which its type list does not know. */
function compressible(req: express.Request, res: express.Response): boolean {
  return /^application\/x-ndjson/.test(String(res.getHeader('Content-Type') ?? '')) || compression.filter(req, res);
}

/** Mounts every router over the services it is handed; starts nothing (the composition root owns the timers). */
export async function createApp(services: GatewayServices): Promise<App> {
  const { db, logger, config, catalog, resources, openCatalog, openData, syncRunner, subjectAccess } = services;
  const metrics = await createMetrics(services.ledgerMonitor);
  const graphql = await createGraphQL({
    catalog, resources, grants: services.grants, requests: services.requests, dataQuery: services.dataQuery, logger, now: services.now,
    ledger: services.auditLedger, supervision: services.supervision, subjectAccess, sources: { bindings: services.bindings, runner: syncRunner },
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLog(logger));
  app.use(metrics.timing); // supervision

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await ping(db);
      res.json({ status: 'ready', database: db.dialect.name });
    } catch (err) {
      logger.warn({ err: describeErrorForLog(err) }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', database: db.dialect.name });
    }
  });
  app.get('/metrics', metrics.handler); // supervision

  // ---- authentication: the token endpoint, then the bearer principal for every route below ----
  app.use('/auth', authRouter(services.accounts, services.tokens));
  app.use(authenticate(services.tokens));
  // ---- end authentication ----

  app.use('/graphql', express.json({ limit: '1mb' }), graphql.middleware);
  // ---- the open APIs: rate limited, gzip when accepted (JSON Lines included; streams stay streams) ----
  app.use(['/api/v1', '/api/3'], openRateLimit(config.openData), compression({ filter: compressible }));
  app.use('/api/v1', subjectAccessRouter(subjectAccess, catalog, resources)); // supervision
  app.use('/api/v1', docsRouter(config));
  app.use('/api/v1', uploadRouter(catalog, syncRunner, { maxBytes: config.uploads.maxBytes }));
  app.use('/api/v1', catalogSearchRouter(catalog));
  app.use('/api/v1', openDataRouter(catalog, openData, { logger, config }));
  // ---- the open-data ecosystem's languages: DCAT-AP, Frictionless, CKAN ----
  app.use('/api/v1', dataPackageRouter(openCatalog, config));
  app.use(dcatRouter(openCatalog, config));
  app.use('/api/3/action', ckanRouter({ openCatalog, config, logger, now: services.now }));
  app.use('/api/3/action', datastoreRouter(openData, config));
  // Mounted after every CKAN router: CKAN's answer to an unknown action, and every error under /api/3 in CKAN's envelope.
  app.use('/api/3/action', unknownAction(config));
  app.use('/api/3', ckanErrors(logger, config));
  // ---- end open APIs ----
  // ---- the public portal: server-rendered pages over the open catalog (/, /datasets, /datasets/{code}) ----
  app.use(portalRouter(new PortalData(catalog, openCatalog, openData), { config, logger }));

  app.use((req, _res, next) => next(new NotFoundError(`no route for ${req.method} ${req.path}`)));
  app.use(errorMiddleware(logger));

  return {
    express: app,
    close: () => graphql.stop(),
  };
}
