/**
 * Opening the database. knex is created here and passed in everywhere else; nothing imports a
 * global connection. Dialect differences live in `dialects/` behind the `Dialect` interface.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Dialect } from './dialects/Dialect.js';
import { postgresDialect } from './dialects/postgres.js';
import { sqliteDialect } from './dialects/sqlite.js';

export type { Knex } from 'knex';
export type { Dialect } from './dialects/Dialect.js';

// node-postgres turns DATE into a JS Date at local midnight and NUMERIC/BIGINT into strings;
// the catalog speaks ISO dates and numbers on both engines.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => new Date(`${v}Z`).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** A description without credentials, for logs. */
  describe: string;
}

export interface OpenOptions {
  /** PostgreSQL schema to work in (created if missing); tests use one schema per run. */
  schema?: string;
  poolMax?: number;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

function sqliteFilename(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (path === ':memory:') throw new Error('an in-memory SQLite database cannot be shared by a pool; use a file');
  return resolve(path);
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  if (isPostgresUrl(url)) {
    // `?schema=name` in the URL selects a schema, like `options.schema`.
    const parsed = new URL(url);
    const schema = options.schema ?? (parsed.searchParams.get('schema') || undefined);
    parsed.searchParams.delete('schema');
    const knex = knexFactory({
      client: 'pg',
      connection: parsed.toString(),
      searchPath: schema ? [schema] : undefined,
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
    if (schema) await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
    const safe = parsed.toString().replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@');
    return { knex, dialect: postgresDialect, describe: schema ? `${safe} (schema ${schema})` : safe };
  }
  if (!url.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
  const filename = sqliteFilename(url);
  mkdirSync(dirname(filename), { recursive: true });
  const knex = knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: options.poolMax ?? 4,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.exec(
          'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;',
          (err) => done(err, conn),
        );
      },
    },
  });
  return { knex, dialect: sqliteDialect, describe: `sqlite:${filename}` };
}

interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/** Readiness: the database answers a trivial query. */
export async function ping(db: Database): Promise<void> {
  await db.knex.raw('select 1');
}
