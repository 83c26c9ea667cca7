import { expect } from 'chai';
import { Catalog, type SearchQuery } from '../../../catalog/index.js';
import { InputError } from '../../../shared/errors.js';
import { rejection } from '../fixtures.js';
import { describeEngines } from '../../support/engines.js';
import { loadSearchCatalog } from './fixtures.js';

describeEngines('Catalog.search: matching and ranking', (ctx) => {
  let catalog: Catalog;
  const found = async (q: string, extra: SearchQuery = {}) => (await catalog.search({ q, facets: false, ...extra })).resources.map((r) => r.apiName);

  before(async () => {
    catalog = new Catalog(ctx.db);
    await loadSearchCatalog(catalog);
  });

  it('finds a Chinese substring at the start, middle and end of names, and as the whole name', async () => {
    const names = await found('人口');
    expect(names).to.include.members(['persons', 'migrationStats', 'migrantRegister', 'residents', 'population']);
  });

  it('finds any two characters of a name, not only words: 础信, 照信', async () => {
    expect(await found('础信')).to.have.members(['persons', 'legalEntities']);
    expect(await found('照信')).to.deep.equal(['licences']);
  });

  it('finds words that only a summary, a tag or a data item holds', async () => {
    expect(await found('公示系统')).to.deep.equal(['legalEntities']);
    expect(await found('身份核验')).to.deep.equal(['persons']);
    expect(await found('信用代码')).to.deep.equal(['legalEntities']);
    expect(await found('处罚决定')).to.deep.equal(['enforcementCases']);
  });

  it("finds a provider's resources by a part of the provider's name", async () => {
    expect(await found('市场监督')).to.have.members(['legalEntities', 'enforcementCases']);
    expect(await found('人民政府')).to.deep.equal(['residents']);
  });

  it('finds by pinyin, whole or begun, and by initials', async () => {
    expect(await found('renkoujichu')).to.deep.equal(['persons']);
    expect(await found('renkoujic')).to.deep.equal(['persons']);
    expect(await found('rkjc')).to.deep.equal(['persons']);
    // Pinyin covers names, tags, items and providers; a summary is matched by its characters only.
    expect(await found('renkou')).to.have.members(['population', 'persons', 'migrationStats', 'residents', 'migrantRegister']);
    expect(await found('人口')).to.include('enforcementCases');
    expect(await found('zhengzhao')).to.deep.equal(['licences']);
  });

  it('finds English words and apiNames whatever their case, and full-width letters', async () => {
    expect(await found('legal')).to.deep.equal(['legalEntities']);
    expect(await found('ENTITIES')).to.deep.equal(['legalEntities']);
    expect(await found('ｌｅｇａｌ')).to.deep.equal(['legalEntities']);
    expect(await found('persons')).to.deep.equal(['persons']);
  });

  it('requires every term separated by spaces (also a full-width space)', async () => {
    expect(await found('人口 基础')).to.deep.equal(['persons']);
    expect(await found('人口　统计')).to.deep.equal(['migrationStats']);
    expect(await found('法人 renkou')).to.deep.equal([]);
    expect(await found('qiye faren')).to.deep.equal(['legalEntities']);
  });

  it('reads punctuation inside a term as a separator whose parts must all match', async () => {
    expect(await found('人口-基础')).to.deep.equal(['persons']);
    expect(await found('人口，法人')).to.deep.equal([]);
  });

  it('finds nothing for text that appears nowhere', async () => {
    const result = await catalog.search({ q: '气象预警' });
    expect(result.total).to.equal(0);
    expect(result.resources).to.deep.equal([]);
  });

  it('ranks the exact name first, then names starting with the term, then names holding it, then the rest', async () => {
    expect(await found('人口')).to.deep.equal(['population', 'persons', 'migrationStats', 'residents', 'migrantRegister', 'enforcementCases']);
  });

  it('ranks pinyin and initials of a name like the name itself', async () => {
    expect((await found('renkou'))[0]).to.equal('population');
    expect((await found('rk')).slice(0, 3)).to.deep.equal(['population', 'persons', 'migrationStats']);
  });

  it('leaves drafts out unless asked for, and then finds them', async () => {
    expect(await found('草稿')).to.deep.equal([]);
    expect(await found('草稿', { filters: { status: ['draft'] } })).to.deep.equal(['draftPopulation']);
  });

  it('pages through ranked results with offset and limit, the total counting them all', async () => {
    const all = await found('人口');
    const first = await catalog.search({ q: '人口', limit: 4, facets: false });
    const second = await catalog.search({ q: '人口', limit: 4, offset: 4, facets: false });
    expect(first.total).to.equal(all.length);
    expect(second.total).to.equal(all.length);
    expect([...first.resources, ...second.resources].map((r) => r.apiName)).to.deep.equal(all);
    expect((await catalog.search({ q: '人口', limit: 0 })).resources).to.deep.equal([]);
  });

  it('returns whole resources with their items', async () => {
    const [persons] = (await catalog.search({ q: 'rkjc' })).resources;
    expect(persons!.items.map((i) => i.name)).to.deep.equal(['记录编号', '公民身份号码', '姓名']);
    expect(persons!.status).to.equal('published');
  });

  it('sorts by code without a query, and by name (pinyin), code, publication date when asked', async () => {
    const codes = (await catalog.search({ facets: false })).resources.map((r) => r.code);
    expect(codes).to.deep.equal([...codes].sort());
    expect(await found('', { sort: 'name', filters: { provider: ['qy-amr'] } })).to.deep.equal(['legalEntities', 'enforcementCases']);
    expect(await found('人口', { sort: 'code', order: 'desc' })).to.deep.equal(['enforcementCases', 'population', 'residents', 'migrantRegister', 'migrationStats', 'persons']);
    // Resources published without a date got the day of publication, later than these three.
    expect((await found('', { sort: 'published' })).slice(-3)).to.deep.equal(['legalEntities', 'persons', 'migrationStats']);
    expect((await found('', { sort: 'published', order: 'asc' })).slice(0, 3)).to.deep.equal(['migrationStats', 'persons', 'legalEntities']);
  });

  it('refuses bad parameters with an InputError naming each', async () => {
    const err = await rejection(
      catalog.search({ limit: 1001, offset: -1, sort: 'best' as never, filters: { sharingType: ['sometimes' as never], classification: ["1' or 1=1"] } }),
      InputError,
    );
    expect(err.problems.map((p) => p.field)).to.have.members(['limit', 'offset', 'sort', 'filters.sharingType[0]', 'filters.classification[0]']);
    const terms = await rejection(catalog.search({ q: 'a b c d e f g h i j k' }), InputError);
    expect(terms.problems.map((p) => p.field)).to.deep.equal(['q']);
    const punctuation = await rejection(catalog.search({ q: '，。！ -- ' }), InputError);
    expect(punctuation.problems.map((p) => p.field)).to.deep.equal(['q']);
    expect((await catalog.search({ q: '   ', facets: false })).total).to.equal((await catalog.search({ facets: false })).total);
  });
});
