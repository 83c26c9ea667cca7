import { expect } from 'chai';
import { positionedRowsSource, rowsSource } from '../../adapters/index.js';
import { dataTableName, stagingTableName } from '../../catalog/index.js';
import { InputError, NotFoundError } from '../../shared/index.js';
import { rejection } from '../catalog/fixtures.js';
import { describeEngines } from '../support/engines.js';
import { bindPerson, persons, syncWorld, tableRows, type SyncWorld } from './syncSupport.js';

describeEngines('SyncRunner quarantine', (ctx) => {
  let w: SyncWorld;

  before(async () => {
    w = await syncWorld(ctx.db, { commitRows: 25, batchSize: 10 });
    await bindPerson(w.bindings, { maxQuarantineShare: 0.7 });
  });

  it('quarantines bad rows with the source line, the field and the reason, and loads the rest', async () => {
    const [good1, good2, badId, badDate, noName, badGender, good3] = persons(7, 500);
    const rows = [
      { position: 2, values: good1! },
      { position: 3, values: good2! },
      { position: 4, values: { ...badId!, idNumber: `${String(badId!.idNumber).slice(0, 17)}${String(badId!.idNumber).endsWith('0') ? '1' : '0'}` } },
      { position: 5, values: { ...badDate!, birthDate: '1990-02-30' } },
      { position: 6, values: { ...noName!, name: '' } },
      { position: 7, values: { ...badGender!, gender: '7' } },
      { position: 9, values: { idNumber: '4418', name: '"张' }, problem: 'unclosed quote: the record runs to the end of the file' },
      { position: 10, values: good3! },
    ];
    const report = await w.runner.run('person', { source: positionedRowsSource(rows) });
    expect(report).to.deep.include({ status: 'succeeded', read: 8, loaded: 3, quarantined: 5 });
    expect((await tableRows(ctx.db, w.person)).map((r) => r.idNumber)).to.have.members([good1!.idNumber, good2!.idNumber, good3!.idNumber]);
    const { rows: quarantined, next } = await w.runner.quarantine(report.id);
    expect(next).to.equal(undefined);
    expect(quarantined.map((q) => [q.position, q.field, q.reason])).to.deep.equal([
      [4, 'idNumber', 'is not a valid resident ID (length, birth date or check digit)'],
      [5, 'birthDate', 'not a calendar date (that day does not exist in that month)'],
      [6, 'name', 'is required'],
      [7, 'gender', 'must be one of 0, 1, 2, 9'],
      [9, null, 'unclosed quote: the record runs to the end of the file'],
    ]);
    expect(quarantined[1]!.values).to.deep.equal({ ...badDate!, birthDate: '1990-02-30' });
    expect(quarantined.every((q) => q.runId === report.id && q.resource === '101001/000001')).to.equal(true);
  });

  it('names a value the parser rejects with the parser\'s reason', async () => {
    const [p] = persons(1, 520);
    const report = await w.runner.run('person', { source: rowsSource([p!, ...persons(3, 521), { ...persons(1, 530)[0]!, birthDate: '昨天' }]) });
    const { rows } = await w.runner.quarantine(report.id);
    expect(rows.map((q) => [q.position, q.field, q.reason])).to.deep.equal([[5, 'birthDate', 'not a date (expected forms like 2014-06-30, 2014/6/30, 20140630, 2014年6月30日)']]);
  });

  it('fails a run that quarantines more than the allowed share, leaving the live data and showing the rows', async () => {
    const before = await tableRows(ctx.db, w.person);
    await bindPerson(w.bindings, { maxQuarantineShare: 0.1 });
    const rows = persons(20, 600).map((r, i) => (i % 4 === 0 ? { ...r, mobile: '12345' } : r));
    const report = await w.runner.run('person', { source: rowsSource(rows) });
    expect(report).to.deep.include({ status: 'failed', read: 20, quarantined: 5 });
    expect(report.error).to.equal(`quarantined 5 of 20 rows (25.0%), more than the 10% allowed; the live data is unchanged (see govshare sync quarantine ${report.id})`);
    expect(await tableRows(ctx.db, w.person)).to.deep.equal(before);
    expect(await ctx.db.knex.schema.hasTable(stagingTableName('person'))).to.equal(false);
    const { rows: quarantined } = await w.runner.quarantine(report.id);
    expect(quarantined.map((q) => [q.position, q.field, q.reason])).to.deep.equal([1, 5, 9, 13, 17].map((p) => [p, 'mobile', 'is not a valid mobile number']));
    expect((await w.runner.runs('person', 1))[0]).to.deep.equal(report);
  });

  it('fails at run start when no column feeds a required item, naming it', async () => {
    const rows = persons(5, 700).map(({ name: _name, ...rest }) => rest);
    const report = await w.runner.run('person', { source: rowsSource(rows) });
    expect(report.status).to.equal('failed');
    expect(report.error).to.include('no source column feeds the required item name (姓名)');
    expect(report.read).to.equal(0);
  });

  it('fails when a mapped column is missing from the source', async () => {
    await bindPerson(w.bindings, { mapping: [{ column: '姓名', item: 'name' }] });
    const report = await w.runner.run('person', { source: rowsSource(persons(2, 710)) });
    expect(report.error).to.include('column "姓名" (for name) is not in the source');
    await bindPerson(w.bindings, { maxQuarantineShare: 0.7 });
  });

  it('maps columns by the items\' Chinese names and by an explicit mapping with replaced values', async () => {
    await bindPerson(w.bindings, { mapping: [{ column: 'XB', item: 'gender', values: { 男: '1', 女: '2' } }] });
    const named = w.person.items;
    const rows = persons(3, 800).map((r) => {
      const out: Record<string, unknown> = {};
      for (const item of named) out[item.apiName === 'gender' ? 'XB' : item.name] = item.apiName === 'gender' ? (r.gender === '1' ? '男' : '女') : r[item.apiName];
      return out;
    });
    const report = await w.runner.run('person', { source: rowsSource(rows) });
    expect(report).to.deep.include({ status: 'succeeded', loaded: 3 });
    expect((await tableRows(ctx.db, w.person)).map((r) => r.gender)).to.deep.equal(persons(3, 800).sort((a, b) => String(a.idNumber).localeCompare(String(b.idNumber))).map((r) => r.gender));
    await bindPerson(w.bindings, { maxQuarantineShare: 0.7 });
  });

  it('pages through quarantined rows by cursor', async () => {
    const rows = persons(10, 900).map((r, i) => (i < 4 ? { ...r, birthDate: 'x' } : r));
    const report = await w.runner.run('person', { source: rowsSource(rows) });
    const one = await w.runner.quarantine(report.id, { first: 3 });
    expect(one.rows.map((q) => q.position)).to.deep.equal([1, 2, 3]);
    const two = await w.runner.quarantine(report.id, { first: 3, after: one.next });
    expect(two.rows.map((q) => q.position)).to.deep.equal([4]);
    expect(two.next).to.equal(undefined);
  });

  it('refuses a bad page size or cursor naming the parameter, and an unknown run', async () => {
    const err = await rejection(w.runner.quarantine(1, { first: 0, after: 'nonsense' }), InputError);
    expect(err.problems.map((p) => p.field)).to.deep.equal(['first', 'after']);
    await rejection(w.runner.quarantine(99999), NotFoundError);
  });

  it('lists run history newest first, per resource', async () => {
    const runs = await w.runner.runs('person', 3);
    expect(runs).to.have.length(3);
    expect(runs[0]!.id).to.be.greaterThan(runs[1]!.id);
    expect(await w.runner.runs('legalEntity')).to.deep.equal([]);
    expect(await ctx.db.knex(dataTableName('legalEntity')).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });
});
