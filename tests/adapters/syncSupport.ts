/** Shared pieces of the sync tests: the demo catalog without rows, runners, generated persons, table contents. */
import { Catalog, columnName, dataTableName, type Resource } from '../../catalog/index.js';
import { demoCatalog, personStream } from '../../demo/index.js';
import { SourceBindings, SyncRunner, type SourceBindingInput, type SyncRunnerOptions } from '../../adapters/index.js';
import type { Database } from '../../shared/index.js';

export interface SyncWorld {
  catalog: Catalog;
  bindings: SourceBindings;
  runner: SyncRunner;
  person: Resource;
}

/** Registers the demo departments, code sets and resources (published, with empty tables). */
export async function syncWorld(db: Database, runnerOptions: SyncRunnerOptions = {}): Promise<SyncWorld> {
  const catalog = new Catalog(db);
  const world = demoCatalog();
  for (const d of world.departments) await catalog.putDepartment(d);
  for (const s of world.codeSets) await catalog.putCodeSet(s);
  for (const input of world.resources) {
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
  }
  const bindings = new SourceBindings(db, catalog);
  return { catalog, bindings, runner: new SyncRunner(db, catalog, bindings, runnerOptions), person: await catalog.getResource('person') };
}

/** A csv binding of `person` that tests read through an in-memory source instead. */
export async function bindPerson(bindings: SourceBindings, extra: Partial<SourceBindingInput> = {}) {
  return bindings.set({ resource: 'person', kind: 'csv', location: '/nonexistent/persons.csv', ...extra });
}

export type Record = { [column: string]: string | number | null };

/** Persons `from`…`from+count-1` as a CSV file gives them: strings, empty for none. */
export function persons(count: number, from = 0, seed = 1): Record[] {
  return [...personStream(count, seed, from)].map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null ? '' : String(v)])));
}

/** The rows of a resource's table keyed by apiName, without system columns, ordered by key; empty strings for null as in `persons`. */
export async function tableRows(db: Database, resource: Resource): Promise<Record[]> {
  const key = columnName(resource.items.find((i) => i.key)!);
  const rows: Record[] = await db.knex(dataTableName(resource.apiName)).orderBy(key);
  return byKey(rows.map((row) => Object.fromEntries(resource.items.map((i) => [i.apiName, row[columnName(i)] === null ? '' : String(row[columnName(i)])]))));
}

export function byKey(rows: Record[]): Record[] {
  return [...rows].sort((a, b) => (String(a.idNumber) < String(b.idNumber) ? -1 : String(a.idNumber) > String(b.idNumber) ? 1 : 0));
}

export async function count(db: Database, table: string): Promise<number> {
  const [{ n }] = await db.knex(table).count({ n: '*' });
  return Number(n);
}

/** Persons as records, generated one at a time; `change` alters each (a second version of the same people). */
export function* personRecords(count: number, from = 0, change?: (r: Record) => Record): Generator<Record> {
  for (const p of personStream(count, 1, from)) {
    const r: Record = {};
    for (const k in p) r[k] = p[k] === null ? '' : String(p[k]);
    yield change ? change(r) : r;
  }
}

/** The second version of a person in the crash tests. */
export const moved = (r: Record): Record => ({ ...r, address: `${r.address}（迁）` });
