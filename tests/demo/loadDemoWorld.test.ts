import { expect } from 'chai';
import { Catalog, columnName, createRowValidator, dataTableName, keyItem, ROW_ID_COLUMN, type Resource } from '../../catalog/index.js';
import { isValidCreditCode, parseResidentId, type Database } from '../../shared/index.js';
import { DEMO_RESOURCES, demoCatalog, demoCounts, loadDemoWorld } from '../../demo/index.js';
import { describeEngines, openTestDatabase } from '../support/engines.js';

const PERSONS = 2000;

/** Every data table, ordered by its key, as one JSON text. */
async function dump(db: Database): Promise<string> {
  const catalog = new Catalog(db);
  const tables: Record<string, unknown[]> = {};
  for (const name of DEMO_RESOURCES) {
    const resource = await catalog.getResource(name);
    tables[name] = await db.knex(dataTableName(name)).orderBy(columnName(keyItem(resource)));
  }
  return JSON.stringify(tables);
}

/** A stored row keyed by item apiName, as adapters and the row schema see it. */
function asRow(resource: Resource, stored: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(resource.items.map((i) => [i.apiName, stored[columnName(i)]]));
}

async function column(db: Database, apiName: string, item: string): Promise<string[]> {
  const rows: Record<string, string>[] = await db.knex(dataTableName(apiName)).select(columnName({ apiName: item }));
  return rows.map((r) => r[columnName({ apiName: item })]);
}

describeEngines('demo world loading', (ctx) => {
  let catalog: Catalog;
  let first: string;
  const lines: string[] = [];

  before(async function () {
    this.timeout(120_000);
    catalog = new Catalog(ctx.db);
    await loadDemoWorld(ctx.db, catalog, { persons: PERSONS, seed: 1, log: (line) => lines.push(line) });
    first = await dump(ctx.db);
  });

  it('fills each table with the requested number of rows', async () => {
    const counts = demoCounts(PERSONS);
    for (const name of DEMO_RESOURCES) {
      const [{ n }] = await ctx.db.knex(dataTableName(name)).count({ n: '*' });
      expect(Number(n), name).to.equal(counts[name]);
    }
    expect(lines.some((l) => l.startsWith(`person: ${PERSONS} rows`))).to.equal(true);
  });

  it('registers departments and code sets and publishes every resource as version 1', async () => {
    expect((await catalog.listDepartments()).map((d) => d.code)).to.have.members(['eit', 'psb', 'amr', 'gsc', 'ule', 'hrss', 'edu', 'sup']);
    expect((await catalog.listCodeSets()).length).to.equal(demoCatalog().codeSets.length);
    for (const name of DEMO_RESOURCES) {
      const resource = await catalog.getResource(name);
      expect([resource.status, resource.version, resource.latestVersion], name).to.deep.equal(['published', 1, 1]);
    }
  });

  it('stores rows that validate against each resource’s row schema', async () => {
    for (const name of DEMO_RESOURCES) {
      const resource = await catalog.getResource(name);
      const validate = createRowValidator(await catalog.rowSchema(name));
      const sample: Record<string, unknown>[] = await ctx.db.knex(dataTableName(name)).orderBy(ROW_ID_COLUMN).limit(500);
      expect(sample.length, name).to.be.above(0);
      for (const stored of sample) expect(validate(asRow(resource, stored)), `${name} ${JSON.stringify(stored)}`).to.deep.equal([]);
    }
  });

  it('stores only valid, unique identifiers that agree with birth date and gender', async () => {
    const persons: { id_number: string; birth_date: string; gender: string }[] = await ctx.db.knex('data_person').select('id_number', 'birth_date', 'gender');
    for (const p of persons) {
      const parts = parseResidentId(p.id_number);
      expect(parts, p.id_number).to.not.equal(undefined);
      expect([p.birth_date, p.gender]).to.deep.equal([parts!.birthDate, parts!.gender === 'male' ? '1' : '2']);
    }
    const creditCodes = await column(ctx.db, 'legalEntity', 'creditCode');
    expect(creditCodes.every(isValidCreditCode)).to.equal(true);
    for (const [name, key] of [['person', 'idNumber'], ['legalEntity', 'creditCode'], ['licence', 'licenceNo'], ['enforcementCase', 'caseNo'], ['serviceItem', 'itemCode']]) {
      const values = await column(ctx.db, name, key);
      expect(new Set(values).size, name).to.equal(values.length);
    }
  });

  it('leaves no licence without its holder and no case without its subject', async () => {
    const orphans = (table: string, column: string, target: string, targetColumn: string) =>
      ctx.db.knex(table).whereNotExists(ctx.db.knex(target).select(1).whereRaw('?? = ??', [`${target}.${targetColumn}`, `${table}.${column}`]));
    expect(await orphans('data_licence', 'holder_id', 'data_person', 'id_number').where('holder_type', '1')).to.deep.equal([]);
    expect(await orphans('data_licence', 'holder_id', 'data_legal_entity', 'credit_code').where('holder_type', '2')).to.deep.equal([]);
    expect(await orphans('data_enforcement_case', 'subject_credit_code', 'data_legal_entity', 'credit_code')).to.deep.equal([]);
  });

  it('reloads to byte-identical tables without new versions', async () => {
    const summary = await loadDemoWorld(ctx.db, catalog, { persons: PERSONS, seed: 1 });
    expect(summary.published).to.deep.equal([]);
    expect(await dump(ctx.db)).to.equal(first);
    for (const name of DEMO_RESOURCES) expect((await catalog.listVersions(name)).map((v) => v.version), name).to.deep.equal([1]);
  });

  it('loads the same tables into another database from the same seed', async function () {
    this.timeout(120_000);
    const other = await openTestDatabase(ctx.db.engine);
    try {
      await loadDemoWorld(other, new Catalog(other), { persons: PERSONS, seed: 1 });
      expect(await dump(other)).to.equal(first);
    } finally {
      await other.close();
    }
  });

  it('replaces the rows with a different world for a different seed', async () => {
    await loadDemoWorld(ctx.db, catalog, { persons: PERSONS, seed: 2 });
    const second = await dump(ctx.db);
    expect(second).to.not.equal(first);
    const [{ n }] = await ctx.db.knex('data_person').count({ n: '*' });
    expect(Number(n)).to.equal(PERSONS);
  });

  it('brings a resource changed since the last load back to the demo definition and republishes it', async () => {
    const changed = { ...demoCatalog().resources[0], tags: ['人口'] };
    await catalog.updateResource(changed.code, changed);
    await catalog.publishResource(changed.code);
    const summary = await loadDemoWorld(ctx.db, catalog, { persons: PERSONS, seed: 1 });
    expect(summary.published).to.deep.equal(['person']);
    const person = await catalog.getResource('person');
    expect([person.version, person.status, person.tags]).to.deep.equal([3, 'published', demoCatalog().resources[0].tags]);
    expect(await dump(ctx.db)).to.equal(first);
  });

  it('refuses a negative population', async () => {
    const err = await loadDemoWorld(ctx.db, catalog, { persons: -1 }).catch((e: unknown) => e);
    expect(err).to.have.property('code', 'BAD_USER_INPUT');
  });
});
