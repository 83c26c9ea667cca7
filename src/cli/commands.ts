/** The CLI commands. They compose the areas: database, migrations, demo world and the gateway. */
import { Catalog } from '../catalog/index.js';
import { loadDemoWorld } from '../demo/index.js';
import { allMigrations, listen } from '../gateway/index.js';
import { createLogger, loadConfig, migrateLatest, migrateRollbackAll, openDatabase, type Config, type Database, type Logger } from '../shared/index.js';

async function open(config: Config, logger: Logger): Promise<Database> {
  const db = await openDatabase(config.databaseUrl);
  const ran = await migrateLatest(db.knex, allMigrations);
  if (ran.length) logger.info({ migrations: ran }, 'migrated');
  return db;
}

export async function serveCommand(opts: { port?: number; demo: boolean }): Promise<void> {
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
  const running = await listen({ db, logger, catalog }, opts.port ?? config.port);
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
