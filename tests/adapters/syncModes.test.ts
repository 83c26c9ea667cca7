import { expect } from 'chai';
import { positionedRowsSource, rowsSource } from '../../adapters/index.js';
import { columnName, dataTableName } from '../../catalog/index.js';
import { ConflictError, InputError, NotFoundError } from '../../shared/index.js';
import { describeEngines } from '../support/engines.js';
import { rejection } from '../catalog/fixtures.js';
import { demoCatalog } from '../../demo/index.js';
import { bindPerson, byKey, count, persons, syncWorld, tableRows, type Record, type SyncWorld } from './syncSupport.js';

describeEngines('SyncRunner modes', (ctx) => {
  let w: SyncWorld;
  const table = dataTableName('person');

  before(async () => {
    w = await syncWorld(ctx.db, { commitRows: 40, mergeChunkRows: 30, batchSize: 16 });
    await bindPerson(w.bindings);
  });

  describe('full', () => {
    it('loads every valid row and reports it, recording when the data arrived', async () => {
      const rows = persons(100);
      const report = await w.runner.run('person', { source: rowsSource(rows) });
      expect(report).to.deep.include({ resource: '101001/000001', mode: 'full', status: 'succeeded', read: 100, loaded: 100, quarantined: 0, error: null });
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey(rows));
      expect((await w.catalog.getResource('person')).lastSyncedAt).to.equal(report.finishedAt);
      expect(await ctx.db.knex.schema.hasTable(`${table}__staging`)).to.equal(false);
    });

    it('replaces the table with exactly the rows of the new run', async () => {
      const rows = persons(60, 70);
      const report = await w.runner.run('101001/000001', { source: rowsSource(rows) });
      expect(report).to.deep.include({ status: 'succeeded', read: 60, loaded: 60 });
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey(rows));
    });

    it('numbers rows by their source position and keeps the key unique', async () => {
      const ids = (await ctx.db.knex(table).orderBy('_row_id').pluck('_row_id')).map(Number);
      expect(ids).to.deep.equal(Array.from({ length: 60 }, (_, i) => i + 1));
      const first = persons(1, 70)[0]!;
      const err = await ctx.db.knex(table).insert({ id_number: first.idNumber, name: 'x', gender: '1', birth_date: '2000-01-01', ethnicity: '01', district: '清城区', address: 'x' }).then(() => undefined, (e: unknown) => e);
      expect(err, 'a second row with the same key').to.be.an('error');
    });

    it('keeps the last row of a repeated key and quarantines the earlier one, naming the later line', async () => {
      const [a, ...others] = persons(20, 300);
      const changed = { ...a!, address: '清远市清城区新地址1号' };
      const report = await w.runner.run('person', { source: rowsSource([a!, ...others, changed]) });
      expect(report).to.deep.include({ status: 'succeeded', read: 21, loaded: 20, quarantined: 1 });
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey([changed, ...others]));
      const { rows } = await w.runner.quarantine(report.id);
      expect(rows.map((r) => [r.position, r.field, r.reason])).to.deep.equal([[1, 'idNumber', 'duplicate key: a later row at line 21 has the same key']]);
      expect(rows[0]!.values.idNumber).to.equal(a!.idNumber);
    });

    it('stores values with tabs, newlines, backslashes and a literal \\N exactly', async () => {
      const odd = ['清城区\t凤城街道', '第一行\n第二行\r\n末行', 'C:\\路\\12号', '\\N', '\\.', '"引号",逗号'];
      const rows = persons(odd.length, 400).map((r, i) => ({ ...r, address: odd[i]! }));
      expect((await w.runner.run('person', { source: rowsSource(rows) })).status).to.equal('succeeded');
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey(rows));
    });

    it('refuses to empty a table when the source gives no rows', async () => {
      const before = await tableRows(ctx.db, w.person);
      const report = await w.runner.run('person', { source: rowsSource([], { columns: ['idNumber'] }) });
      expect(report.status).to.equal('failed');
      expect(report.error).to.include('gave no rows');
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(before);
    });
  });

  describe('upsert', () => {
    const base = persons(50, 1000);
    // Rows 25-49 come again, every third with a new address; rows 50-74 are new.
    const next = [...base.slice(25).map((r, i) => (i % 3 === 0 ? { ...r, address: `${r.address}（新）` } : r)), ...persons(25, 1050)];

    it('adds new rows, updates changed ones and leaves the rest, counting each', async () => {
      await w.runner.run('person', { mode: 'full', source: rowsSource(base) });
      const stamped = new Map((await ctx.db.knex(table).select('id_number', '_loaded_at')).map((r) => [r.id_number, String(r._loaded_at)]));
      const report = await w.runner.run('person', { mode: 'upsert', source: rowsSource(next) });
      expect(report).to.deep.include({ mode: 'upsert', status: 'succeeded', read: 50, loaded: 25, updated: 9, unchanged: 16, quarantined: 0, superseded: 0 });
      const expected = new Map(base.map((r) => [r.idNumber, r]));
      for (const r of next) expected.set(r.idNumber, r);
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey([...expected.values()]));
      const restamped = await ctx.db.knex(table).whereIn('id_number', base.slice(25).filter((_, i) => i % 3 !== 0).map((r) => r.idNumber!)).select('id_number', '_loaded_at');
      for (const r of restamped) expect(String(r._loaded_at), 'an unchanged row keeps its _loaded_at').to.equal(stamped.get(r.id_number));
    });

    it('changes nothing when the same input is upserted again', async () => {
      const before = await ctx.db.knex(table).orderBy('_row_id');
      const report = await w.runner.run('person', { mode: 'upsert', source: rowsSource(next) });
      expect(report).to.deep.include({ status: 'succeeded', read: 50, loaded: 0, updated: 0, unchanged: 50 });
      expect(await ctx.db.knex(table).orderBy('_row_id')).to.deep.equal(before);
    });

    it('lets the last row of a repeated key win, counting the earlier ones superseded', async () => {
      const [a] = persons(1, 1100);
      const later = { ...a!, name: '李后来' };
      const report = await w.runner.run('person', { mode: 'upsert', source: rowsSource([a!, later]) });
      expect(report).to.deep.include({ status: 'succeeded', read: 2, loaded: 1, superseded: 1, quarantined: 0 });
      expect((await ctx.db.knex(table).where({ id_number: a!.idNumber }).first()).name).to.equal('李后来');
    });
  });

  describe('incremental', () => {
    const stamp = (rows: Record[], at: string): Record[] => rows.map((r) => ({ ...r, updatedAt: at }));
    const first = stamp(persons(20, 2000), '2026-11-01T08:00:00Z');
    const second = [...first, ...stamp(persons(10, 2020), '2026-11-02T08:00:00Z')];

    it('reads past the stored watermark only, merging what is newer, and advances it', async () => {
      await w.bindings.set({ resource: 'person', kind: 'csv', location: '/nonexistent/persons.csv', mode: 'incremental', options: { watermark: 'updatedAt' } });
      const one = await w.runner.run('person', { source: rowsSource(first) });
      expect(one).to.deep.include({ mode: 'incremental', status: 'succeeded', read: 20 });
      expect((await w.bindings.get('person')).watermark).to.equal('2026-11-01T08:00:00Z');
      const two = await w.runner.run('person', { source: rowsSource(second) });
      expect(two).to.deep.include({ status: 'succeeded', read: 10, loaded: 10, updated: 0 });
      expect((await w.bindings.get('person')).watermark).to.equal('2026-11-02T08:00:00Z');
      const keys = new Set((await ctx.db.knex(table).pluck('id_number')) as string[]);
      for (const r of second) expect(keys.has(r.idNumber as string)).to.equal(true);
    });

    it('keeps the watermark when a run fails', async () => {
      const bad = stamp(persons(5, 2040), '2026-11-09T08:00:00Z').map((r) => ({ ...r, idNumber: `${String(r.idNumber).slice(0, 17)}0` }));
      const report = await w.runner.run('person', { source: rowsSource(bad) });
      expect(report.status).to.equal('failed');
      expect((await w.bindings.get('person')).watermark).to.equal('2026-11-02T08:00:00Z');
      await bindPerson(w.bindings);
    });

    it('refuses an incremental run without a watermark column', async () => {
      const err = await rejection(w.runner.run('person', { mode: 'incremental', source: rowsSource(persons(1)) }), InputError);
      expect(err.problems.map((p) => p.field)).to.deep.equal(['mode']);
    });
  });

  describe('refusals', () => {
    it('refuses a resource with no binding and no source given', async () => {
      await rejection(w.runner.run('legalEntity'), NotFoundError);
    });

    it('refuses to sync a live resource: its queries go to the source', async () => {
      await w.bindings.set({ resource: 'licence', kind: 'sql', location: 'sqlite:/nonexistent.sqlite', options: { table: 'licences' }, live: true });
      const err = await rejection(w.runner.run('licence', { source: rowsSource([]) }), ConflictError);
      expect(err.message).to.include('bound live');
      await w.bindings.remove('licence');
    });

    it('refuses an unknown resource and a draft', async () => {
      await rejection(w.runner.run('noSuchThing'), NotFoundError);
      await w.catalog.createResource({ ...serviceItemInput(), code: '201001/000099', apiName: 'draftThing' });
      await rejection(w.runner.run('draftThing', { source: rowsSource([]) }), ConflictError);
    });

    it('keeps the columns older versions left in the table, and their values go', async () => {
      const v1 = { ...serviceItemInput(), code: '201001/000098', apiName: 'shrinking' };
      await w.catalog.createResource(v1);
      await w.catalog.publishResource('shrinking');
      const dropped = v1.items[v1.items.length - 1]!;
      await w.catalog.updateResource('shrinking', { ...v1, items: v1.items.slice(0, -1) });
      await ctx.db.knex(dataTableName('shrinking')).insert({ item_code: 'X1', [columnName(dropped)]: 'old' });
      await w.catalog.publishResource('shrinking');
      const row = Object.fromEntries(v1.items.slice(0, -1).map((i) => [i.apiName, i.apiName === 'itemCode' ? 'X2' : sample(i.dataType, i.codeSet)]));
      const report = await w.runner.run('shrinking', { source: positionedRowsSource([{ position: 7, values: row }]) });
      expect(report.status, String(report.error)).to.equal('succeeded');
      expect(await ctx.db.knex.schema.hasColumn(dataTableName('shrinking'), columnName(dropped))).to.equal(true);
      expect(await count(ctx.db, dataTableName('shrinking'))).to.equal(1);
    });
  });
});

function serviceItemInput() {
  return demoCatalog().resources.find((r) => r.apiName === 'serviceItem')!;
}

/** A plausible value for a serviceItem item. */
function sample(dataType: string, codeSet?: string): string {
  if (codeSet) return codeSet.endsWith('online-level') ? '1' : '01';
  return dataType === 'date' ? '2026-01-01' : '清远';
}
