/**
 * How every command reaches the platform: the configured database, brought up to date, and the
 * services of the composition root over it — never started, since a command does its work and
 * leaves. The database is closed (and the ledger flushed) whatever happens.
 */
import { createLogger, loadConfig, migrateLatest, openDatabase, type Config, type Database, type Logger } from '../../shared/index.js';
import { allMigrations } from '../migrations.js';
import { createServices, type ServiceOptions, type Services } from '../services.js';

export interface CommandContext {
  /** Defaults to `loadConfig()`. */
  config?: Config;
  /** Defaults to warnings only: a command's output is its own. */
  logger?: Logger;
  /** Bring the schema up to date first (default true; verification only reads). */
  migrate?: boolean;
}

/** Opens the configured database and, unless told not to, brings its schema up to date. */
export async function openPlatformDatabase(config: Config, logger: Logger, migrate = true): Promise<Database> {
  const db = await openDatabase(config.databaseUrl);
  try {
    if (migrate) {
      const ran = await migrateLatest(db.knex, allMigrations);
      if (ran.length) logger.info({ migrations: ran }, 'migrated');
    }
    return db;
  } catch (err) {
    await db.knex.destroy();
    throw err;
  }
}

export async function withDatabase<T>(work: (db: Database, config: Config, logger: Logger) => Promise<T>, context: CommandContext = {}): Promise<T> {
  const config = context.config ?? loadConfig();
  const logger = context.logger ?? createLogger({ logLevel: 'warn' });
  const db = await openPlatformDatabase(config, logger, context.migrate !== false);
  try {
    return await work(db, config, logger);
  } finally {
    await db.knex.destroy();
  }
}

export async function withServices<T>(
  work: (services: Services) => Promise<T>,
  context: CommandContext & Omit<ServiceOptions, 'logger'> = {},
): Promise<T> {
  return withDatabase(async (db, config, logger) => {
    const services = createServices(config, db, { ...context, logger });
    try {
      return await work(services);
    } finally {
      await services.stop();
    }
  }, context);
}
