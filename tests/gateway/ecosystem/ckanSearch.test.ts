import { expect } from 'chai';
import { slugOf, type Catalog } from '../../../catalog/index.js';
import { type RunningServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { ckanClient, type SearchResult } from './ckanClient.js';
import { PUBLIC, startEcosystemServer } from './world.js';

const PUBLIC_NAMES = PUBLIC.map(slugOf);

describeEngines('CKAN package_search', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  const ckan = ckanClient(() => server.url);
  const search = async (params: Record<string, string | number>) => {
    const res = await ckan.get<SearchResult>('package_search', params);
    expect(res.status, JSON.stringify(res.body.error)).to.equal(200);
    expect(res.body.success).to.equal(true);
    return res.body.result!;
  };
  const names = async (params: Record<string, string | number>) => (await search({ rows: 1000, ...params })).results.map((p) => p.name);

  before(async () => {
    server = await startEcosystemServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('package_search?q=法人&rows=5 returns the open legal-entity resource in CKAN shape', async () => {
    const res = await fetch(`${server.url}/api/3/action/package_search?q=${encodeURIComponent('法人')}&rows=5`);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { help: string; success: boolean; result: SearchResult };
    expect(body.success).to.equal(true);
    expect(body.help).to.match(new RegExp(`^${server.url}/.*package_search`));
    expect(body.result.count).to.be.at.least(1);
    const pkg = body.result.results[0]!;
    expect(pkg).to.include({ name: 'legal-entity', title: '法人基础信息', type: 'dataset', state: 'active', private: false, owner_org: pkg.organization.id });
    expect(pkg.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pkg.notes).to.include('统一社会信用代码');
    expect(pkg.organization).to.include({ name: 'amr', title: '清远市市场监督管理局', is_organization: true });
    expect(pkg.tags.map((t: { name: string }) => t.name)).to.include('法人');
    expect(pkg.groups.map((g: { name: string }) => g.name)).to.deep.equal(['category-1']);
    expect(pkg).to.include({ license_id: 'cc-by', license_title: 'Creative Commons Attribution', isopen: true });
    expect(pkg.metadata_created).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(pkg.metadata_modified).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const extras = Object.fromEntries(pkg.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    expect(extras).to.include({ resource_code: '102001/000001', sharing_type: 'unconditional', open_type: 'open', update_cycle: 'daily', classification: '102001' });
    expect(['fresh', 'due', 'stale']).to.include(extras.freshness);
    const csv = pkg.resources.find((r: { format: string }) => r.format === 'CSV');
    expect(csv).to.include({ id: 'legalEntity', url: `${server.url}/api/v1/resources/legalEntity/download.csv`, mimetype: 'text/csv', datastore_active: true });
    expect(pkg.resources.map((r: { format: string }) => r.format)).to.deep.equal(['CSV', 'JSONL', 'JSON']);
    expect(pkg.num_resources).to.equal(3);
    expect(body.result.results.map((p) => p.title)).to.not.include('人口基础信息');
  });

  it('finds only public packages: closed, draft and retired resources are never counted', async () => {
    const all = await search({ rows: 1000 });
    expect(all.count).to.equal(PUBLIC.length);
    expect(all.results.map((p) => p.name)).to.have.members(PUBLIC_NAMES);
    expect(await names({ q: '人口基础信息' })).to.deep.equal([]);
    expect(await names({ q: '电子证照' })).to.deep.equal([]);
  });

  it('filters with fq clauses, ANDed, with OR lists inside a clause', async () => {
    expect(await names({ fq: 'organization:amr' })).to.deep.equal(['legal-entity']);
    expect(await names({ fq: 'tags:法人' })).to.deep.equal(['legal-entity']);
    expect(await names({ fq: 'tags:"双公示"' })).to.deep.equal(['enforcement-case']);
    expect(await names({ fq: 'res_format:CSV' })).to.have.members(['legal-entity', 'enforcement-case', 'service-item', 'practitioner']);
    expect(await names({ fq: 'res_format:JSON' })).to.have.members(PUBLIC_NAMES);
    expect(await names({ fq: 'groups:category-2' })).to.have.members(['enforcement-case', 'service-item', 'training-subsidy']);
    expect(await names({ fq: 'organization:hrss AND res_format:CSV' })).to.deep.equal(['practitioner']);
    expect(await names({ fq: '+organization:hrss +groups:category-2' })).to.deep.equal(['training-subsidy']);
    expect(await names({ fq: 'tags:(法人 OR 双公示)' })).to.have.members(['legal-entity', 'enforcement-case']);
    expect(await names({ fq: 'organization:psb' })).to.deep.equal([]);
    expect(await names({ fq: 'organization:amr organization:gsc' })).to.deep.equal([]);
    expect(await names({ q: 'organization:gsc' })).to.deep.equal(['service-item']);
    expect(await names({ q: '*:*', fq: 'open_type:conditional' })).to.deep.equal(['training-subsidy']);
  });

  it('refuses query syntax it does not support, naming the parameter', async () => {
    for (const [param, value] of [
      ['fq', 'tags:法人 OR tags:双公示'],
      ['fq', 'license:cc-by'],
      ['fq', '-tags:法人'],
      ['fq', 'tags:法*'],
      ['fq', 'just words'],
      ['fq', 'tags:法人 tags:双公示'],
      ['q', 'nosuchfield:x'],
    ]) {
      const res = await ckan.get('package_search', { [param!]: value! });
      expect(res.status, value).to.equal(409);
      expect(res.body.success).to.equal(false);
      expect(res.body.error!.__type).to.equal('Validation Error');
      expect(res.body.error, value).to.have.property(param!);
    }
  });

  it('pages with rows and start, and orders by name, title and modification time', async () => {
    const byName = await names({ sort: 'name asc' });
    expect(byName).to.deep.equal([...PUBLIC_NAMES].sort());
    expect(await names({ sort: 'name desc' })).to.deep.equal([...PUBLIC_NAMES].sort().reverse());
    const pages: string[] = [];
    for (const start of [0, 2, 4]) {
      const page = await search({ sort: 'name asc', rows: 2, start });
      expect(page.count).to.equal(PUBLIC.length);
      pages.push(...page.results.map((p) => p.name));
    }
    expect(pages).to.deep.equal(byName);
    const byTitle = await names({ sort: 'title_string asc' });
    expect(byTitle).to.have.members(PUBLIC_NAMES);
    expect(await names({ sort: 'title_string desc' })).to.deep.equal([...byTitle].reverse());
    const modified = (await search({ rows: 1000, sort: 'metadata_modified desc' })).results.map((p) => p.metadata_modified as string);
    expect(modified).to.deep.equal([...modified].sort().reverse());
    expect((await search({ rows: 0 })).results).to.deep.equal([]);
  });

  it('answers bad rows, start, sort and unknown parameters with a Validation Error naming them', async () => {
    for (const [params, field] of [
      [{ rows: 1001 }, 'rows'],
      [{ start: -1 }, 'start'],
      [{ sort: 'popularity desc' }, 'sort'],
      [{ sort: 'name sideways' }, 'sort'],
      [{ 'facet.field': '["nope"]' }, 'facet.field'],
      [{ 'facet.field': 'tags' }, 'facet.field'],
      [{ callback: 'jsonp' }, 'callback'],
    ] as const) {
      const res = await ckan.get('package_search', params);
      expect(res.status, field).to.equal(409);
      expect(res.body.error!.__type).to.equal('Validation Error');
      expect(res.body.error, field).to.have.property(field);
    }
  });

  it('counts facets in both of CKAN shapes, consistent with filtering on them', async () => {
    const result = await search({ rows: 0, 'facet.field': JSON.stringify(['organization', 'tags', 'res_format', 'groups', 'license_id']) });
    expect(result.facets.organization).to.deep.equal({ hrss: 2, amr: 1, gsc: 1, ule: 1 });
    expect(result.facets.res_format).to.deep.equal({ JSON: 5, CSV: 4, JSONL: 4 });
    expect(result.facets.groups).to.deep.equal({ 'category-1': 1, 'category-2': 3, 'category-3': 1 });
    expect(result.facets.license_id).to.deep.equal({ 'cc-by': 4, notspecified: 1 });
    expect(result.facets.tags!['法人']).to.equal(1);
    expect(result.search_facets.organization!.title).to.equal('organization');
    expect(result.search_facets.organization!.items).to.deep.include({ name: 'amr', display_name: '清远市市场监督管理局', count: 1 });
    for (const [org, count] of Object.entries(result.facets.organization!)) expect((await search({ fq: `organization:${org}`, rows: 0 })).count).to.equal(count);
    const narrowed = await search({ fq: 'organization:hrss', rows: 0, 'facet.field': '["res_format","license_id"]', 'facet.limit': 1 });
    expect(narrowed.facets).to.deep.equal({ res_format: { JSON: 2 }, license_id: { 'cc-by': 1 } });
    expect((await search({ rows: 0 })).search_facets).to.deep.equal({});
  });

  it('takes its parameters as a JSON body on POST, as CKAN clients send them', async () => {
    const res = await ckan.post<SearchResult>('package_search', { q: '法人', rows: 5, fq: 'organization:amr', 'facet.field': ['organization'] });
    expect(res.status).to.equal(200);
    expect(res.body.result!.results.map((p) => p.name)).to.deep.equal(['legal-entity']);
    expect(res.body.result!.facets.organization).to.deep.equal({ amr: 1 });
    const malformed = await ckan.post('package_search', '{"q": ');
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error!.__type).to.equal('Bad Request');
  });
});
