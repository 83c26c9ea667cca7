/**
 * `npm run bench`: every case measures govshare and a raw baseline (bare express with prepared
 * sqlite3 statements on the same database file) in the same run and prints the ratio.
 * `npm run bench -- --json` prints `{cases: [{name, baseline, value, unit, ratio, p50, p99}]}`.
 * Options: --duration=SECONDS (10), --connections=N (50), --persons=N (20000),
 * --ingest-rows=N (1,000,000 rows for the CSV ingest case), --ingest-big (a ~1 GB file instead),
 * --download-rows=N (1,000,000 rows for the open download case; 0 skips it),
 * --search-postgres=URL (the catalog search case on PostgreSQL too),
 * --only=http|search|ingest|download (run one group of cases).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';
import { allMigrations } from '../server/migrations.js';
import { migrateLatest, openDatabase } from '../shared/index.js';
import { benchCases, prepareWorld, type CaseResult } from './cases.js';
import { freePort, startChild, startGovshare, stopChild } from './harness.js';
import { BIG_FILE_ROWS, ingestCase } from './ingest.js';
import { openDownloadCase } from './openDownload.js';
import { runSearchCase, SEARCH_CASE } from './searchCase.js';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
}

const json = process.argv.includes('--json');
const seconds = option('duration', 10);
const connections = option('connections', 50);
const persons = option('persons', 20_000);
const ingestRows = process.argv.includes('--ingest-big') ? BIG_FILE_ROWS : option('ingest-rows', 1_000_000);
const downloadRows = option('download-rows', 1_000_000);
const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
const searchPostgres = process.argv.find((a) => a.startsWith('--search-postgres='))?.slice('--search-postgres='.length);
const say = (line: string) => {
  if (!json) console.error(line);
};

async function main(): Promise<void> {
  const results: CaseResult[] = only && only !== 'http' ? [] : await httpCases();
  if (!only || only === 'search') results.push(...(await searchCases()));
  if (!only || only === 'ingest') results.push(await ingestCase(ingestRows, say, process.argv.includes('--ingest-big')));
  if ((!only || only === 'download') && downloadRows > 0) results.push(await downloadCase());
  if (json) {
    console.log(JSON.stringify({ cases: results }));
    return;
  }
  console.log(`${'case'.padEnd(44)} ${'baseline'.padStart(14)} ${'govshare'.padStart(14)} ${'ratio'.padStart(7)}   p50/p99 ms govshare   p50/p99 ms baseline   target`);
  for (const c of results) {
    console.log(
      `${c.name.padEnd(44)} ${`${c.baseline} ${c.unit}`.padStart(14)} ${`${c.value} ${c.unit}`.padStart(14)} ${c.ratio.toFixed(3).padStart(7)}   ${`${c.p50}/${c.p99}`.padStart(19)}   ${`${c.baselineP50}/${c.baselineP99}`.padStart(19)}   ${c.target ?? ''}${c.note ? `\n${' '.repeat(46)}${c.note}` : ''}`,
    );
  }
}

/** The catalog search case on a fresh SQLite file of its own (and on PostgreSQL when a URL is given). */
async function searchCases(): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-search-'));
  const out: CaseResult[] = [];
  const targets: [string, string, string | undefined][] = [[`sqlite:${join(dir, 'search.sqlite')}`, SEARCH_CASE, undefined]];
  if (searchPostgres) targets.push([searchPostgres, `${SEARCH_CASE}, PostgreSQL`, `bench_search_${process.pid}`]);
  try {
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The open download streams from a database of its own, built for the case. */
async function downloadCase(): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-download-'));
  try {
    return await openDownloadCase(dir, downloadRows, say);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function httpCases(): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-'));
  const file = join(dir, 'bench.sqlite');
  try {
    const db = await openDatabase(`sqlite:${file}`);
    await migrateLatest(db.knex, allMigrations);
    say(`loading the demo world (${persons} persons) into ${file} …`);
    const world = await prepareWorld(db, persons);
    await db.knex.destroy();

    const here = fileURLToPath(new URL('.', import.meta.url));
    const [basePort, realPort, offPort] = [await freePort(), await freePort(), await freePort()];
    const baseline = await startChild([join(here, 'baseline.js'), file, String(basePort), JSON.stringify(world.baselineSpec)], {}, basePort);
    const real = await startGovshare(file, dir, realPort);
    // The same server without the audit ledger, to measure what the ledger costs.
    const unaudited = await startGovshare(file, dir, offPort, ['--no-ledger'], 'error');
    // Checkpoints the WAL, so that every measurement starts from the same database state.
    const settler = new sqlite3.Database(file);
    const settle = () => new Promise<void>((resolve, reject) => settler.exec('PRAGMA wal_checkpoint(TRUNCATE)', (err) => (err ? reject(err) : resolve())));
    const results: CaseResult[] = [];
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
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
