/**
 * `npm run bench`: each case measures govshare and a baseline in the same run and prints the
 * ratio. `npm run bench -- --json` prints `{cases: [{name, baseline, value, unit, ratio, p50, p99}]}`.
 * Options: --duration=SECONDS (10), --connections=N (32), --persons=N (20000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Catalog, columnName, dataTableName } from '../src/catalog/index.js';
import { loadDemoWorld } from '../src/demo/index.js';
import { openItems } from '../src/exchange/index.js';
import { allMigrations } from '../src/gateway/index.js';
import { migrateLatest, openDatabase } from '../src/shared/index.js';
import { freePort, measure, startChild, stopChild, type Measurement } from './harness.js';

interface Case {
  name: string;
  baseline: number;
  value: number;
  unit: string;
  ratio: number;
  p50: number;
  p99: number;
  baselineP50: number;
  baselineP99: number;
}

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
}

const json = process.argv.includes('--json');
const seconds = option('duration', 10);
const connections = option('connections', 32);
const persons = option('persons', 20_000);
const say = (line: string) => {
  if (!json) console.error(line);
};

async function keyLookupCase(dir: string): Promise<Case> {
  const file = join(dir, 'bench.sqlite');
  const db = await openDatabase(`sqlite:${file}`);
  await migrateLatest(db.knex, allMigrations);
  const catalog = new Catalog(db);
  say(`loading the demo world (${persons} persons) into ${file} …`);
  await loadDemoWorld(db, catalog, { persons, seed: 1 });
  const resource = await catalog.getResource('legalEntity');
  const key = resource.items.find((i) => i.key)!;
  const table = dataTableName(resource.apiName);
  const keys: string[] = (await db.knex(table).select(columnName(key)).orderBy('_row_id')).map((r) => r[columnName(key)]);
  await db.knex.destroy();
  const paths = keys.map((k) => `/api/v1/resources/legalEntity/rows/${encodeURIComponent(k)}`);
  const pairs = openItems(resource).map((i) => [i.apiName, columnName(i)]);

  const here = fileURLToPath(new URL('.', import.meta.url));
  const [basePort, realPort] = [await freePort(), await freePort()];
  const baseline = await startChild(
    [join(here, 'baseline.js'), file, String(basePort), table, columnName(key), JSON.stringify(pairs)],
    {},
    basePort,
  );
  const real = await startChild(
    [join(here, '..', 'src', 'cli', 'main.js'), 'serve', '--no-demo'],
    { DATABASE_URL: `sqlite:${file}`, PORT: String(realPort), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    realPort,
  );
  try {
    for (const url of [baseline.url, real.url]) {
      const res = await fetch(`${url}${paths[0]}`);
      if (!res.ok) throw new Error(`${url}${paths[0]} answered ${res.status}`);
    }
    say(`warming up (2 s each) …`);
    await measure(baseline.url, paths, 2, connections);
    await measure(real.url, paths, 2, connections);
    say(`measuring key lookups for ${seconds} s each with ${connections} connections …`);
    const base: Measurement = await measure(baseline.url, paths, seconds, connections);
    const value: Measurement = await measure(real.url, paths, seconds, connections);
    if (base.errors || value.errors || base.non2xx || value.non2xx) {
      throw new Error(`failed requests: baseline ${base.errors}+${base.non2xx}, govshare ${value.errors}+${value.non2xx}`);
    }
    return {
      name: 'key-lookup (open legalEntity by creditCode, SQLite)',
      baseline: Math.round(base.requestsPerSecond),
      value: Math.round(value.requestsPerSecond),
      unit: 'req/s',
      ratio: Math.round((value.requestsPerSecond / base.requestsPerSecond) * 1000) / 1000,
      p50: value.p50,
      p99: value.p99,
      baselineP50: base.p50,
      baselineP99: base.p99,
    };
  } finally {
    await stopChild(real.child);
    await stopChild(baseline.child);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-'));
  try {
    const cases = [await keyLookupCase(dir)];
    if (json) {
      console.log(JSON.stringify({ cases }));
      return;
    }
    console.log('case                                                 baseline      govshare   ratio   p50/p99 ms (govshare)   p50/p99 ms (baseline)');
    for (const c of cases) {
      console.log(
        `${c.name.padEnd(52)} ${`${c.baseline} ${c.unit}`.padStart(12)} ${`${c.value} ${c.unit}`.padStart(13)} ${c.ratio.toFixed(3).padStart(7)}   ${`${c.p50}/${c.p99}`.padStart(21)}   ${`${c.baselineP50}/${c.baselineP99}`.padStart(21)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
