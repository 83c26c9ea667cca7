import { expect } from 'chai';
import { Catalog, catalogMigrations, type SearchQuery } from '../../../catalog/index.js';
import { InputError } from '../../../shared/errors.js';
import { describeEngines } from '../../support/engines.js';
import { CODE_SETS, creditCode, DEPARTMENTS, GOVERNMENT, MARKET_REGULATION, rejection, resourceInput } from '../fixtures.js';
import { loadSearchCatalog } from './fixtures.js';

describeEngines('the search index in step with the catalog', (ctx) => {
  let catalog: Catalog;
  const found = async (q: string, extra: SearchQuery = {}) => (await catalog.search({ q, facets: false, ...extra })).resources.map((r) => r.apiName);

  before(async () => {
    catalog = new Catalog(ctx.db);
    for (const d of DEPARTMENTS) await catalog.putDepartment(d);
    for (const set of CODE_SETS) await catalog.putCodeSet(set);
  });

  it('indexes a draft as it is edited, and finds it once published', async () => {
    const input = resourceInput(301, { name: '婚姻登记信息', summary: '婚姻登记的记录' });
    await catalog.createResource(input);
    expect(await found('婚姻', { filters: { status: ['draft'] } })).to.deep.equal(['resource301']);
    await catalog.updateResource(input.code, { ...input, name: '收养登记信息', summary: '收养登记的记录' });
    expect(await found('婚姻', { filters: { status: ['draft'] } })).to.deep.equal([]);
    expect(await found('shouyang', { filters: { status: ['draft'] } })).to.deep.equal(['resource301']);
    expect(await found('收养')).to.deep.equal([]);
    await catalog.publishResource(input.code);
    expect(await found('收养')).to.deep.equal(['resource301']);
  });

  it('keeps showing the published text while a new version is a draft, and the new text once it is published', async () => {
    const input = resourceInput(302, { name: '殡葬服务信息', tags: ['殡葬'] });
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
    await catalog.updateResource(input.code, { ...input, name: '公墓管理信息', tags: ['公墓'] });
    expect(await found('殡葬')).to.deep.equal(['resource302']);
    expect(await found('公墓')).to.deep.equal([]);
    expect((await catalog.search({ filters: { tags: ['公墓'] } })).total).to.equal(0);
    await catalog.publishResource(input.code);
    expect(await found('公墓')).to.deep.equal(['resource302']);
    expect(await found('殡葬')).to.deep.equal([]);
    expect((await catalog.search({ filters: { tags: ['公墓'] } })).resources.map((r) => r.apiName)).to.deep.equal(['resource302']);
  });

  it('drops a retired resource from what is published, and finds it among the retired', async () => {
    const input = resourceInput(303, { name: '渔船登记信息' });
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
    await catalog.retireResource(input.code);
    expect(await found('渔船')).to.deep.equal([]);
    expect(await found('渔船', { filters: { status: ['retired'] } })).to.deep.equal(['resource303']);
  });

  it('finds resources by the new name of their renamed provider, and no longer by the old', async () => {
    const input = resourceInput(304, { name: '价格监测信息', provider: MARKET_REGULATION.code });
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
    expect(await found('市场监督')).to.include('resource304');
    await catalog.putDepartment({ ...MARKET_REGULATION, name: '清远市物价检查所' });
    expect(await found('市场监督')).to.deep.equal([]);
    expect(await found('物价检查')).to.deep.equal(['resource304']);
    expect(await found('wujia')).to.deep.equal(['resource304']);
    const result = await catalog.search({ q: '价格监测' });
    expect(result.facets.provider).to.deep.equal([{ value: MARKET_REGULATION.code, label: '清远市物价检查所', count: 1 }]);
  });

  it('leaves the index untouched when a write fails', async () => {
    const before = await ctx.db.knex('search_tokens').count({ n: '*' });
    const bad = resourceInput(305, { name: '独一无二的名称', provider: 'qy-nowhere' });
    await rejection(catalog.createResource(bad), InputError);
    expect(await found('独一无二')).to.deep.equal([]);
    expect(await ctx.db.knex('search_tokens').count({ n: '*' })).to.deep.equal(before);
    expect(await ctx.db.knex('search_documents').where({ name_text: '独一无二的名称' })).to.deep.equal([]);
  });

  it('indexes a new department at once', async () => {
    await catalog.putDepartment({ code: 'qy-hy', name: '清远市海洋渔业局', creditCode: creditCode('11441800MB2C92099'), parentCode: GOVERNMENT.code, contact: {} });
    const input = resourceInput(306, { name: '养殖证信息', provider: 'qy-hy' });
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
    expect(await found('海洋渔业')).to.deep.equal(['resource306']);
  });
});

describeEngines('the search migration', (ctx) => {
  const migration = catalogMigrations.find((m) => m.name === '20261129_003_catalog_search')!;

  it('backfills the index of a catalog written before it, exactly as the catalog indexes', async () => {
    const catalog = new Catalog(ctx.db);
    await loadSearchCatalog(catalog);
    const dump = async () => ({
      tokens: await ctx.db.knex('search_tokens').orderBy(['token', 'resource_id']),
      departments: await ctx.db.knex('department_search_tokens').orderBy(['token', 'department_code']),
      documents: await ctx.db.knex('search_documents').orderBy('resource_id'),
      tags: await ctx.db.knex('resource_tags').orderBy(['resource_id', 'tag']),
    });
    const written = await dump();
    const searched = await catalog.search({ q: '人口' });
    await migration.down(ctx.db.knex);
    expect(await ctx.db.knex.schema.hasTable('search_tokens')).to.equal(false);
    await migration.up(ctx.db.knex);
    const backfilled = await dump();
    expect(backfilled.tokens.length).to.be.above(500);
    expect(backfilled).to.deep.equal(written);
    expect(await catalog.search({ q: '人口' })).to.deep.equal(searched);
  });
});
