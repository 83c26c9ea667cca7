import { expect } from 'chai';
import { Catalog, type FacetCount, type FacetName, type ResourceInput, type SearchQuery } from '../../../catalog/index.js';
import { describeEngines } from '../../support/engines.js';
import { DEPARTMENTS } from '../fixtures.js';
import { loadSearchCatalog, PUBLISHED } from './fixtures.js';

/** What each facet reads from an input, computed here independently of the search. */
const VALUES: Record<Exclude<FacetName, 'freshness'>, (r: ResourceInput) => string[]> = {
  provider: (r) => [r.provider],
  classification: (r) => [r.classification.categoryCode],
  sharingType: (r) => [r.sharing.type],
  openType: (r) => [r.open.type],
  format: (r) => [r.format],
  updateCycle: (r) => [r.updateCycle],
  tags: (r) => r.tags ?? [],
};

function expected(inputs: ResourceInput[], facet: keyof typeof VALUES): [string, number][] {
  const counts = new Map<string, number>();
  for (const input of inputs) for (const v of VALUES[facet](input)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const pairs = (counts: FacetCount[] | undefined) => (counts ?? []).map((c) => [c.value, c.count]);

describeEngines('Catalog.search: facets', (ctx) => {
  let catalog: Catalog;
  const facets = async (query: SearchQuery) => (await catalog.search({ limit: 0, ...query })).facets;

  before(async () => {
    catalog = new Catalog(ctx.db);
    await loadSearchCatalog(catalog);
  });

  it('counts every facet over the whole published catalog, most frequent first', async () => {
    const result = await catalog.search({ limit: 0 });
    expect(result.total).to.equal(PUBLISHED.length);
    for (const facet of Object.keys(VALUES) as (keyof typeof VALUES)[]) {
      expect(pairs(result.facets[facet]), facet).to.deep.equal(expected(PUBLISHED, facet));
    }
    expect(pairs(result.facets.freshness)).to.deep.equal([['stale', PUBLISHED.length]]);
  });

  it('labels values in Chinese: department and category names, the guide’s terms', async () => {
    const f = await facets({});
    const label = (facet: FacetName, value: string) => f[facet]!.find((c) => c.value === value)?.label;
    for (const d of DEPARTMENTS.filter((d) => PUBLISHED.some((r) => r.provider === d.code))) expect(label('provider', d.code)).to.equal(d.name);
    expect(label('classification', '1')).to.equal('基础信息资源类');
    expect(label('classification', '2')).to.equal('主题信息资源类');
    expect(label('sharingType', 'unconditional')).to.equal('无条件共享');
    expect(label('sharingType', 'none')).to.equal('不予共享');
    expect(label('openType', 'conditional')).to.equal('有条件开放');
    expect(label('openType', 'closed')).to.equal('不开放');
    expect(label('format', 'interface')).to.equal('接口');
    expect(label('updateCycle', 'real-time')).to.equal('实时');
    expect(label('updateCycle', 'irregular')).to.equal('不定期');
    expect(label('freshness', 'stale')).to.equal('过期');
    expect(label('tags', '人口')).to.equal('人口');
  });

  it('counts only what the query text matches', async () => {
    const matching = PUBLISHED.filter((r) => ['persons', 'migrationStats', 'migrantRegister', 'residents', 'population', 'enforcementCases'].includes(r.apiName));
    const result = await catalog.search({ q: '人口', limit: 0 });
    expect(result.total).to.equal(matching.length);
    for (const facet of Object.keys(VALUES) as (keyof typeof VALUES)[]) expect(pairs(result.facets[facet]), facet).to.deep.equal(expected(matching, facet));
  });

  it('counts within the filters, each filter a list of alternatives', async () => {
    const query: SearchQuery = { filters: { format: ['file', 'interface'], provider: ['qy-psb'] } };
    const inside = PUBLISHED.filter((r) => ['file', 'interface'].includes(r.format) && r.provider === 'qy-psb');
    const result = await catalog.search({ ...query, limit: 0 });
    expect(result.total).to.equal(inside.length);
    expect(pairs(result.facets.format)).to.deep.equal(expected(inside, 'format'));
    expect(pairs(result.facets.updateCycle)).to.deep.equal(expected(inside, 'updateCycle'));
  });

  it('with drill-down, leaves each facet’s own filter out of its counts', async () => {
    const query: SearchQuery = { filters: { sharingType: ['conditional'], openType: ['closed', 'open'] }, drillDown: true, limit: 0 };
    const result = await catalog.search(query);
    const both = PUBLISHED.filter((r) => r.sharing.type === 'conditional' && ['closed', 'open'].includes(r.open.type));
    expect(result.total).to.equal(both.length);
    expect(pairs(result.facets.sharingType)).to.deep.equal(expected(PUBLISHED.filter((r) => ['closed', 'open'].includes(r.open.type)), 'sharingType'));
    expect(pairs(result.facets.openType)).to.deep.equal(expected(PUBLISHED.filter((r) => r.sharing.type === 'conditional'), 'openType'));
    expect(pairs(result.facets.provider)).to.deep.equal(expected(both, 'provider'));
  });

  it('with drill-down, a tag filter keeps the other tags of the matching set countable', async () => {
    const result = await catalog.search({ filters: { tags: ['法人'] }, drillDown: true, limit: 0 });
    expect(result.total).to.equal(1);
    expect(pairs(result.facets.tags)).to.deep.equal(expected(PUBLISHED, 'tags'));
    expect(pairs(result.facets.provider)).to.deep.equal([['qy-amr', 1]]);
  });

  it('for the public, counts only published open and conditional resources, whatever the filters ask', async () => {
    const visible = PUBLISHED.filter((r) => r.open.type !== 'closed');
    const result = await catalog.search({ visibility: 'public', drillDown: true, filters: { openType: ['closed', 'open'] }, limit: 50 });
    expect(result.resources.map((r) => r.open.type)).to.not.include('closed');
    expect(result.total).to.equal(visible.filter((r) => r.open.type === 'open').length);
    expect(pairs(result.facets.openType)).to.deep.equal(expected(visible, 'openType'));
    const drafts = await catalog.search({ visibility: 'public', filters: { status: ['draft'] } });
    expect(drafts.total).to.equal(0);
  });

  it('leaves facets out when not asked for, and still counts the total', async () => {
    const result = await catalog.search({ q: '人口', facets: false });
    expect(result.facets).to.deep.equal({});
    expect(result.total).to.equal(6);
  });
});
