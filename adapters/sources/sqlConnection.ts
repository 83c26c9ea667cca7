/**
 * Connections to departments' own databases. A source location is a URL — `sqlite:/abs/path.sqlite`
 * (or `sqlite:./rel.sqlite`), `postgres://…`, `mysql://…`/`mariadb://…` — turned into a knex
 * instance with a small pool: a source is somebody else's system, and we are one more client of it.
 * Locations may carry passwords, so anything that shows or logs one goes through `redactLocation` (redaction.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import knexFactory, { type Knex } from 'knex';
// The shared database module sets node-postgres' type parsers (ISO dates, numbers for NUMERIC and
// BIGINT) process-wide; sources read through the same driver give values of the same shapes.
import '../../shared/index.js';
import { InputError } from '../../shared/index.js';

export type SourceEngine = 'sqlite' | 'postgres' | 'mysql';

const SCHEMES: [RegExp, SourceEngine][] = [
  [/^sqlite:/i, 'sqlite'],
  [/^postgres(ql)?:\/\//i, 'postgres'],
  [/^(mysql|mariadb):\/\//i, 'mysql'],
];

/** A source is given a few connections, and a dead one fails fast instead of hanging a request. */
const POOL = { min: 0, max: 4 };
const ACQUIRE_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 5_000;

// knex logs failed connection attempts to the console with the driver's message; the error itself
// reaches the caller, who decides what (redacted) to say about it.
const quietLog = { warn() {}, error() {}, deprecate() {}, debug() {} };

/** The engine a location names; InputError naming `location` for any other scheme. */
export function sourceEngine(location: string): SourceEngine {
  const found = typeof location === 'string' ? SCHEMES.find(([pattern]) => pattern.test(location)) : undefined;
  if (!found) {
    throw new InputError('unsupported source location', [
      { field: 'location', message: 'must start with sqlite:, postgres://, postgresql://, mysql:// or mariadb://' },
    ]);
  }
  return found[1];
}

/** A knex instance on the source database the location names. Nothing connects until the first query. */
export function openSourceKnex(location: string): Knex {
  switch (sourceEngine(location)) {
    case 'sqlite':
      return openSqlite(location);
    case 'postgres':
      return openPostgres(location);
    case 'mysql':
      return openMysql(location);
  }
}

function openSqlite(location: string): Knex {
  const path = location.replace(/^sqlite:(\/\/)?/i, '');
  if (!path || path === ':memory:') throw new InputError('unsupported source location', [{ field: 'location', message: 'must name a SQLite file' }]);
  const filename = resolve(path);
  // A missing file would otherwise be created empty and read as a source without tables.
  if (!existsSync(filename)) throw new InputError('source file not found', [{ field: 'location', message: 'names no existing SQLite file' }]);
  // knex always opens SQLite read-write; a URI filename with mode=ro makes the connection
  // read-only (it may narrow the flags, never widen them), so a source is never written to.
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: `${pathToFileURL(filename).href}?mode=ro`, flags: ['OPEN_URI'] },
    useNullAsDefault: true,
    pool: POOL,
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    log: quietLog,
  });
}

function openPostgres(location: string): Knex {
  const url = parseUrl(location);
  // `?schema=name` selects the schema unqualified table names are looked up in, as for DATABASE_URL.
  const schema = url.searchParams.get('schema') || undefined;
  url.searchParams.delete('schema');
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
    searchPath: schema ? [schema] : undefined,
    pool: POOL,
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    log: quietLog,
  });
}

function openMysql(location: string): Knex {
  const url = parseUrl(location);
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: url.hostname || '127.0.0.1',
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
      charset: url.searchParams.get('charset') ?? 'utf8mb4',
      // DATE and DATETIME as the text the server holds: no shift by this process's time zone.
      dateStrings: true,
      // BIGINTs beyond 2^53 as strings rather than silently rounded numbers.
      supportBigNumbers: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
    },
    pool: POOL,
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    log: quietLog,
  });
}

function parseUrl(location: string): URL {
  try {
    return new URL(location);
  } catch {
    throw new InputError('unsupported source location', [{ field: 'location', message: 'is not a valid URL' }]);
  }
}

