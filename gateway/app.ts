/**
 * The express application: health, GraphQL, the open REST API, request logging and the one
 * error mapping. Built from its dependencies so tests can run it on any database.
 */
import { randomUUID } from 'node:crypto';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import { cachedLiveBindings, createLiveLocator, SourceBindings, startSyncScheduler, SyncRunner } from '../adapters/index.js';
import { Catalog, OpenCatalog, ResourceCache } from '../catalog/index.js';
import { AccessRequests, Accounts, AuditedDataQuery, DataQuery, checkpointSignerFrom, Grants, Ledger, ledgerJournal, ledgerKeyFrom, OpenData, TokenService, type StoreLocator, LedgerMonitor, SubjectAccess, Supervision } from '../exchange/index.js';
import { loadConfig, type Config, ping, type Database, describeErrorForLog, NotFoundError, type Logger } from '../shared/index.js';
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

export interface AppDependencies {
  db: Database;
  logger: Logger;
  catalog?: Catalog;
  /** Defaults to `loadConfig()`. */
  config?: Config;
  accounts?: Accounts;
  /** Built from `config` when absent. */
  tokens?: TokenService;
  /** The clock of the exchange (grants in force, the request clock, quotas); tests move it. */
  now?: () => Date;
  /** Record every exchange in the audit ledger (default true; off only to measure its cost). */
  auditLedger?: boolean;
  /** How often overdue requests are escalated and stale ones expired (ms; 0 turns it off; default 60 s). */
  sweepIntervalMs?: number;
  /** How often the supervision alert rules run over new ledger entries (ms; 0 turns it off; default 30 s). */
  alertIntervalMs?: number;
  /** Finds the live source of resources bound live; by default the adapters' locator over the stored bindings. */
  locate?: StoreLocator;
  /** How often the sync scheduler looks for bound resources whose data is older than their update cycle (ms; 0 turns it off; default 60 s). */
  syncIntervalMs?: number;
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

/** Escalates overdue requests and expires stale ones on a timer; safe with several processes. */
function startSweeper(requests: AccessRequests, logger: Logger, intervalMs: number): NodeJS.Timeout | undefined {
  if (intervalMs <= 0) return undefined;
  const timer = setInterval(() => {
    requests.sweep().then(
      (r) => {
        if (r.escalated.length || r.expired.length) logger.info({ escalated: r.escalated.length, expired: r.expired.length }, 'request clock swept');
      },
      (err: unknown) => logger.error({ err: describeErrorForLog(err) }, 'request clock sweep failed'),
    );
  }, intervalMs);
  timer.unref();
  return timer;
}

/**
 * Runs the alert rules over new ledger entries on a timer (the watermark makes it safe with several
 * processes); returns how to stop it, which waits for a running evaluation.
 */
function startAlertEvaluator(supervision: Supervision, logger: Logger, intervalMs: number): () => Promise<void> {
  if (intervalMs <= 0) return async () => {};
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return; // a slow evaluation is not stacked on
    running = supervision
      .evaluateAlerts()
      .then(
        (r) => {
          if (r.created || r.updated) logger.info({ created: r.created, updated: r.updated, toSeq: r.toSeq }, 'alert rules evaluated');
        },
        (err: unknown) => logger.error({ err: describeErrorForLog(err) }, 'alert evaluation failed'),
      )
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export async function createApp(deps: AppDependencies): Promise<App> {
  const { db, logger } = deps;
  const catalog = deps.catalog ?? new Catalog(db);
  const resources = new ResourceCache(catalog);
  const config = deps.config ?? loadConfig();
  const ledgerKey = ledgerKeyFrom(config);
  const ledger = new Ledger(db, {
    now: deps.now,
    windowMs: config.ledger.windowMs,
    checkpointEvery: config.ledger.checkpointEvery,
    signer: checkpointSignerFrom(config),
  });
  const audit = deps.auditLedger === false ? undefined : { ledger, key: ledgerKey };
  const journal = audit && ledgerJournal(ledger);
  const openData = new OpenData(db, resources, { audit });
  // Before Apollo starts: a missing production key must stop startup with nothing left running.
  const accounts = deps.accounts ?? new Accounts(db);
  const tokens = deps.tokens ?? new TokenService(config.auth, { dataDir: config.dataDir, nodeEnv: config.nodeEnv });
  const now = deps.now ?? (() => new Date());
  const grants = new Grants(db, catalog, { now, journal });
  const requests = new AccessRequests(db, catalog, grants, { approvalWorkingDays: config.exchange.approvalWorkingDays, now, journal });
  // ---- adapters: bindings, the sync runner, and live resources whose queries go to their source ----
  const bindings = new SourceBindings(db, catalog);
  const syncRunner = new SyncRunner(db, catalog, bindings, { logger, now });
  const live = deps.locate ? undefined : createLiveLocator(cachedLiveBindings(bindings));
  const locate = deps.locate ?? live!.locate;
  // Cursors over live sources seal row ids under a secret every process of the deployment derives alike.
  const plain = new DataQuery(db, { now, locate, cursorSecret: ledgerKey.mac('cursor-row-id') });
  // Every data read goes through the ledger; without it (benchmarks only) reads are recorded nowhere.
  const dataQuery = audit ? new AuditedDataQuery(plain, ledger, ledgerKey) : plain;
  if (!audit) logger.warn('the audit ledger is OFF: exchanges are not recorded (benchmarking only)');
  // ---- supervision: the supervisor's queries and alerts, subject access tickets, metrics ----
  const supervision = new Supervision(db, { grants, requests, key: ledgerKey, now });
  const subjectAccess = new SubjectAccess(db, ledgerKey, { now, ledger: audit?.ledger });
  const metrics = await createMetrics(new LedgerMonitor(db));
  // ---- end supervision ----
  const graphql = await createGraphQL({
    catalog, resources, grants, requests, dataQuery, logger, now, ledger: audit?.ledger, supervision, subjectAccess,
    sources: { bindings, runner: syncRunner },
  });
  const sweeper = startSweeper(requests, logger, deps.sweepIntervalMs ?? 60_000);
  const stopAlertEvaluator = startAlertEvaluator(supervision, logger, deps.alertIntervalMs ?? 30_000); // supervision
  // Scheduled syncs: the lock on each run keeps several processes from overlapping.
  const stopSyncScheduler = startSyncScheduler(syncRunner, bindings, catalog, { logger, now, intervalMs: deps.syncIntervalMs ?? 60_000 });

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
  app.use('/auth', authRouter(accounts, tokens));
  app.use(authenticate(tokens));
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
  const openCatalog = new OpenCatalog(catalog);
  app.use('/api/v1', dataPackageRouter(openCatalog, config));
  app.use(dcatRouter(openCatalog, config));
  app.use('/api/3/action', ckanRouter({ openCatalog, config, logger, now }));
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
    close: async () => {
      if (sweeper) clearInterval(sweeper);
      await stopAlertEvaluator(); // supervision
      await stopSyncScheduler();
      await graphql.stop();
      await ledger.idle();
      await live?.close();
    },
  };
}
