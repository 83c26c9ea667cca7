/**
 * `npm run bench`: every case measures govshare and a raw baseline (bare express with prepared
 * sqlite3 statements on the same database file) in the same run and prints the ratio.
 * `npm run bench -- --json` prints `{cases: [{name, baseline, value, unit, ratio, p50, p99}]}`.
 * Options: --duration=SECONDS (10), --connections=N (50), --persons=N (20000), --only=search (the
 * catalog search case alone), --search-postgres=URL (the catalog search case on PostgreSQL too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';
import { allMigrations } from '../src/gateway/index.js';
import { migrateLatest, openDatabase } from '../src/shared/index.js';
import { benchCases, prepareWorld, type CaseResult } from './cases.js';
import { freePort, startChild, stopChild } from './harness.js';
import { runSearchCase, SEARCH_CASE } from './searchCase.js';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
}

const json = process.argv.includes('--json');
const seconds = option('duration', 10);
const connections = option('connections', 50);
const persons = option('persons', 20_000);
const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
const searchPostgres = process.argv.find((a) => a.startsWith('--search-postgres='))?.slice('--search-postgres='.length);
const say = (line: string) => {
  if (!json) console.error(line);
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-'));
  const file = join(dir, 'bench.sqlite');
  const secret = 'bench-secret-0123456789-0123456789-0123456789';
  const results: CaseResult[] = [];
  try {
    if (!only || only === 'search') results.push(...(await searchCases(dir)));
    // The search case builds its own catalog: alone, it needs no demo world and no servers.
    if (only === 'search') return report(results);
    const db = await openDatabase(`sqlite:${file}`);
    await migrateLatest(db.knex, allMigrations);
    say(`loading the demo world (${persons} persons) into ${file} …`);
    const world = await prepareWorld(db, persons);
    await db.knex.destroy();

    const here = fileURLToPath(new URL('.', import.meta.url));
    const [basePort, realPort, offPort] = [await freePort(), await freePort(), await freePort()];
    const baseline = await startChild([join(here, 'baseline.js'), file, String(basePort), JSON.stringify(world.baselineSpec)], {}, basePort);
    const real = await startChild(
      [join(here, '..', 'src', 'cli', 'main.js'), 'serve', '--no-demo'],
      { DATABASE_URL: `sqlite:${file}`, PORT: String(realPort), LOG_LEVEL: 'warn', NODE_ENV: 'production', GOVSHARE_JWT_SECRET: secret, GOVSHARE_LEDGER_KEY: secret, GOVSHARE_DATA_DIR: dir },
      realPort,
    );
    // The same server without the audit ledger, to measure what the ledger costs.
    const unaudited = await startChild(
      [join(here, '..', 'src', 'cli', 'main.js'), 'serve', '--no-demo', '--no-ledger'],
      { DATABASE_URL: `sqlite:${file}`, PORT: String(offPort), LOG_LEVEL: 'error', NODE_ENV: 'production', GOVSHARE_JWT_SECRET: secret, GOVSHARE_LEDGER_KEY: secret, GOVSHARE_DATA_DIR: dir },
      offPort,
    );
    // Checkpoints the WAL, so that every measurement starts from the same database state.
    const settler = new sqlite3.Database(file);
    const settle = () => new Promise<void>((resolve, reject) => settler.exec('PRAGMA wal_checkpoint(TRUNCATE)', (err) => (err ? reject(err) : resolve())));
    try {
      for (const c of await benchCases(world, baseline.url, real.url, unaudited.url)) {
        say(`${c.name}: ${seconds} s each at ${c.connections ?? connections} connections …`);
        results.push(await c.run(seconds, c.connections ?? connections, settle));
      }
    } finally {
      await stopChild(real.child);
      await stopChild(unaudited.child);
      await stopChild(baseline.child);
      settler.close();
    }
    report(results);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The catalog search case on a fresh SQLite file (and on PostgreSQL when a URL is given). */
async function searchCases(dir: string): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  const targets: [string, string, string | undefined][] = [[`sqlite:${join(dir, 'search.sqlite')}`, SEARCH_CASE, undefined]];
  if (searchPostgres) targets.push([searchPostgres, `${SEARCH_CASE}, PostgreSQL`, `bench_search_${process.pid}`]);
  for (const [url, name, schema] of targets) {
    say(`${name}: generating 10,000 resources, then ${seconds} s each …`);
    const db = await openDatabase(url, { schema });
    try {
      await migrateLatest(db.knex, allMigrations);
      out.push(await runSearchCase(db, seconds, name));
    } finally {
      if (schema) await db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await db.knex.destroy();
    }
  }
  return out;
}

function report(results: CaseResult[]): void {
  if (json) {
    console.log(JSON.stringify({ cases: results }));
    return;
  }
  console.log(`${'case'.padEnd(44)} ${'baseline'.padStart(14)} ${'govshare'.padStart(14)} ${'ratio'.padStart(7)}   p50/p99 ms govshare   p50/p99 ms baseline   target`);
  for (const c of results) {
    console.log(
      `${c.name.padEnd(44)} ${`${c.baseline} ${c.unit}`.padStart(14)} ${`${c.value} ${c.unit}`.padStart(14)} ${c.ratio.toFixed(3).padStart(7)}   ${`${c.p50}/${c.p99}`.padStart(19)}   ${`${c.baselineP50}/${c.baselineP99}`.padStart(19)}   ${c.target ?? ''}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
