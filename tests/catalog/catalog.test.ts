import { expect } from 'chai';
import { Catalog, columnName, createRowValidator, dataTableName, LOADED_AT_COLUMN, ROW_ID_COLUMN } from '../../catalog/index.js';
import { ConflictError, InputError, NotFoundError } from '../../shared/errors.js';
import { describeEngines } from '../support/engines.js';
import {
  CODE_SETS,
  DEPARTMENTS,
  GOVERNMENT,
  PUBLIC_SECURITY,
  creditCode,
  item,
  keyItem,
  legalPersonsInput,
  personsInput,
  rejection,
  resourceInput,
} from './fixtures.js';

describeEngines('Catalog', (ctx) => {
  let catalog: Catalog;

  before(async () => {
    catalog = new Catalog(ctx.db);
    for (const department of DEPARTMENTS) await catalog.putDepartment(department);
    for (const set of CODE_SETS) await catalog.putCodeSet(set);
  });

  describe('departments', () => {
    it('lists the departments by code, each as it was put', async () => {
      const listed = await catalog.listDepartments();
      const codes = listed.map((d) => d.code);
      expect(codes).to.deep.equal([...codes].sort());
      for (const department of DEPARTMENTS) expect(listed).to.deep.include(department);
    });

    it('gets a department by code', async () => {
      expect(await catalog.getDepartment(PUBLIC_SECURITY.code)).to.deep.equal(PUBLIC_SECURITY);
    });

    it('throws NotFoundError for an unknown department', async () => {
      await rejection(catalog.getDepartment('qy-nowhere'), NotFoundError);
    });

    it('updates a department put again under the same code', async () => {
      const edu = { code: 'qy-edu', name: '清远市教育局', creditCode: creditCode('11441800007017811'), parentCode: GOVERNMENT.code, contact: {} };
      await catalog.putDepartment(edu);
      const renamed = await catalog.putDepartment({ ...edu, name: '清远市教育局（更名）', contact: { phone: '0763-3381234' } });
      expect(renamed).to.deep.equal({ ...edu, name: '清远市教育局（更名）', contact: { phone: '0763-3381234' } });
      expect((await catalog.listDepartments()).filter((d) => d.code === 'qy-edu')).to.have.length(1);
    });

    it('refuses a parent department that does not exist', async () => {
      const err = await rejection(
        catalog.putDepartment({ code: 'qy-orphan', name: '孤儿单位', creditCode: creditCode('11441800007017900'), parentCode: 'qy-nowhere', contact: {} }),
        InputError,
      );
      expect(err.problems.map((p) => p.field)).to.deep.equal(['parentCode']);
      await rejection(catalog.getDepartment('qy-orphan'), NotFoundError);
    });

    it('refuses a second department with the same credit code as a ConflictError', async () => {
      await rejection(catalog.putDepartment({ ...GOVERNMENT, code: 'qy-copy' }), ConflictError);
    });
  });

  describe('creating resources', () => {
    it('registers a new resource as draft version 1', async () => {
      const input = resourceInput(1);
      const created = await catalog.createResource(input);
      expect(created).to.deep.include({ code: input.code, apiName: input.apiName, status: 'draft', version: 1, latestVersion: 1, publishedOn: null });
      expect(created.items).to.deep.equal(input.items);
      const versions = await catalog.listVersions(input.code);
      expect(versions.map((v) => [v.version, v.status, v.changes])).to.deep.equal([[1, 'draft', ['created']]]);
    });

    it('finds a resource by its apiName as well as its code', async () => {
      expect((await catalog.getResource('resource1')).code).to.equal('101001/000001');
    });

    it('throws NotFoundError for an unknown resource or version', async () => {
      await rejection(catalog.getResource('101001/999999'), NotFoundError);
      await rejection(catalog.getResource('101001/000001', 7), NotFoundError);
    });

    it('names an unknown provider, code set and referenced resource in one InputError', async () => {
      const input = resourceInput(2, {
        provider: 'qy-nowhere',
        relatedResources: ['101001/999999'],
        items: [
          keyItem('recordId'),
          item({ apiName: 'gender', dataType: 'code', codeSet: 'no-such-set' }),
          item({ apiName: 'holderId', dataType: 'string', references: [{ resource: 'noSuchResource', item: 'idNumber' }] }),
        ],
      });
      const err = await rejection(catalog.createResource(input), InputError);
      expect(err.code).to.equal('BAD_USER_INPUT');
      expect(err.problems.map((p) => p.field)).to.have.members(['provider', 'items[1].codeSet', 'items[2].references[0]', 'relatedResources[0]']);
      await rejection(catalog.getResource(input.code), NotFoundError);
    });

    it('refuses a reference to an item that is not the key of its target', async () => {
      await catalog.createResource(personsInput(3));
      const input = resourceInput(4, { items: [keyItem('recordId'), item({ apiName: 'holderName', dataType: 'string', references: [{ resource: 'persons3', item: 'fullName' }] })] });
      const err = await rejection(catalog.createResource(input), InputError);
      expect(err.problems).to.deep.equal([{ field: 'items[1].references[0]', message: '"fullName" is not the key of "persons3"' }]);
    });

    it('refuses a second resource with the same code or apiName as a ConflictError', async () => {
      await catalog.createResource(resourceInput(5));
      await rejection(catalog.createResource(resourceInput(5, { apiName: 'another5' })), ConflictError);
      await rejection(catalog.createResource(resourceInput(6, { apiName: 'resource5' })), ConflictError);
    });
  });

  describe('publishing', () => {
    it('creates the data table with one column per item', async () => {
      const input = resourceInput(10);
      await catalog.createResource(input);
      const published = await catalog.publishResource(input.code);
      expect(published).to.deep.include({ status: 'published', version: 1 });
      const table = dataTableName(input.apiName);
      expect(table).to.equal('data_resource10');
      expect(await ctx.db.knex.schema.hasTable(table)).to.equal(true);
      for (const column of [ROW_ID_COLUMN, LOADED_AT_COLUMN, ...input.items.map(columnName)]) {
        expect(await ctx.db.knex.schema.hasColumn(table, column), column).to.equal(true);
      }
      expect(Object.keys(await ctx.db.knex(table).columnInfo())).to.have.length(input.items.length + 2);
    });

    it('puts a unique index on the key column', async () => {
      const table = dataTableName('resource10');
      await ctx.db.knex(table).insert({ record_id: 'R-1', title: '第一条' });
      const err = await ctx.db.knex(table).insert({ record_id: 'R-1', title: '重复' }).then(() => undefined, (e: unknown) => e);
      expect(err, 'a second row with the same key').to.be.an('error');
      expect(await ctx.db.knex(table).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    });

    it('sets the publication date to the day of first publication when none is given', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expect((await catalog.getResource('resource10')).publishedOn).to.equal(today);
    });

    it('keeps a given publication date', async () => {
      await catalog.createResource(resourceInput(11, { publishedOn: '2024-03-01' }));
      expect((await catalog.publishResource('resource11')).publishedOn).to.equal('2024-03-01');
    });

    it('refuses to publish a published version again with a ConflictError', async () => {
      await rejection(catalog.publishResource('resource10'), ConflictError);
    });

    it('refuses to publish a reference to a resource that is still a draft', async () => {
      await catalog.createResource(legalPersonsInput(12));
      const input = resourceInput(13, { items: [keyItem('recordId'), item({ apiName: 'holderId', dataType: 'string', references: [{ resource: 'legalPersons12', item: 'creditCode' }] })] });
      await catalog.createResource(input);
      const err = await rejection(catalog.publishResource(input.code), InputError);
      expect(err.problems.map((p) => p.field)).to.deep.equal(['items[1].references[0]']);
      expect(await ctx.db.knex.schema.hasTable(dataTableName(input.apiName))).to.equal(false);
      await catalog.publishResource('legalPersons12');
      expect((await catalog.publishResource(input.code)).status).to.equal('published');
    });
  });

  describe('row schemas', () => {
    it('derives the row schema of a published resource with its code sets and referenced keys', async () => {
      await catalog.createResource(personsInput(30));
      await catalog.publishResource('persons30');
      const validate = createRowValidator(await catalog.rowSchema('resource13'));
      expect(validate({ recordId: 'R-1', holderId: '91350100M000100Y43' })).to.deep.equal([]);
      expect(validate({ recordId: 'R-1', holderId: '91350100M000100Y44' }).map((p) => p.field)).to.include('holderId');
      const persons = createRowValidator(await catalog.rowSchema('persons30'));
      expect(persons({ idNumber: '11010519491231002X', fullName: '张三', gender: '2' })).to.deep.equal([]);
      expect(persons({ idNumber: '11010519491231002X', fullName: '张三', gender: '5' }).map((p) => p.field)).to.include('gender');
    });
  });

  describe('retiring', () => {
    it('retires a published resource, which stays readable', async () => {
      await catalog.createResource(resourceInput(20));
      await catalog.publishResource('resource20');
      const retired = await catalog.retireResource('resource20');
      expect(retired).to.deep.include({ status: 'retired', version: 1 });
      expect((await catalog.getResource('resource20')).status).to.equal('retired');
    });

    it('refuses to retire a draft with a ConflictError', async () => {
      await rejection(catalog.retireResource('resource1'), ConflictError);
    });
  });
});
