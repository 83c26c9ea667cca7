import { expect } from 'chai';
import { Catalog, dataTableName, type DataItem, type ResourceInput } from '../../catalog/index.js';
import { ConflictError, InputError } from '../../shared/errors.js';
import { describeEngines } from '../support/engines.js';
import { CODE_SETS, DEPARTMENTS, item, rejection, resourceInput } from './fixtures.js';

const NOTE = item({ apiName: 'note', name: '备注', dataType: 'string', length: 200 });

const withItems = (input: ResourceInput, items: DataItem[]): ResourceInput => ({ ...input, items });
const apiNames = (items: DataItem[]) => items.map((i) => i.apiName);

describeEngines('Catalog versions', (ctx) => {
  let catalog: Catalog;
  const knex = () => ctx.db.knex;
  const rowsOf = (apiName: string) => knex()(dataTableName(apiName)).select('record_id', 'title', 'amount').orderBy('record_id');
  const columnsOf = async (apiName: string) => Object.fromEntries(Object.entries(await knex()(dataTableName(apiName)).columnInfo()).map(([c, info]) => [c, info.type]));

  /** Registers and publishes resource n, optionally with rows in its table. */
  async function published(n: number, rows: { record_id: string; title: string; amount?: number }[] = []): Promise<ResourceInput> {
    const input = resourceInput(n);
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
    if (rows.length) await knex()(dataTableName(input.apiName)).insert(rows);
    return input;
  }

  before(async () => {
    catalog = new Catalog(ctx.db);
    for (const department of DEPARTMENTS) await catalog.putDepartment(department);
    for (const set of CODE_SETS) await catalog.putCodeSet(set);
  });

  describe('a resource through three versions', () => {
    let v1: ResourceInput;
    const ROWS = [
      { record_id: 'A-1', title: '甲', amount: 1 },
      { record_id: 'A-2', title: '乙', amount: 2 },
    ];

    before(async () => {
      v1 = await published(1, ROWS);
    });

    it('makes a change to a published resource into a version 2 draft', async () => {
      const draft = await catalog.updateResource(v1.code, withItems(v1, [...v1.items, NOTE]));
      expect(draft).to.deep.include({ version: 2, latestVersion: 2, status: 'draft' });
      expect(apiNames(draft.items)).to.deep.equal(['recordId', 'title', 'amount', 'note']);
    });

    it('keeps showing version 1 with its old items until version 2 is published', async () => {
      const shown = await catalog.getResource(v1.code);
      expect(shown).to.deep.include({ version: 1, latestVersion: 2, status: 'published' });
      expect(shown.items).to.deep.equal(v1.items);
      expect((await catalog.getResource(v1.code, 2)).status).to.equal('draft');
    });

    it('edits the version 2 draft in place', async () => {
      const edited = await catalog.updateResource(v1.code, withItems({ ...v1, summary: '改过的摘要' }, [...v1.items, NOTE]));
      expect(edited).to.deep.include({ version: 2, latestVersion: 2, summary: '改过的摘要' });
      expect((await catalog.listVersions(v1.code)).map((v) => v.version)).to.deep.equal([2, 1]);
    });

    it('describes the draft relative to version 1 in the history', async () => {
      const versions = await catalog.listVersions(v1.code);
      expect(versions.map((v) => [v.version, v.status, v.changes])).to.deep.equal([
        [2, 'draft', ['changed summary', 'added item note']],
        [1, 'published', ['created']],
      ]);
      expect(versions[1]!.publishedAt).to.be.a('string');
      expect(versions[0]!.publishedAt).to.equal(null);
    });

    it('adds the new column when version 2 is published, keeping the rows', async () => {
      const shown = await catalog.publishResource(v1.code);
      expect(shown).to.deep.include({ version: 2, status: 'published', summary: '改过的摘要' });
      expect(await knex().schema.hasColumn(dataTableName(v1.apiName), 'note')).to.equal(true);
      expect(await rowsOf(v1.apiName)).to.deep.equal(ROWS);
    });

    it('keeps the column of an item removed in version 3, and versions 1 and 2 readable', async () => {
      await catalog.updateResource(v1.code, withItems(v1, [v1.items[0]!, v1.items[1]!, NOTE]));
      const v3 = await catalog.publishResource(v1.code);
      expect(v3.version).to.equal(3);
      expect(apiNames(v3.items)).to.deep.equal(['recordId', 'title', 'note']);
      expect(await knex().schema.hasColumn(dataTableName(v1.apiName), 'amount')).to.equal(true);
      expect(await rowsOf(v1.apiName)).to.deep.equal(ROWS);
      expect((await catalog.getResource(v1.code, 1)).items).to.deep.equal(v1.items);
      expect(apiNames((await catalog.getResource(v1.code, 2)).items)).to.deep.equal(['recordId', 'title', 'amount', 'note']);
      expect((await catalog.listVersions(v1.code))[0]!.changes).to.deep.equal(['changed summary', 'removed item amount']);
    });
  });

  describe('changes to a published resource', () => {
    it('makes no new version when nothing changed', async () => {
      const input = await published(10);
      const same = await catalog.updateResource(input.code, input);
      expect(same).to.deep.include({ version: 1, latestVersion: 1, status: 'published' });
      expect(await catalog.listVersions(input.code)).to.have.length(1);
    });

    it('records only the added item, not the publication date set on publishing', async () => {
      const input = await published(11);
      await catalog.updateResource(input.code, withItems(input, [...input.items, NOTE]));
      expect((await catalog.listVersions(input.code))[0]!.changes).to.deep.equal(['added item note']);
    });

    it('refuses to change the code or apiName of a resource', async () => {
      const input = await published(12);
      const err = await rejection(catalog.updateResource(input.code, { ...input, apiName: 'renamed12' }), InputError);
      expect(err.problems.map((p) => p.field)).to.deep.equal(['apiName']);
    });

    it('refuses an incompatible type change on a table with rows, and the failed publish changes nothing', async () => {
      const input = await published(13, [{ record_id: 'B-1', title: '丙', amount: 7 }]);
      const before = await columnsOf(input.apiName);
      const asDate = withItems(input, input.items.map((i) => (i.apiName === 'amount' ? { ...i, dataType: 'date' as const } : i)));
      await catalog.updateResource(input.code, asDate);
      const err = await rejection(catalog.publishResource(input.code), ConflictError);
      expect(err.details?.changes).to.deep.equal(['amount: data type integer → date']);
      const shown = await catalog.getResource(input.code);
      expect(shown).to.deep.include({ version: 1, latestVersion: 2, status: 'published' });
      expect((await catalog.listVersions(input.code))[0]).to.deep.include({ version: 2, status: 'draft', publishedAt: null });
      expect(await columnsOf(input.apiName)).to.deep.equal(before);
      expect(await rowsOf(input.apiName)).to.deep.equal([{ record_id: 'B-1', title: '丙', amount: 7 }]);
    });

    it('rebuilds an empty table for the same incompatible change', async () => {
      const input = await published(14);
      const asDate = withItems(input, input.items.map((i) => (i.apiName === 'amount' ? { ...i, dataType: 'date' as const } : i)));
      await catalog.updateResource(input.code, asDate);
      expect((await catalog.publishResource(input.code)).version).to.equal(2);
      expect((await columnsOf(input.apiName)).amount).to.equal('date');
      await knex()(dataTableName(input.apiName)).insert({ record_id: 'C-1', title: '丁', amount: '2024-02-29' });
    });

    it('refuses a shorter column and a new key on a table with rows', async () => {
      const input = await published(15, [{ record_id: 'D-1', title: '戊' }]);
      const changed = withItems(input, [
        { ...input.items[0]!, key: false, required: true },
        { ...input.items[1]!, length: 10 },
        { ...input.items[2]! },
        item({ apiName: 'serial', dataType: 'string', length: 20, required: true, key: true }),
      ]);
      await catalog.updateResource(input.code, changed);
      const err = await rejection(catalog.publishResource(input.code), ConflictError);
      expect(err.details?.changes).to.deep.equal(['title: length 100 → 10', 'key recordId → serial']);
    });

    it('widens a column on a table with rows', async () => {
      const input = await published(16, [{ record_id: 'E-1', title: '己' }]);
      await catalog.updateResource(input.code, withItems(input, input.items.map((i) => (i.apiName === 'title' ? { ...i, length: 300 } : i))));
      await catalog.publishResource(input.code);
      await knex()(dataTableName(input.apiName)).insert({ record_id: 'E-2', title: '长'.repeat(300) });
      expect(await rowsOf(input.apiName)).to.have.length(2);
    });

    it('refuses to bring back a removed item with another type on a table with rows', async () => {
      const input = await published(17, [{ record_id: 'F-1', title: '庚', amount: 3 }]);
      await catalog.updateResource(input.code, withItems(input, input.items.slice(0, 2)));
      await catalog.publishResource(input.code);
      const amountAsDate = item({ apiName: 'amount', dataType: 'date' });
      await catalog.updateResource(input.code, withItems(input, [...input.items.slice(0, 2), amountAsDate]));
      const err = await rejection(catalog.publishResource(input.code), ConflictError);
      expect(err.details?.changes).to.deep.equal(['amount: data type integer → date']);
      expect((await catalog.getResource(input.code)).version).to.equal(2);
    });

    it('brings back an item with another type once a rebuild of the empty table dropped its column', async () => {
      const input = await published(19);
      await catalog.updateResource(input.code, withItems(input, input.items.slice(0, 2)));
      await catalog.publishResource(input.code);
      expect(await knex().schema.hasColumn(dataTableName(input.apiName), 'amount')).to.equal(false);
      await knex()(dataTableName(input.apiName)).insert({ record_id: 'H-1', title: '壬' });
      await catalog.updateResource(input.code, withItems(input, [...input.items.slice(0, 2), item({ apiName: 'amount', dataType: 'date' })]));
      expect((await catalog.publishResource(input.code)).version).to.equal(3);
      expect((await columnsOf(input.apiName)).amount).to.equal('date');
    });

    it('brings back a removed item of the same type into its old column', async () => {
      const input = await published(18, [{ record_id: 'G-1', title: '辛', amount: 4 }]);
      await catalog.updateResource(input.code, withItems(input, input.items.slice(0, 2)));
      await catalog.publishResource(input.code);
      await catalog.updateResource(input.code, input);
      expect((await catalog.publishResource(input.code)).version).to.equal(3);
      expect(await rowsOf(input.apiName)).to.deep.equal([{ record_id: 'G-1', title: '辛', amount: 4 }]);
    });
  });
});
