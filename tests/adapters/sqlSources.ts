/**
 * Real source databases for the SQL adapter's tests: a SQLite file, a schema of its own in the test
 * PostgreSQL, and a uniquely named table in MariaDB (`mysql://root@127.0.0.1:3306/test`). Each is
 * written through its own read-write knex, since the adapter opens sources read-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { POSTGRES_URL } from '../support/engines.js';

export type SourceKind = 'sqlite' | 'postgres' | 'mysql';
export const SOURCE_KINDS: SourceKind[] = ['sqlite', 'postgres', 'mysql'];
export const MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';

/** A name no other test process uses: sources of `npm test` and `npm run test:pg` may run at once. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A database to create source tables in, the location the adapter reads it by, and its cleanup. */
export interface SourceDatabase {
  kind: SourceKind;
  /** Writable knex on the source. */
  knex: Knex;
  location: string;
  /** How a table created with `table(name)` is named from the location's point of view. */
  table(name: string): string;
  drop(): Promise<void>;
}

export async function openSourceDatabase(kind: SourceKind): Promise<SourceDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'govshare-source-'));
    const file = join(dir, 'department.sqlite');
    const knex = knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
    await knex.raw('create table _created (x integer)'); // the file exists from here on
    return {
      kind,
      knex,
      location: `sqlite:${file}`,
      table: (name) => name,
      drop: async () => {
        await knex.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (kind === 'postgres') {
    const schema = uniqueName('src');
    const knex = knexFactory({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 2 } });
    await knex.raw('create schema ??', [schema]);
    return {
      kind,
      knex,
      location: POSTGRES_URL,
      table: (name) => `${schema}.${name}`,
      drop: async () => {
        await knex.raw('drop schema if exists ?? cascade', [schema]);
        await knex.destroy();
      },
    };
  }
  const knex = knexFactory({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', database: 'test', charset: 'utf8mb4', dateStrings: true }, pool: { min: 0, max: 2 } });
  const created: string[] = [];
  const prefix = uniqueName('src');
  return {
    kind,
    knex,
    location: MYSQL_URL,
    table: (name) => {
      created.push(`${prefix}_${name}`);
      return `${prefix}_${name}`;
    },
    drop: async () => {
      for (const name of created.reverse()) {
        await knex.raw('drop view if exists ??', [name]);
        await knex.raw('drop table if exists ??', [name]);
      }
      await knex.destroy();
    },
  };
}

/** A table of `columns` (knex column builders), utf8mb4 on MariaDB. */
export async function createTable(source: SourceDatabase, table: string, columns: (t: Knex.CreateTableBuilder) => void): Promise<void> {
  const [schema, name] = table.includes('.') ? table.split('.') : [undefined, table];
  const builder = schema ? source.knex.schema.withSchema(schema) : source.knex.schema;
  await builder.createTable(name!, (t) => {
    if (source.kind === 'mysql') t.charset('utf8mb4');
    columns(t);
  });
}

/** A view's SQL `select …` is written unqualified; schema-qualified names are the source's. */
export async function createView(source: SourceDatabase, view: string, select: string): Promise<void> {
  await source.knex.raw(`create view ${quote(source, view)} as ${select}`);
}

/** A (possibly schema.) name quoted for the source's SQL. */
export function quote(source: SourceDatabase, name: string): string {
  const q = source.kind === 'mysql' ? '`' : '"';
  return name.split('.').map((part) => `${q}${part}${q}`).join('.');
}
