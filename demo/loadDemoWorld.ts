/**
 * (Re)loads the demo world: departments, code sets and the five resources in the catalog, then
 * the rows of their tables in the shared store. Running it again with the same options leaves
 * the same catalog versions and byte-identical tables.
 */
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { columnName, dataTableName, LOADED_AT_COLUMN, type Catalog, type Resource, type ResourceInput } from '../catalog/index.js';
import { InputError, insertRows, NotFoundError, type Database, type FieldProblem } from '../shared/index.js';
import { ensureDemoAccounts } from './accounts.js';
import { DEMO_EPOCH } from './calendar.js';
import { ensureDemoGrants } from './grants.js';
import { demoCatalog } from './demoCatalog.js';
import { DEFAULT_PERSONS, DEFAULT_SEED, demoCounts, generateDemoRows, type DemoCounts, type DemoResourceName, type DemoRow } from './rows.js';

export interface LoadDemoOptions {
  /** Persons to generate (default 20,000); entities, licences and cases scale with it. */
  persons?: number;
  seed?: number;
  /** Show a progress bar of rows loaded on stderr (only when stderr is a terminal). */
  progress?: boolean;
  log?: (line: string) => void;
}

export interface DemoSummary {
  seed: number;
  counts: DemoCounts;
  /** Resources this load created or changed, each now published. */
  published: DemoResourceName[];
  elapsedMs: number;
}

/** Rows per INSERT: large enough to amortise the round trip, small enough to keep statements cheap to build. */
const MAX_BATCH_ROWS = 1000;

export async function loadDemoWorld(db: Database, catalog: Catalog, options: LoadDemoOptions = {}): Promise<DemoSummary> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const persons = options.persons ?? DEFAULT_PERSONS;
  checkOptions(seed, persons);
  const log = options.log ?? (() => {});
  const counts = demoCounts(persons);
  const { published, resources } = await registerCatalog(db, catalog, log);
  for (const line of await ensureDemoGrants(db, catalog)) log(line);
  const rows = generateDemoRows(seed, counts);
  const bar = options.progress ? startProgressBar(Object.values(counts).reduce((a, b) => a + b, 0)) : undefined;
  // Lines written while the bar redraws itself would be torn apart; they follow it instead.
  const held: string[] = [];
  try {
    for (const resource of resources) {
      const name = resource.apiName as DemoResourceName;
      const t0 = performance.now();
      bar?.update({ resource: name });
      const loaded = await replaceRows(db, resource, rows[name], (n) => bar?.increment(n, { resource: name }));
      // The rows just arrived: the resource starts fresh by the catalog's clock.
      await catalog.recordSync(resource.code);
      held.push(`${name}: ${loaded} rows in ${Math.round(performance.now() - t0)} ms`);
    }
  } finally {
    bar?.stop();
    held.forEach((line) => log(line));
  }
  const elapsedMs = Math.round(performance.now() - started);
  log(`demo world (seed ${seed}, ${persons} persons) loaded in ${elapsedMs} ms`);
  return { seed, counts, published, elapsedMs };
}

/** Puts departments and code sets and publishes the resources; returns them as published. */
async function registerCatalog(db: Database, catalog: Catalog, log: (line: string) => void) {
  const world = demoCatalog();
  for (const department of world.departments) await catalog.putDepartment(department);
  for (const set of world.codeSets) await catalog.putCodeSet(set);
  for (const clientId of await ensureDemoAccounts(db)) log(`created account ${clientId}`);
  const published: DemoResourceName[] = [];
  const resources: Resource[] = [];
  for (const input of world.resources) {
    if (await ensurePublished(db, catalog, input)) {
      published.push(input.apiName as DemoResourceName);
      log(`published ${input.apiName} (${input.code})`);
    }
    resources.push(await catalog.getResource(input.apiName));
  }
  return { published, resources };
}

function checkOptions(seed: number, persons: number): void {
  const problems: FieldProblem[] = [];
  if (!Number.isSafeInteger(seed)) problems.push({ field: 'seed', message: 'must be an integer' });
  if (!Number.isSafeInteger(persons) || persons < 0) problems.push({ field: 'persons', message: 'must be a non-negative integer' });
  if (problems.length) throw new InputError('invalid demo options', problems);
}

/**
 * Registers and publishes a resource, or brings it to the demo's definition. Returns whether a
 * version was published; an unchanged definition publishes nothing and makes no new version.
 */
async function ensurePublished(db: Database, catalog: Catalog, input: ResourceInput): Promise<boolean> {
  const existing = await catalog.getResource(input.apiName).catch((err: unknown) => {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  });
  if (!existing) {
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
    return true;
  }
  const latest = await catalog.updateResource(input.code, input);
  if (latest.status !== 'draft') return false;
  // A table holding rows accepts only added items and wider columns; its rows are about to be
  // replaced anyway, so emptying it first lets publishing rebuild it for any change.
  const table = dataTableName(input.apiName);
  if (await db.knex.schema.hasTable(table)) await db.knex.transaction((trx) => db.dialect.emptyTable(trx, table));
  await catalog.publishResource(input.code);
  return true;
}

/** Replaces every row of a resource's table with `rows`, in one transaction; returns the rows written. */
async function replaceRows(db: Database, resource: Resource, rows: Iterable<DemoRow>, onBatch: (rows: number) => void): Promise<number> {
  const table = dataTableName(resource.apiName);
  const apiNames = resource.items.map((item) => item.apiName);
  const columns = [...resource.items.map(columnName), LOADED_AT_COLUMN];
  const batchRows = Math.min(MAX_BATCH_ROWS, db.dialect.batchRows(columns.length));
  let written = 0;
  try {
    await db.knex.transaction(async (trx) => {
      // Restarting the row ids makes a reload number its rows as the first load did.
      await db.dialect.emptyTable(trx, table);
      let batch: unknown[][] = [];
      const flush = async () => {
        await insertRows(trx, db.dialect, table, columns, batch, batchRows);
        written += batch.length;
        onBatch(batch.length);
        batch = [];
      };
      for (const row of rows) {
        batch.push([...apiNames.map((apiName) => row[apiName] ?? null), DEMO_EPOCH]);
        if (batch.length === batchRows) await flush();
      }
      if (batch.length) await flush();
    });
  } catch (err) {
    throw db.dialect.translateError(err) ?? err;
  }
  return written;
}

function startProgressBar(total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { format: 'demo world |{bar}| {percentage}% | {value}/{total} rows | {resource}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { resource: '' });
  return bar;
}
