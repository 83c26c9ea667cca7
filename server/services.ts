/**
 * The composition root: every service of govshare is built here, once, from a `Config` and a
 * database. The server, the CLI, the tests and the benchmarks all use this wiring. Building starts
 * nothing; `start()` starts the periodic work (request clock, alert rules, sync scheduler) and
 * `stop()` stops it, waits for what is running, flushes the ledger and closes live-source pools.
 */
import { cachedLiveBindings, createLiveLocator, SourceBindings, syncScheduler, SyncRunner, type LiveLocator } from '../adapters/index.js';
import { Catalog, OpenCatalog, ResourceCache } from '../catalog/index.js';
import {
  AccessRequests,
  Accounts,
  AuditedDataQuery,
  checkpointSignerFrom,
  DataQuery,
  Grants,
  Ledger,
  ledgerJournal,
  ledgerKeyFrom,
  LedgerMonitor,
  OpenData,
  SubjectAccess,
  Supervision,
  TokenService,
  type DataReader,
  type LedgerKey,
  type StoreLocator,
} from '../exchange/index.js';
import type { GatewayServices } from '../gateway/index.js';
import { describeErrorForLog, periodic, type Config, type Database, type Logger, type Periodic } from '../shared/index.js';

export interface ServiceOptions {
  logger: Logger;
  /** The clock of the exchange (grants in force, the request clock, quotas, syncs); tests move it. */
  now?: () => Date;
  /** A catalog already in use over the same database (tests that loaded a world through it). */
  catalog?: Catalog;
  accounts?: Accounts;
  tokens?: TokenService;
  /** Record every exchange in the audit ledger (default true; off only to measure its cost). */
  auditLedger?: boolean;
  /** Finds the live source of resources bound live; by default the adapters' locator over the stored bindings. */
  locate?: StoreLocator;
  /** How often overdue requests are escalated and stale ones expired (ms; 0 turns it off; default 60 s). */
  sweepIntervalMs?: number;
  /** How often the supervision alert rules run over new ledger entries (ms; 0 turns it off; default 30 s). */
  alertIntervalMs?: number;
  /** How often the sync scheduler looks for bound resources whose data is older than their update cycle (ms; 0 turns it off; default 60 s). */
  syncIntervalMs?: number;
}

/** Every service of the platform: what the gateway mounts over, and what only the root and the CLI use. */
export interface Services extends GatewayServices {
  /** The audit ledger, also when exchanges are not recorded in it (the CLI's audit commands read it). */
  ledger: Ledger;
  ledgerKey: LedgerKey;
  /** The periodic work (request clock, alert rules, sync scheduler) that `start()` starts. */
  readonly jobs: readonly Periodic[];
  /** Starts the periodic work; idempotent. */
  start(): void;
  /** Stops the periodic work and waits for it, commits what the ledger holds, closes pools; idempotent. */
  stop(): Promise<void>;
}

/** A value built on first use, then kept. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * Builds the services over `db`. Each is made on first use, so a command builds only what it
 * touches (`govshare account list` needs no signing key); the gateway touches every one while
 * mounting, so a server with a missing production key stops before it listens. Nothing runs
 * until `start()`.
 */
export function createServices(config: Config, db: Database, options: ServiceOptions): Services {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const auditing = options.auditLedger !== false;
  const tokens = lazy(() => options.tokens ?? new TokenService(config.auth, { dataDir: config.dataDir, nodeEnv: config.nodeEnv }));
  const ledgerKey = lazy(() => ledgerKeyFrom(config));
  const catalog = lazy(() => options.catalog ?? new Catalog(db));
  const resources = lazy(() => new ResourceCache(catalog()));
  let ledgerMade: Ledger | undefined;
  const ledger = lazy(
    () => (ledgerMade = new Ledger(db, { now: options.now, windowMs: config.ledger.windowMs, checkpointEvery: config.ledger.checkpointEvery, signer: checkpointSignerFrom(config) })),
  );
  const audit = lazy(() => (auditing ? { ledger: ledger(), key: ledgerKey() } : undefined));
  const journal = lazy(() => (auditing ? ledgerJournal(ledger()) : undefined));
  const grants = lazy(() => new Grants(db, catalog(), { now, journal: journal() }));
  const requests = lazy(() => new AccessRequests(db, catalog(), grants(), { approvalWorkingDays: config.exchange.approvalWorkingDays, now, journal: journal() }));
  const bindings = lazy(() => new SourceBindings(db, catalog()));
  const syncRunner = lazy(() => new SyncRunner(db, catalog(), bindings(), { logger, now }));
  let live: LiveLocator | undefined;
  const locate = lazy((): StoreLocator => options.locate ?? (live = createLiveLocator(cachedLiveBindings(bindings()))).locate);
  const dataQuery = lazy((): DataReader => {
    // Cursors over live sources seal row ids under a secret every process of the deployment derives alike.
    const plain = new DataQuery(db, { now, locate: locate(), cursorSecret: ledgerKey().mac('cursor-row-id') });
    if (!auditing) logger.warn('the audit ledger is OFF: exchanges are not recorded (benchmarking only)');
    return auditing ? new AuditedDataQuery(plain, ledger(), ledgerKey()) : plain;
  });
  const supervision = lazy(() => new Supervision(db, { grants: grants(), requests: requests(), key: ledgerKey(), now }));
  const jobs = lazy(() =>
    periodicWork({
      requests: requests(),
      supervision: supervision(),
      logger,
      options,
      schedule: syncScheduler(syncRunner(), bindings(), catalog(), { logger, now, intervalMs: options.syncIntervalMs ?? 60_000 }),
    }),
  );
  const openCatalog = lazy(() => new OpenCatalog(catalog()));
  const accounts = lazy(() => options.accounts ?? new Accounts(db));
  const openData = lazy(() => new OpenData(db, resources(), { audit: audit() }));
  const subjectAccess = lazy(() => new SubjectAccess(db, ledgerKey(), { now, ledger: audit()?.ledger }));
  const ledgerMonitor = lazy(() => new LedgerMonitor(db));
  let started = false;
  let stopping: Promise<void> | undefined;
  return {
    config,
    db,
    logger,
    now,
    get catalog() {
      return catalog();
    },
    get resources() {
      return resources();
    },
    get openCatalog() {
      return openCatalog();
    },
    get accounts() {
      return accounts();
    },
    get tokens() {
      return tokens();
    },
    get ledger() {
      return ledger();
    },
    get ledgerKey() {
      return ledgerKey();
    },
    get auditLedger() {
      return audit()?.ledger;
    },
    get grants() {
      return grants();
    },
    get requests() {
      return requests();
    },
    get bindings() {
      return bindings();
    },
    get syncRunner() {
      return syncRunner();
    },
    get dataQuery() {
      return dataQuery();
    },
    get openData() {
      return openData();
    },
    get supervision() {
      return supervision();
    },
    get subjectAccess() {
      return subjectAccess();
    },
    get ledgerMonitor() {
      return ledgerMonitor();
    },
    get jobs() {
      return jobs();
    },
    start() {
      if (stopping || started) return;
      started = true;
      for (const job of jobs()) job.start();
    },
    stop() {
      stopping ??= (async () => {
        if (started) await Promise.all(jobs().map((job) => job.stop()));
        await ledgerMade?.idle();
        await live?.close();
      })();
      return stopping;
    },
  };
}

/** The timers of the exchange and the adapters: the request clock, the alert rules, the sync scheduler. */
function periodicWork(parts: { requests: AccessRequests; supervision: Supervision; logger: Logger; options: ServiceOptions; schedule: Periodic }): Periodic[] {
  const { requests, supervision, logger, options } = parts;
  const onError = (what: string) => (err: unknown) => logger.error({ err: describeErrorForLog(err) }, `${what} failed`);
  // Both are safe with several processes: sweeps are idempotent, alert evaluation keeps a watermark.
  const sweeper = periodic(
    'request clock',
    async () => {
      const r = await requests.sweep();
      if (r.escalated.length || r.expired.length) logger.info({ escalated: r.escalated.length, expired: r.expired.length }, 'request clock swept');
    },
    { intervalMs: options.sweepIntervalMs ?? 60_000, onError: onError('request clock sweep') },
  );
  const alerts = periodic(
    'alert rules',
    async () => {
      const r = await supervision.evaluateAlerts();
      if (r.created || r.updated) logger.info({ created: r.created, updated: r.updated, toSeq: r.toSeq }, 'alert rules evaluated');
    },
    { intervalMs: options.alertIntervalMs ?? 30_000, onError: onError('alert evaluation') },
  );
  return [sweeper, alerts, parts.schedule];
}
