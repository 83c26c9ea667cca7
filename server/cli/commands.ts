/** The CLI commands that serve, migrate, load the demo world and manage accounts, over the composition root. */
import { Catalog } from '../../catalog/index.js';
import { loadDemoWorld } from '../../demo/index.js';
import { TokenService, type AccountKind, type Role } from '../../exchange/index.js';
import { createLogger, loadConfig, migrateLatest, migrateRollbackAll } from '../../shared/index.js';
import { allMigrations } from '../migrations.js';
import { openPlatformDatabase, withDatabase, withServices } from './context.js';

export async function serveCommand(opts: { port?: number; demo: boolean; ledger: boolean }): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openPlatformDatabase(config, logger);
  let running: { url: string; close(): Promise<void> };
  try {
    logger.info({ database: db.describe }, 'database ready');
    const catalog = new Catalog(db);
    if (opts.demo && config.demo.loadOnStart && (await catalog.listDepartments()).length === 0) {
      logger.info({ persons: config.demo.persons, seed: config.demo.seed }, 'empty catalog: loading the demo world');
      const summary = await loadDemoWorld(db, catalog, { persons: config.demo.persons, seed: config.demo.seed, progress: process.stderr.isTTY });
      logger.info({ summary }, 'demo world loaded');
    }
    // The HTTP stack is loaded only to serve: the other commands start without express and Apollo.
    const { startServer } = await import('../http.js');
    running = await startServer({ db, logger, config, catalog, auditLedger: opts.ledger }, opts.port ?? config.port);
  } catch (err) {
    await db.knex.destroy();
    throw err;
  }
  logger.info({ url: running.url.replace('127.0.0.1', 'localhost') }, 'govshare is serving');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await running.close();
    await db.knex.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

export async function migrateCommand(opts: { down?: boolean }): Promise<void> {
  await withDatabase(
    async (db) => {
      const names = opts.down ? await migrateRollbackAll(db.knex, allMigrations) : await migrateLatest(db.knex, allMigrations);
      const verb = opts.down ? 'rolled back' : 'applied';
      console.log(names.length ? `${verb}: ${names.join(', ')}` : opts.down ? 'nothing to roll back' : 'the schema is up to date');
    },
    { migrate: false },
  );
}

export async function demoCommand(opts: { persons?: number; seed?: number }): Promise<void> {
  await withServices(async ({ db, catalog, config }) => {
    const summary = await loadDemoWorld(db, catalog, {
      persons: opts.persons ?? config.demo.persons,
      seed: opts.seed ?? config.demo.seed,
      progress: process.stderr.isTTY,
      log: (line) => console.log(line),
    });
    console.log(JSON.stringify(summary, null, 2));
  });
}

// ---- accounts and tokens ----

/** Prints a token for an enabled account, signed with this machine's configured key. */
export async function tokenCommand(opts: { client: string }): Promise<void> {
  const config = loadConfig();
  // The key is read before the database is touched: a misconfigured key fails fast.
  const tokens = new TokenService(config.auth, { dataDir: config.dataDir, nodeEnv: config.nodeEnv });
  await withServices(async ({ accounts }) => console.log(tokens.issue(await accounts.get(opts.client)).access_token), { config, tokens });
}

export async function accountCreateCommand(opts: { department: string; clientId: string; name: string; roles: string[]; kind: AccountKind; secret?: string }): Promise<void> {
  await withServices(async ({ accounts }) => {
    const { account, secret } = await accounts.create({
      clientId: opts.clientId,
      kind: opts.kind,
      department: opts.department,
      name: opts.name,
      roles: opts.roles as Role[],
      secret: opts.secret,
    });
    console.log(`client_id: ${account.clientId}\nclient_secret: ${secret}`);
    console.error('The secret is shown only this once and cannot be recovered: store it now.');
  });
}

export async function accountListCommand(opts: { department?: string }): Promise<void> {
  await withServices(async ({ accounts }) => {
    const list = await accounts.list(opts.department);
    if (!list.length) {
      console.log(opts.department ? `no accounts in department "${opts.department}"` : 'no accounts');
      return;
    }
    const rows = [['CLIENT ID', 'KIND', 'DEPARTMENT', 'ROLES', 'STATUS', 'NAME']].concat(
      list.map((a) => [a.clientId, a.kind, a.department, a.roles.join(','), a.disabled ? 'disabled' : 'enabled', a.name]),
    );
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows) console.log(row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd());
  });
}
