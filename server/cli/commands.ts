/** The CLI commands. They compose the areas: database, migrations, demo world and the gateway. */
import { Catalog } from '../../catalog/index.js';
import { loadDemoWorld } from '../../demo/index.js';
import { Accounts, TokenService, type AccountKind, type Role } from '../../exchange/index.js';
import { allMigrations } from '../migrations.js';
import { createLogger, loadConfig, migrateLatest, migrateRollbackAll, openDatabase, type Config, type Database, type Logger } from '../../shared/index.js';

async function open(config: Config, logger: Logger): Promise<Database> {
  const db = await openDatabase(config.databaseUrl);
  const ran = await migrateLatest(db.knex, allMigrations);
  if (ran.length) logger.info({ migrations: ran }, 'migrated');
  return db;
}

export async function serveCommand(opts: { port?: number; demo: boolean; ledger: boolean }): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await open(config, logger);
  logger.info({ database: db.describe }, 'database ready');
  const catalog = new Catalog(db);
  if (opts.demo && config.demo.loadOnStart && (await catalog.listDepartments()).length === 0) {
    logger.info({ persons: config.demo.persons, seed: config.demo.seed }, 'empty catalog: loading the demo world');
    const summary = await loadDemoWorld(db, catalog, { persons: config.demo.persons, seed: config.demo.seed, progress: process.stderr.isTTY });
    logger.info({ summary }, 'demo world loaded');
  }
  // The HTTP stack is loaded only to serve: the other commands start without it.
  const { listen } = await import('../../gateway/index.js');
  const running = await listen({ db, logger, catalog, config, auditLedger: opts.ledger }, opts.port ?? config.port);
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
  const config = loadConfig();
  const db = await openDatabase(config.databaseUrl);
  try {
    const names = opts.down ? await migrateRollbackAll(db.knex, allMigrations) : await migrateLatest(db.knex, allMigrations);
    const verb = opts.down ? 'rolled back' : 'applied';
    console.log(names.length ? `${verb}: ${names.join(', ')}` : opts.down ? 'nothing to roll back' : 'the schema is up to date');
  } finally {
    await db.knex.destroy();
  }
}

export async function demoCommand(opts: { persons?: number; seed?: number }): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ logLevel: 'warn' });
  const db = await open(config, logger);
  try {
    const summary = await loadDemoWorld(db, new Catalog(db), {
      persons: opts.persons ?? config.demo.persons,
      seed: opts.seed ?? config.demo.seed,
      progress: process.stderr.isTTY,
      log: (line) => console.log(line),
    });
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await db.knex.destroy();
  }
}

// ---- accounts and tokens ----

/** Prints a token for an enabled account, signed with this machine's configured key. */
export async function tokenCommand(opts: { client: string }): Promise<void> {
  const config = loadConfig();
  // The key is read before the database is touched: a misconfigured key fails fast.
  const tokens = new TokenService(config.auth, { dataDir: config.dataDir, nodeEnv: config.nodeEnv });
  const db = await open(config, createLogger({ logLevel: 'warn' }));
  try {
    const account = await new Accounts(db).get(opts.client);
    console.log(tokens.issue(account).access_token);
  } finally {
    await db.knex.destroy();
  }
}

export async function accountCreateCommand(opts: { department: string; clientId: string; name: string; roles: string[]; kind: AccountKind; secret?: string }): Promise<void> {
  const config = loadConfig();
  const db = await open(config, createLogger({ logLevel: 'warn' }));
  try {
    const { account, secret } = await new Accounts(db).create({
      clientId: opts.clientId,
      kind: opts.kind,
      department: opts.department,
      name: opts.name,
      roles: opts.roles as Role[],
      secret: opts.secret,
    });
    console.log(`client_id: ${account.clientId}\nclient_secret: ${secret}`);
    console.error('The secret is shown only this once and cannot be recovered: store it now.');
  } finally {
    await db.knex.destroy();
  }
}

export async function accountListCommand(opts: { department?: string }): Promise<void> {
  const config = loadConfig();
  const db = await open(config, createLogger({ logLevel: 'warn' }));
  try {
    const accounts = await new Accounts(db).list(opts.department);
    if (!accounts.length) {
      console.log(opts.department ? `no accounts in department "${opts.department}"` : 'no accounts');
      return;
    }
    const rows = [['CLIENT ID', 'KIND', 'DEPARTMENT', 'ROLES', 'STATUS', 'NAME']].concat(
      accounts.map((a) => [a.clientId, a.kind, a.department, a.roles.join(','), a.disabled ? 'disabled' : 'enabled', a.name]),
    );
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows) console.log(row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd());
  } finally {
    await db.knex.destroy();
  }
}
