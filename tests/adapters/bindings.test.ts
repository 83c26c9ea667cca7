import { expect } from 'chai';
import { redactBinding, rowsSource, SourceBindings, type SourceBindingInput } from '../../adapters/index.js';
import { InputError, NotFoundError } from '../../shared/index.js';
import { rejection } from '../catalog/fixtures.js';
import { describeEngines } from '../support/engines.js';
import { persons, syncWorld, type SyncWorld } from './syncSupport.js';

const fields = (err: InputError) => err.problems.map((p) => p.field);

describeEngines('SourceBindings', (ctx) => {
  let w: SyncWorld;

  before(async () => {
    w = await syncWorld(ctx.db);
  });

  describe('setting and reading', () => {
    it('stores a binding by resource code, with defaults, found by code or apiName', async () => {
      const set = await w.bindings.set({ resource: 'person', kind: 'csv', location: '/data/psb/persons.csv', options: { encoding: 'gbk' } });
      expect(set).to.deep.include({ resource: '101001/000001', kind: 'csv', location: '/data/psb/persons.csv', options: { encoding: 'gbk' }, mapping: [], mode: 'full', live: false, maxQuarantineShare: 0.1, watermark: null });
      expect(await w.bindings.get('101001/000001')).to.deep.equal(set);
      expect(await w.bindings.get('person')).to.deep.equal(set);
    });

    it('replaces a binding set again, keeping its watermark only while the source stays the same', async () => {
      const input: SourceBindingInput = { resource: 'legalEntity', kind: 'sql', location: 'mysql://root@127.0.0.1:3306/test', options: { table: 'entities', watermark: 'updated_at' }, mode: 'incremental' };
      await w.bindings.set(input);
      await ctx.db.knex('source_bindings').where({ resource: '102001/000001' }).update({ watermark: JSON.stringify('2026-11-01T00:00:00Z') });
      const again = await w.bindings.set({ ...input, maxQuarantineShare: 0.2, scheduleMinutes: 30 });
      expect(again).to.deep.include({ watermark: '2026-11-01T00:00:00Z', maxQuarantineShare: 0.2, scheduleMinutes: 30 });
      const moved = await w.bindings.set({ ...input, location: 'mysql://root@127.0.0.1:3306/other' });
      expect(moved.watermark).to.equal(null);
      expect(moved.scheduleMinutes).to.equal(undefined);
    });

    it('lists bindings by resource and removes one', async () => {
      expect((await w.bindings.list()).map((b) => b.resource)).to.deep.equal(['101001/000001', '102001/000001']);
      await w.bindings.remove('legalEntity');
      expect((await w.bindings.list()).map((b) => b.resource)).to.deep.equal(['101001/000001']);
      await rejection(w.bindings.get('legalEntity'), NotFoundError);
      await rejection(w.bindings.remove('legalEntity'), NotFoundError);
    });
  });

  describe('validation', () => {
    it('names every bad field of the binding and of its kind\'s options in one error', async () => {
      const err = await rejection(
        w.bindings.set({ resource: 'person', kind: 'csv', location: '', options: { sheet: 'Sheet1', encoding: 'latin1' } as never, maxQuarantineShare: 2, mode: 'sometimes' as never }),
        InputError,
      );
      expect(fields(err)).to.have.members(['location', 'mode', 'maxQuarantineShare', 'options.sheet', 'options.encoding']);
      const options = await rejection(w.bindings.set({ resource: 'person', kind: 'csv', location: 'p.csv', options: { sheet: 'Sheet1', encoding: 'latin1' } as never }), InputError);
      expect(options.problems).to.deep.equal([
        { field: 'options.sheet', message: 'is not an option of csv sources' },
        { field: 'options.encoding', message: 'must be one of utf-8, gbk, gb18030' },
      ]);
    });

    it('refuses to bind open data live: the open API and downloads read the shared store', async () => {
      const err = await rejection(w.bindings.set({ resource: 'legalEntity', kind: 'sql', location: 'sqlite:/tmp/amr.sqlite', options: { table: 'entities' }, live: true }), InputError);
      expect(err.problems).to.deep.equal([{ field: 'live', message: '"legalEntity" is open data, which is published from the shared store; bind it for sync instead' }]);
      expect(await w.bindings.find('legalEntity')).to.equal(undefined);
    });

    it('checks kind-specific rules: sql table or query, rest paging, locations, live kinds, incremental watermark', async () => {
      const sql = await rejection(w.bindings.set({ resource: 'person', kind: 'sql', location: '/tmp/x.db', options: { table: 'a', query: 'select 1' } }), InputError);
      expect(fields(sql)).to.deep.equal(['location', 'options.table']);
      const rest = await rejection(
        w.bindings.set({ resource: 'person', kind: 'rest', location: 'ftp://x', options: { paging: { type: 'page', cursorPath: 'next' } as never, retries: 99 } }),
        InputError,
      );
      expect(fields(rest)).to.have.members(['location', 'options.retries', 'options.paging.cursorPath']);
      const live = await rejection(w.bindings.set({ resource: 'person', kind: 'excel', location: 'p.xlsx', live: true, mode: 'incremental' }), InputError);
      expect(live.problems).to.deep.equal([
        { field: 'options.watermark', message: 'is required in incremental mode: the column whose increasing value marks what was read' },
        { field: 'live', message: 'only sql and rest sources can answer live queries' },
      ]);
    });

    it('refuses an unknown resource, and mapping items the resource does not have', async () => {
      expect(fields(await rejection(w.bindings.set({ resource: 'nothing', kind: 'csv', location: 'x.csv' }), InputError))).to.deep.equal(['resource']);
      const mapping = await rejection(
        w.bindings.set({ resource: 'person', kind: 'csv', location: 'x.csv', mapping: [{ column: 'SFZH', item: 'idNumber' }, { column: 'XM', item: 'fullName' }, { column: 'ZJHM', item: 'idNumber' }] }),
        InputError,
      );
      expect(mapping.problems).to.deep.equal([
        { field: 'mapping[1].item', message: 'names no item of "person"' },
        { field: 'mapping[2].item', message: '"idNumber" is already fed by mapping[0]' },
      ]);
    });

    it('refuses a mapping that leaves a required item unfed when the source can be described', async () => {
      const described = new SourceBindings(ctx.db, w.catalog, { describe: async () => rowsSource(persons(1).map(({ name: _n, ...rest }) => rest)).describe() });
      const err = await rejection(described.set({ resource: 'person', kind: 'csv', location: 'x.csv', mapping: [{ column: 'XB', item: 'gender' }] }), InputError);
      expect(err.problems).to.deep.equal([
        { field: 'mapping[0].column', message: 'names no column of the source (its columns: idNumber, gender, birthDate, ethnicity, district, address, mobile)' },
      ]);
      const unfed = await rejection(described.set({ resource: 'person', kind: 'csv', location: 'x.csv', mapping: [{ column: 'gender', item: 'gender' }] }), InputError);
      expect(unfed.problems).to.deep.equal([
        { field: 'mapping', message: 'no source column feeds the required item name (姓名); the source has idNumber, gender, birthDate, ethnicity, district, address, mobile' },
      ]);
      const unreachable = new SourceBindings(ctx.db, w.catalog, { describe: async () => Promise.reject(new Error('no such file')) });
      expect((await unreachable.set({ resource: 'person', kind: 'csv', location: 'later.csv' })).location).to.equal('later.csv');
    });
  });

  describe('secrets', () => {
    it('keeps passwords and headers, and shows them only redacted', async () => {
      const set = await w.bindings.set({
        resource: 'licence',
        kind: 'rest',
        location: 'https://svc:s3cret@api.gsc.example/licences?page=1&access_token=abc123',
        options: { headers: { Authorization: 'Bearer eyJhbGciOi', 'X-Trace': 'on' }, paging: { type: 'page', size: 100 } },
      });
      expect(set.location).to.include('s3cret');
      const shown = redactBinding(set);
      expect(shown.location).to.equal('https://svc:***@api.gsc.example/licences?page=1&access_token=***');
      expect(shown.options.headers).to.deep.equal({ Authorization: '***', 'X-Trace': '***' });
      expect(JSON.stringify(shown)).not.to.match(/s3cret|abc123|eyJhbGciOi/);
      expect(redactBinding({ ...set, location: 'postgres://reader:pw@db.example:5432/psb' }).location).to.equal('postgres://reader:***@db.example:5432/psb');
      expect(redactBinding({ ...set, location: '/data/files/a.csv' }).location).to.equal('/data/files/a.csv');
    });
  });
});
