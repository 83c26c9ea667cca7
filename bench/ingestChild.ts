/**
 * One side of the ingest benchmark, in its own process so that its peak RSS is its own.
 * argv: baseline|sync <sqlite file> <rows> <seed> <csv file>. Prints one JSON line:
 * {rows, ms, rowsPerSecond, peakRssMb, status?, error?}.
 *   baseline: the rows pre-built in memory, then prepared 100-row INSERTs in one transaction on a
 *             plain sqlite3 connection (WAL, synchronous=FULL as govshare runs it) into the person
 *             table as the catalog creates it, unique key index included.
 *   sync:     govshare's full sync of person bound to the generated CSV file: read and decoded,
 *             parsed, mapped, validated, staged, key-indexed and swapped in, streaming end to end.
 */
import { performance } from 'node:perf_hooks';
import { SourceBindings, SyncRunner } from '../adapters/index.js';
import { Catalog, columnName, dataTableName, LOADED_AT_COLUMN } from '../catalog/index.js';
import { demoCatalog, personStream } from '../demo/index.js';
import { allMigrations } from '../server/migrations.js';
import { migrateLatest, openDatabase, type Database } from '../shared/index.js';
import sqlite3 from 'sqlite3';

const [mode, file, rowsArg, seedArg, csvFile] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const rows = Number(rowsArg);
const seed = Number(seedArg);

async function registerCatalog(db: Database): Promise<Catalog> {
  const catalog = new Catalog(db);
  const world = demoCatalog();
  for (const d of world.departments) await catalog.putDepartment(d);
  for (const s of world.codeSets) await catalog.putCodeSet(s);
  const person = world.resources.find((r) => r.apiName === 'person')!;
  await catalog.createResource(person);
  await catalog.publishResource(person.code);
  return catalog;
}

/** Person records as a CSV file gives them: every value a string, empty for none. */
function* records(): Generator<Record<string, string>> {
  for (const p of personStream(rows, seed)) {
    const out: Record<string, string> = {};
    for (const k in p) out[k] = p[k] === null ? '' : String(p[k]);
    yield out;
  }
}

const PER_STATEMENT = 100;

function sqliteCall(fn: (cb: (err: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

async function baseline(db: Database): Promise<Record<string, unknown>> {
  const person = await new Catalog(db).getResource('person');
  await db.knex.destroy();
  const columns = [...person.items.map(columnName), LOADED_AT_COLUMN];
  const at = new Date().toISOString();
  const prebuilt: unknown[][] = [];
  for (const r of records()) prebuilt.push([...person.items.map((i) => (r[i.apiName] === '' ? null : r[i.apiName])), at]);
  const conn = new sqlite3.Database(file);
  await sqliteCall((cb) => conn.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;', cb));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sql = (n: number) => `INSERT INTO ${dataTableName('person')} (${columns.join(', ')}) VALUES ${new Array(n).fill(tuple).join(', ')}`;
  const t0 = performance.now();
  await sqliteCall((cb) => conn.exec('BEGIN', cb));
  const statement = conn.prepare(sql(PER_STATEMENT));
  const whole = prebuilt.length - (prebuilt.length % PER_STATEMENT);
  for (let i = 0; i < whole; i += PER_STATEMENT) await sqliteCall((cb) => statement.run(prebuilt.slice(i, i + PER_STATEMENT).flat(), cb));
  if (whole < prebuilt.length) await sqliteCall((cb) => conn.run(sql(prebuilt.length - whole), prebuilt.slice(whole).flat(), cb));
  await sqliteCall((cb) => conn.exec('COMMIT', cb));
  const ms = performance.now() - t0;
  await sqliteCall((cb) => statement.finalize(cb));
  await sqliteCall((cb) => conn.close(cb));
  return { ms, loaded: prebuilt.length };
}

async function sync(db: Database, catalog: Catalog): Promise<Record<string, unknown>> {
  const bindings = new SourceBindings(db, catalog);
  await bindings.set({ resource: 'person', kind: 'csv', location: csvFile! });
  const runner = new SyncRunner(db, catalog, bindings);
  const t0 = performance.now();
  const report = await runner.run('person');
  return { ms: performance.now() - t0, status: report.status, error: report.error, loaded: report.loaded };
}

async function main(): Promise<void> {
  const db = await openDatabase(`sqlite:${file}`);
  try {
    await migrateLatest(db.knex, allMigrations);
    const catalog = await registerCatalog(db);
    const result = mode === 'baseline' ? await baseline(db) : await sync(db, catalog);
    const ms = Number(result.ms);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(JSON.stringify({ ...result, rows, ms: Math.round(ms), rowsPerSecond: Math.round(rows / (ms / 1000)), peakRssMb }));
  } finally {
    await db.knex.destroy(); // a second destroy (after the baseline's) does nothing
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
