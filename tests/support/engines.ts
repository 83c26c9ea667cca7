/**
 * Every database test runs on each engine in GOVSHARE_TEST_ENGINES (`npm test`: sqlite,
 * `npm run test:pg`: postgres). SQLite gets a fresh file, PostgreSQL a fresh schema, per suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateLatest, openDatabase, type Database } from '../../shared/index.js';
import { allMigrations } from '../../server/migrations.js';

export type Engine = 'sqlite' | 'postgres';

export const ENGINES: Engine[] = (process.env.GOVSHARE_TEST_ENGINES ?? 'sqlite')
  .split(',')
  .map((e) => e.trim())
  .filter((e): e is Engine => {
    if (e !== 'sqlite' && e !== 'postgres') throw new Error(`unknown engine in GOVSHARE_TEST_ENGINES: ${e}`);
    return true;
  });

export const POSTGRES_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgres://127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  engine: Engine;
  /** The URL another process (the CLI, a server) would use for the same database. */
  url: string;
  /** PostgreSQL schema of this suite, for URLs handed to child processes. */
  schema?: string;
  close(): Promise<void>;
}

/** A new, empty database of the given engine, migrated unless told otherwise. */
export async function openTestDatabase(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let db: Database;
  let url: string;
  let cleanup: (db: Database) => Promise<void>;
  let schema: string | undefined;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'govshare-test-'));
    url = `sqlite:${join(dir, 'test.sqlite')}`;
    db = await openDatabase(url);
    cleanup = async (d) => {
      await d.knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    url = POSTGRES_URL;
    db = await openDatabase(url, { schema });
    cleanup = async (d) => {
      await d.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema!]);
      await d.knex.destroy();
    };
  }
  if (options.migrate !== false) await migrateLatest(db.knex, allMigrations);
  return { ...db, engine, url, schema, close: () => cleanup(db) };
}

/** One `describe` per engine; `ctx.db` is ready inside hooks and tests. */
export function describeEngines(title: string, body: (ctx: { db: TestDatabase }) => void): void {
  for (const engine of ENGINES) {
    describe(`${title} [${engine}]`, function () {
      const ctx = {} as { db: TestDatabase };
      before(async () => {
        ctx.db = await openTestDatabase(engine);
      });
      body(ctx);
      // Registered after the body's hooks, so it runs after them: servers close before their database.
      after(async () => {
        await ctx.db?.close();
      });
    });
  }
}
