import { expect } from 'chai';
import type { Catalog } from '../../../catalog/index.js';
import { type RunningServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { startDemoServer } from '../../support/server.js';

interface Listing {
  total: number;
  offset: number;
  limit: number;
  items: Record<string, any>[];
  facets: Record<string, { value: string; label: string; count: number }[]>;
}

describeEngines('GET /api/v1/resources', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  const get = async (query = '') => {
    const res = await fetch(`${server.url}/api/v1/resources${query}`);
    return { status: res.status, body: (await res.json()) as Listing & { error?: { code: string; details?: { problems: { field: string }[] } } } };
  };
  const apiNames = (l: Listing) => l.items.map((i) => i.apiName);
  const problems = async (query: string) => {
    const { status, body } = await get(query);
    expect(status, query).to.equal(400);
    expect(body.error!.code).to.equal('BAD_USER_INPUT');
    return body.error!.details!.problems.map((p) => p.field);
  };

  before(async () => {
    server = await startDemoServer(ctx.db, 50);
    // One conditionally open resource, and one more closed one that a public search would match.
    const base = await server.catalog.getResource('serviceItem');
    const { status, version, latestVersion, createdAt, updatedAt, lastSyncedAt, ...input } = base;
    for (const [code, apiName, name, open] of [
      ['201001/000101', 'openBudget', '财政预算公开信息', { type: 'conditional', conditions: '注册用户', licence: 'CC BY 4.0' }],
      ['201001/000102', 'secretBudget', '财政预算内部信息', { type: 'closed' }],
    ] as const) {
      await server.catalog.createResource({ ...input, publishedOn: undefined, code, apiName, name, open, relatedResources: [], items: input.items.map((i) => ({ ...i, references: undefined })) });
      await server.catalog.publishResource(code);
    }
  });
  after(async () => {
    await server?.close();
  });

  it('lists the open and conditionally open resources, never the closed ones', async () => {
    const { status, body } = await get('?limit=100');
    expect(status).to.equal(200);
    expect(apiNames(body).sort()).to.deep.equal(['enforcementCase', 'legalEntity', 'openBudget', 'serviceItem']);
    expect(body).to.include({ total: 4, offset: 0, limit: 100 });
    expect(body.facets.openType.map((f) => f.value).sort()).to.deep.equal(['conditional', 'open']);
    const counted = Object.values(body.facets.sharingType).reduce((n, f) => n + f.count, 0);
    expect(counted).to.equal(4);
  });

  it('finds nothing closed, even by its exact name', async () => {
    for (const q of ['人口基础信息', '电子证照', '财政预算内部信息', 'person', 'rkjcxx']) {
      const { body } = await get(`?q=${encodeURIComponent(q)}`);
      expect(body.total, q).to.equal(0);
      expect(Object.values(body.facets).flat(), q).to.deep.equal([]);
    }
    expect(apiNames((await get(`?q=${encodeURIComponent('财政预算')}`)).body)).to.deep.equal(['openBudget']);
  });

  it('describes each resource as a summary with its provider named and its freshness', async () => {
    const { body } = await get(`?q=${encodeURIComponent('法人')}`);
    expect(apiNames(body)[0]).to.equal('legalEntity');
    const entity = body.items[0]!;
    expect(Object.keys(entity).sort()).to.deep.equal(
      ['apiName', 'classification', 'code', 'format', 'freshness', 'itemCount', 'lastSyncedAt', 'name', 'openType', 'provider', 'publishedOn', 'sharingType', 'summary', 'tags', 'updateCycle'].sort(),
    );
    expect(entity).to.deep.include({ apiName: 'legalEntity', name: '法人基础信息', openType: 'open', sharingType: 'unconditional', freshness: 'fresh', itemCount: 9 });
    expect(entity.provider).to.deep.equal({ code: 'amr', name: '清远市市场监督管理局' });
    expect(entity.classification.categoryName).to.equal('基础信息资源类');
    expect(Date.parse(entity.lastSyncedAt)).to.be.closeTo(Date.now(), 10 * 60_000);
  });

  it('takes repeated and comma-separated filters alike', async () => {
    const repeated = (await get('?provider=amr&provider=ule')).body;
    const commas = (await get('?provider=amr,ule')).body;
    expect(apiNames(repeated).sort()).to.deep.equal(['enforcementCase', 'legalEntity']);
    expect(apiNames(commas)).to.deep.equal(apiNames(repeated));
    expect(repeated.facets.provider.map((f) => [f.value, f.label])).to.deep.include.members([
      ['amr', '清远市市场监督管理局'],
      ['gsc', '清远市行政服务中心'],
    ]);
    expect(apiNames((await get('?openType=conditional')).body)).to.deep.equal(['openBudget']);
    // The demo loader recorded a sync of what it loaded; the budget resource never had one.
    expect(apiNames((await get('?freshness=fresh')).body).sort()).to.deep.equal(['enforcementCase', 'legalEntity', 'serviceItem']);
    expect(apiNames((await get('?freshness=stale')).body)).to.deep.equal(['openBudget']);
  });

  it('pages with limit and offset', async () => {
    const all = apiNames((await get('?sort=code')).body);
    const second = (await get('?sort=code&limit=2&offset=2')).body;
    expect(second).to.include({ total: 4, offset: 2, limit: 2 });
    expect(apiNames(second)).to.deep.equal(all.slice(2, 4));
  });

  it('answers 400 naming each bad parameter', async () => {
    expect(await problems('?limit=0')).to.deep.equal(['limit']);
    expect(await problems('?limit=1001&offset=-1')).to.have.members(['limit', 'offset']);
    expect(await problems('?limit=ten')).to.deep.equal(['limit']);
    expect(await problems('?sort=best&order=up')).to.have.members(['sort', 'order']);
    expect(await problems('?sharingType=sometimes')).to.deep.equal(['sharingType']);
    expect(await problems('?openType=closed')).to.deep.equal(['openType']);
    expect(await problems('?freshness=old&tag=')).to.have.members(['freshness', 'tag']);
    expect(await problems('?classification=1%27%20or%201')).to.deep.equal(['classification']);
    expect(await problems('?q=a&q=b')).to.deep.equal(['q']);
    expect(await problems('?pageSize=5')).to.deep.equal(['pageSize']);
  });
});
