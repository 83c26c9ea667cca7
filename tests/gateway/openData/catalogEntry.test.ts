import { expect } from 'chai';
import { demoCatalog } from '../../../demo/index.js';
import { describeEngines } from '../../support/engines.js';
import { badParams, getJson, startOpenServer, SYNCED_AT, TOILETS, type OpenServer } from './fixtures.js';

describeEngines('the public catalog entry: GET /api/v1/resources/:code and /departments', (ctx) => {
  let server: OpenServer;
  let api: string;
  before(async () => {
    server = await startOpenServer(ctx.db);
    api = `${server.url}/api/v1`;
  });
  after(async () => {
    await server?.close();
  });

  it('shows an open resource with its open items, published versions and links to its rows', async () => {
    const { status, body } = await getJson(`${api}/resources/publicToilet`);
    expect(status).to.equal(200);
    const entry = body.data;
    expect(entry).to.include({ code: '204001/000001', apiName: 'publicToilet', name: '公共厕所', openType: 'open', licence: 'CC BY 4.0', lastSyncedAt: SYNCED_AT.toISOString(), version: 1 });
    expect(entry.provider).to.deep.equal({ code: 'ule', name: '清远市城市管理和综合执法局' });
    const publicItems = TOILETS.items.filter((i) => i.sensitivity === 'public').map((i) => i.apiName);
    expect(entry.items.map((i: { apiName: string }) => i.apiName)).to.deep.equal(publicItems);
    expect(entry.items.find((i: { apiName: string }) => i.apiName === 'keeper')).to.include({ mask: 'name' });
    expect(JSON.stringify(entry)).to.not.include('keeperMobile').and.not.include('sensitivity');
    expect(entry.versions).to.have.length(1);
    expect(entry.versions[0]).to.include({ version: 1 });
    expect(entry.links).to.deep.equal({
      rows: `${api}/resources/publicToilet/rows`,
      csv: `${api}/resources/publicToilet/download.csv`,
      jsonl: `${api}/resources/publicToilet/download.jsonl`,
      datapackage: `${api}/resources/publicToilet/datapackage.json`,
    });
  });

  it('finds a resource by its code too, and lists only published versions after an unpublished draft', async () => {
    const serviceItem = demoCatalog().resources.find((r) => r.apiName === 'serviceItem')!;
    await server.catalog.updateResource('201001/000001', { ...serviceItem, summary: '草稿：尚未发布的修改' });
    const { body } = await getJson(`${api}/resources/${encodeURIComponent('201001/000001')}`);
    expect(body.data.apiName).to.equal('serviceItem');
    expect(body.data.summary).to.not.include('草稿');
    expect(body.data.versions.map((v: { version: number }) => v.version)).to.deep.equal([1]);
  });

  it('shows a conditionally open resource without links to rows', async () => {
    const { status, body } = await getJson(`${api}/resources/creditRating`);
    expect(status).to.equal(200);
    expect(body.data).to.include({ openType: 'conditional', openConditions: '注册用户申请并经审核后开放' });
    expect(body.data.links).to.deep.equal({ datapackage: `${api}/resources/creditRating/datapackage.json` });
  });

  it('never shows a closed resource, nor names one among the related resources', async () => {
    for (const closed of ['person', 'licence', encodeURIComponent('101001/000001')]) {
      const { status, body } = await getJson(`${api}/resources/${closed}`);
      expect(status, closed).to.equal(404);
      expect(body.error.code).to.equal('NOT_FOUND');
    }
    const { body } = await getJson(`${api}/resources/legalEntity`);
    const stored = await server.catalog.getResource('legalEntity');
    expect(stored.relatedResources).to.include('101001/000001');
    expect(body.data.relatedResources).to.not.include('101001/000001');
  });

  it('lists the departments and refuses unknown parameters', async () => {
    const { body } = await getJson(`${api}/departments`);
    expect(body.data.map((d: { code: string }) => d.code)).to.include.members(['psb', 'amr', 'gsc', 'ule']);
    const bad = await getJson(`${api}/departments?page=2`);
    expect(bad.status).to.equal(400);
    expect(badParams(bad.body)).to.deep.equal(['page']);
    expect(badParams((await getJson(`${api}/resources/publicToilet?x=1`)).body)).to.deep.equal(['x']);
  });
});
