import { expect } from 'chai';
import type { Catalog } from '../../../catalog/index.js';
import { type RunningServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { graphql, startDemoServer, type GraphQLResponse } from '../../support/server.js';
import { departmentClient, type DepartmentClient } from '../../gateway/dataSupport.js';

// Searches of a department, over the whole catalog; an anonymous caller's are in graphqlPublicCatalog.test.ts.
describeEngines('GraphQL catalog search', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  let edu: DepartmentClient;
  const names = (res: GraphQLResponse, field = 'resources') => res.data![field].nodes.map((n: { apiName: string }) => n.apiName);

  before(async () => {
    server = await startDemoServer(ctx.db, 50);
    edu = await departmentClient(server.url, 'edu');
  });
  after(async () => {
    await server?.close();
  });

  it('searches in Chinese, pinyin and initials, ranking the name match first', async () => {
    const res = await edu.graphql('{ a: resources(search: "法人") { totalCount nodes { apiName } } b: resources(search: "renkou") { nodes { apiName } } c: resources(search: "dzzz") { nodes { apiName } } }');
    expect(res.errors).to.equal(undefined);
    expect(names(res, 'a')[0]).to.equal('legalEntity');
    expect(res.data!.a.totalCount).to.equal(names(res, 'a').length);
    expect(names(res, 'b')[0]).to.equal('person');
    expect(names(res, 'c')).to.deep.equal(['licence']);
  });

  it('answers facets with Chinese labels on the connection, for a search and for a plain listing', async () => {
    const res = await edu.graphql(
      `{ s: resources(search: "信息") { facets { provider { value label count } sharingType { value label count } freshness { value count } } }
         l: resources(filter: { sharingType: CONDITIONAL }) { totalCount facets { sharingType { value count } } } }`,
    );
    expect(res.errors).to.equal(undefined);
    const s = res.data!.s.facets;
    expect(s.provider.find((f: { value: string }) => f.value === 'psb').label).to.equal('清远市公安局');
    expect(s.sharingType.map((f: { label: string }) => f.label)).to.include.members(['无条件共享', '有条件共享']);
    expect(s.freshness).to.deep.equal([{ value: 'fresh', count: s.sharingType.reduce((n: number, f: { count: number }) => n + f.count, 0) }]);
    // Drill-down: the sharing type facet still counts the unconditional ones.
    expect(res.data!.l.totalCount).to.equal(2);
    expect(res.data!.l.facets.sharingType).to.deep.equal([
      { value: 'unconditional', count: 3 },
      { value: 'conditional', count: 2 },
    ]);
  });

  it('filters a search by tags and freshness, and shows each resource’s freshness', async () => {
    const res = await edu.graphql('{ resources(search: "信息", filter: { tags: ["人口"], freshness: [FRESH] }) { nodes { apiName freshness lastSyncedAt } } }');
    expect(res.errors).to.equal(undefined);
    expect(res.data!.resources.nodes).to.have.length(1);
    expect(res.data!.resources.nodes[0]).to.include({ apiName: 'person', freshness: 'FRESH' });
  });

  it('pages through a ranked search with its cursors, each resource once', async () => {
    const all = names(await edu.graphql('{ resources(search: "信息", first: 100) { nodes { apiName } } }'));
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res: GraphQLResponse = await edu.graphql('query($a: String) { resources(search: "信息", first: 2, after: $a) { nodes { apiName } pageInfo { hasNextPage endCursor } } }', { a: after });
      seen.push(...names(res));
      if (!res.data!.resources.pageInfo.hasNextPage) break;
      after = res.data!.resources.pageInfo.endCursor;
    }
    expect(all.length).to.be.above(2);
    expect(seen).to.deep.equal(all);
  });

  it('sorts a listing by name when asked', async () => {
    const res = await edu.graphql('{ resources(sort: NAME, order: DESC) { nodes { name } } }');
    expect(res.errors).to.equal(undefined);
    expect(res.data!.resources.nodes.map((n: { name: string }) => n.name)).to.deep.equal(['行政执法信息', '人口基础信息', '公共服务事项', '法人基础信息', '电子证照信息']);
  });

  it('lists a department’s stale resources', async () => {
    await ctx.db.knex('resources').where({ api_name: 'serviceItem' }).update({ last_synced_at: new Date(Date.now() - 400 * 86_400_000).toISOString() });
    const res = await edu.graphql('{ department(code: "gsc") { staleResources { apiName freshness } all: staleResources(freshness: [FRESH, DUE, STALE]) { apiName } } }');
    expect(res.errors).to.equal(undefined);
    expect(res.data!.department.staleResources).to.deep.equal([{ apiName: 'serviceItem', freshness: 'STALE' }]);
    expect(res.data!.department.all.map((r: { apiName: string }) => r.apiName).sort()).to.deep.equal(['licence', 'serviceItem']);
  });

  it('refuses a cursor that is not one of the search’s, and an oversized page, with BAD_USER_INPUT', async () => {
    const forged = await graphql(server.url, '{ resources(search: "信息", after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expect(forged.errors![0]!.extensions!.code).to.equal('BAD_USER_INPUT');
    expect(forged.errors![0]!.message).to.contain('after');
    const big = await graphql(server.url, '{ resources(search: "信息", first: 1001) { totalCount } }');
    expect(big.errors![0]!.extensions!.code).to.equal('BAD_USER_INPUT');
  });

  it('names a bad filter by the GraphQL argument the caller wrote, not the search’s own field', async () => {
    const res = await edu.graphql('{ resources(search: "信息", filter: { classification: "bad prefix!" }) { totalCount } }');
    expect(res.errors![0]!.extensions!.code).to.equal('BAD_USER_INPUT');
    const problems = (res.errors![0]!.extensions!.problems as { field: string }[]).map((p) => p.field);
    expect(problems).to.deep.equal(['filter.classification']);
  });
});
