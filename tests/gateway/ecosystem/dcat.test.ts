import { expect } from 'chai';
import type { Catalog } from '../../../catalog/index.js';
import { type RunningServer, startServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { silentLogger, testConfig } from '../../support/server.js';
import { NOT_PUBLIC, PUBLIC, startEcosystemServer } from './world.js';

type Node = Record<string, any> & { '@id': string };
type Doc = { '@context': Record<string, unknown>; '@graph': Node[] };

const EU = 'http://publications.europa.eu/resource/authority';

function nodeOf(doc: Doc, id: string): Node {
  const found = doc['@graph'].find((n) => n['@id'] === id);
  if (!found) throw new Error(`no node ${id} in the document`);
  return found;
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describeEngines('DCAT-AP 3 routes', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
  const json = async (path: string) => (await (await get(path)).json()) as Doc;

  before(async () => {
    server = await startEcosystemServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('serves the catalog as Turtle and as JSON-LD with their media types', async () => {
    const ttl = await get('/catalog.ttl');
    expect(ttl.status).to.equal(200);
    expect(ttl.headers.get('content-type')).to.match(/^text\/turtle/);
    expect(await ttl.text()).to.include('@prefix dcat: <http://www.w3.org/ns/dcat#>');
    const ld = await get('/catalog.jsonld');
    expect(ld.headers.get('content-type')).to.match(/^application\/ld\+json/);
    const doc = (await ld.json()) as Doc;
    expect(doc['@context']).to.include.keys('dcat', 'dct', 'title', 'publisher');
    const catalog = nodeOf(doc, `${server.url}/catalog`);
    expect(catalog['@type']).to.equal('dcat:Catalog');
    expect(catalog.title.zh).to.equal('清远市政务数据开放目录');
    expect(catalog.publisher).to.equal(`${server.url}/departments/eit`);
    expect(nodeOf(doc, catalog.publisher).name.zh).to.equal('清远市经济和信息化局');
    expect(catalog.homepage).to.equal(`${server.url}/`);
    expect(catalog.language).to.equal(`${EU}/language/ZHO`);
    expect(catalog.totalItems).to.equal(String(PUBLIC.length));
  });

  it('lists only public resources: closed, draft and retired ones appear nowhere', async () => {
    const text = await (await get('/catalog.ttl?pageSize=1000')).text();
    const doc = await json('/catalog.jsonld?pageSize=1000');
    const datasets = list(nodeOf(doc, `${server.url}/catalog`).dataset);
    expect(datasets).to.have.members(PUBLIC.map((name) => `${server.url}/dataset/${name}`));
    for (const name of NOT_PUBLIC) expect(text).to.not.include(`/dataset/${name}`);
    for (const title of ['人口基础信息', '电子证照信息', '未发布的开放资源', '已停用的开放资源']) expect(text).to.not.include(title);
  });

  it('describes a dataset with publisher, contact point, themes, keywords, frequency, licence and access rights', async () => {
    const doc = await json('/dataset/legalEntity.jsonld');
    const id = `${server.url}/dataset/legalEntity`;
    const dataset = nodeOf(doc, id);
    expect(dataset.identifier).to.equal('102001/000001');
    expect(dataset.title.zh).to.equal('法人基础信息');
    const publisher = nodeOf(doc, dataset.publisher);
    expect(publisher.name.zh).to.equal('清远市市场监督管理局');
    expect(publisher.identifier).to.match(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    const contact = nodeOf(doc, dataset.contactPoint);
    expect(contact['@type']).to.include('vcard:Organization');
    expect(contact.hasEmail).to.equal('mailto:sjgx@amr.gdqy.gov.cn');
    expect(contact.hasTelephone).to.equal('tel:+86-763-3378512');
    expect(list(dataset.theme)).to.include.members([`${EU}/data-theme/ECON`, `${EU}/data-theme/GOVE`]);
    expect(list(dataset.keyword.zh)).to.include.members(['法人', '统一社会信用代码', '登记状态']);
    expect(dataset.accrualPeriodicity).to.equal(`${EU}/frequency/DAILY`);
    expect(dataset.accessRights).to.equal(`${EU}/access-right/PUBLIC`);
    expect(dataset.license).to.equal(`${EU}/licence/CC_BY_4_0`);
    expect(dataset.issued).to.equal('2025-03-31');
    expect(dataset.conformsTo).to.equal(`${server.url}/api/v1/resources/legalEntity/datapackage.json`);
    expect(dataset.landingPage).to.equal(`${server.url}/datasets/legalEntity`);
  });

  it('offers CSV and JSON Lines downloads and the rows API as distributions', async () => {
    const doc = await json('/dataset/legalEntity.jsonld');
    const base = `${server.url}/api/v1/resources/legalEntity`;
    const distributions = list(nodeOf(doc, `${server.url}/dataset/legalEntity`).distribution).map((id) => nodeOf(doc, id as string));
    const byAccess = new Map(distributions.map((d) => [d.accessURL, d]));
    expect([...byAccess.keys()]).to.have.members([`${base}/download.csv`, `${base}/download.jsonl`, `${base}/rows`]);
    const csv = byAccess.get(`${base}/download.csv`)!;
    expect(csv.downloadURL).to.equal(`${base}/download.csv`);
    expect(csv.mediaType).to.equal('https://www.iana.org/assignments/media-types/text/csv');
    expect(csv.format).to.equal(`${EU}/file-type/CSV`);
    expect(csv.conformsTo).to.equal(`${base}/datapackage.json`);
    expect(csv.license).to.equal(`${EU}/licence/CC_BY_4_0`);
    const api = byAccess.get(`${base}/rows`)!;
    expect(api.downloadURL).to.equal(undefined);
    expect(api.accessService).to.equal(`${server.url}/api/v1`);
    expect(nodeOf(doc, api.accessService).endpointDescription).to.equal(`${server.url}/api/v1/openapi.json`);
  });

  it('maps classification to EU themes and names only public related resources', async () => {
    const cases = nodeOf(await json('/dataset/enforcementCase.jsonld'), `${server.url}/dataset/enforcementCase`);
    expect(list(cases.theme)).to.include(`${EU}/data-theme/JUST`);
    expect(cases.relation).to.equal(`${server.url}/dataset/legalEntity`);
    const practitioner = nodeOf(await json('/dataset/practitioner.jsonld'), `${server.url}/dataset/practitioner`);
    expect(list(practitioner.theme)).to.include(`${EU}/data-theme/SOCI`);
    expect(practitioner.accrualPeriodicity).to.equal(`${EU}/frequency/WEEKLY`);
    // It is related to the closed person resource too, which stays unnamed.
    expect(practitioner.relation).to.equal(`${server.url}/dataset/legalEntity`);
  });

  it('shows a conditionally open resource as restricted, with its conditions and no download', async () => {
    const doc = await json('/dataset/trainingSubsidy.jsonld');
    const dataset = nodeOf(doc, `${server.url}/dataset/trainingSubsidy`);
    expect(dataset.accessRights).to.equal(`${EU}/access-right/RESTRICTED`);
    expect(dataset.license).to.equal(undefined);
    expect(nodeOf(doc, dataset.rights).description.zh).to.include('注册实名用户');
    const distributions = list(dataset.distribution).map((id) => nodeOf(doc, id as string));
    expect(distributions).to.have.length(1);
    expect(distributions[0]!.downloadURL).to.equal(undefined);
  });

  it('pages the catalog with Hydra links in the graph and Link headers', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await get(`/catalog.jsonld?page=${page}&pageSize=2`);
      expect(res.status).to.equal(200);
      const doc = (await res.json()) as Doc;
      seen.push(...(list(nodeOf(doc, `${server.url}/catalog`).dataset) as string[]));
      const view = nodeOf(doc, `${server.url}/catalog?page=${page}`);
      expect(view['@type']).to.equal('hydra:PartialCollectionView');
      expect(view.first).to.equal(`${server.url}/catalog?page=1`);
      expect(view.last).to.equal(`${server.url}/catalog?page=3`);
      expect(view.next).to.equal(page < 3 ? `${server.url}/catalog?page=${page + 1}` : undefined);
      expect(view.previous).to.equal(page > 1 ? `${server.url}/catalog?page=${page - 1}` : undefined);
      if (page === 2) {
        const link = res.headers.get('link')!;
        expect(link).to.include(`<${server.url}/catalog.jsonld?page=1&pageSize=2>; rel="first"`);
        expect(link).to.include(`<${server.url}/catalog.jsonld?page=1&pageSize=2>; rel="prev"`);
        expect(link).to.include(`<${server.url}/catalog.jsonld?page=3&pageSize=2>; rel="next"`);
        expect(link).to.include(`<${server.url}/catalog.jsonld?page=3&pageSize=2>; rel="last"`);
      }
    }
    expect(seen).to.have.length(PUBLIC.length);
    expect(new Set(seen).size).to.equal(PUBLIC.length);
  });

  it('answers bad paging and unknown parameters with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['page=9&pageSize=2', 'page'],
      ['pageSize=1001', 'pageSize'],
      ['size=5', 'size'],
    ]) {
      const res = await get(`/catalog.ttl?${query}`);
      expect(res.status, query).to.equal(400);
      const body = (await res.json()) as { error: { code: string; details: { problems: { field: string }[] } } };
      expect(body.error.code).to.equal('BAD_USER_INPUT');
      expect(body.error.details.problems.map((p) => p.field)).to.deep.equal([field]);
    }
  });

  it('finds a dataset by its resource code as well as its apiName', async () => {
    const byCode = await get('/dataset/102001%2F000001.ttl');
    expect(byCode.status).to.equal(200);
    expect(await byCode.text()).to.equal(await (await get('/dataset/legalEntity.ttl')).text());
  });

  it('answers 404 for closed, draft, retired and unknown datasets alike', async () => {
    for (const name of [...NOT_PUBLIC, 'noSuchThing']) {
      for (const ext of ['ttl', 'jsonld']) {
        const res = await get(`/dataset/${name}.${ext}`);
        expect(res.status, name).to.equal(404);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error).to.deep.equal({ code: 'NOT_FOUND', message: `no public dataset "${name}"` });
      }
    }
  });

  it('does not echo a resident ID asked for as a dataset', async () => {
    const [{ id_number: id }] = await ctx.db.knex('data_person').select('id_number').limit(1);
    const res = await get(`/dataset/${id}.ttl`);
    expect(res.status).to.equal(404);
    const text = await res.text();
    expect(text).to.not.include(id);
    expect(text).to.include(`${id.slice(0, 3)}***`);
  });

  it('redirects the catalog and dataset IRIs to the document the client accepts', async () => {
    const turtle = await get('/catalog?page=2&pageSize=2', { accept: 'text/turtle' });
    expect(turtle.status).to.equal(303);
    expect(turtle.headers.get('location')).to.equal('/catalog.ttl?page=2&pageSize=2');
    const dataset = await get('/dataset/102001%2F000001');
    expect(dataset.status).to.equal(303);
    expect(dataset.headers.get('location')).to.equal('/dataset/legalEntity.jsonld');
    expect((await get('/dataset/person')).status).to.equal(404);
  });

  it('builds absolute URLs from GOVSHARE_PUBLIC_URL when it is configured', async () => {
    const running = await startServer({ db: ctx.db, logger: silentLogger, catalog: server.catalog, config: testConfig({ GOVSHARE_PUBLIC_URL: 'https://data.qingyuan.example/' }), sweepIntervalMs: 0, alertIntervalMs: 0 }, 0);
    try {
      const text = await (await fetch(`${running.url}/dataset/legalEntity.ttl`)).text();
      expect(text).to.include('<https://data.qingyuan.example/dataset/legalEntity>');
      expect(text).to.include('<https://data.qingyuan.example/api/v1/resources/legalEntity/download.csv>');
      expect(text).to.not.include(running.url);
    } finally {
      await running.close();
    }
  });
});
