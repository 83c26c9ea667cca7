import { expect } from 'chai';
import type { Catalog, ResourceInput } from '../../catalog/index.js';
import { type RunningServer } from '../../server/index.js';
import { describeEngines } from '../support/engines.js';
import { graphql, startDemoServer, type GraphQLResponse } from '../support/server.js';
import { dataOf, departmentClient, type DepartmentClient } from './dataSupport.js';

/** The demo's public resources (open), by code; person and licence are closed. */
const PUBLIC = ['legalEntity', 'serviceItem', 'enforcementCase'];
const ALL = ['person', 'legalEntity', 'licence', 'serviceItem', 'enforcementCase'];

const apiNames = (list: { apiName: string }[]) => list.map((r) => r.apiName);

/** The resource as a publisher writes it, from what the catalog shows. */
async function inputOf(catalog: Catalog, code: string): Promise<ResourceInput> {
  const { status, version, latestVersion, createdAt, updatedAt, lastSyncedAt, ...input } = await catalog.getResource(code);
  return { ...input, publishedOn: input.publishedOn ?? undefined };
}

describeEngines('GraphQL without a token shows only the public catalog', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  let edu: DepartmentClient;
  const anonymous = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => graphql<T>(server.url, query, variables).then(dataOf);
  const department = (query: string, variables?: Record<string, unknown>) => edu.graphql(query, variables).then(dataOf);

  before(async () => {
    server = await startDemoServer(ctx.db, 30);
    edu = await departmentClient(server.url, 'edu');
  });
  after(async () => {
    await server?.close();
  });

  it('lists the public resources only, the same ones the open API lists, while a department lists all five', async () => {
    const query = '{ resources(first: 100) { totalCount nodes { apiName status open { type } } } }';
    const seen = (await anonymous(query)).resources;
    expect(apiNames(seen.nodes)).to.deep.equal(PUBLIC);
    expect(seen.totalCount).to.equal(3);
    expect(seen.nodes.every((r: { status: string; open: { type: string } }) => r.status === 'PUBLISHED' && r.open.type !== 'CLOSED')).to.equal(true);
    const open = (await (await fetch(`${server.url}/api/v1/resources?limit=100`)).json()) as { items: { apiName: string }[] };
    expect(apiNames(open.items)).to.deep.equal(PUBLIC);
    const all = (await department(query)).resources;
    expect(all.totalCount).to.equal(5);
    expect(apiNames(all.nodes)).to.have.members(ALL);
  });

  it('pages through the public catalog with its cursors, each public resource once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: { resources: { totalCount: number; nodes: { apiName: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await anonymous(
        'query($a: String) { resources(first: 1, after: $a) { totalCount nodes { apiName } pageInfo { hasNextPage endCursor } } }',
        { a: after },
      );
      expect(page.resources.totalCount).to.equal(3);
      seen.push(...apiNames(page.resources.nodes));
      if (!page.resources.pageInfo.hasNextPage) break;
      after = page.resources.pageInfo.endCursor;
    }
    expect(seen).to.deep.equal(PUBLIC);
  });

  it('leaves closed resources out of searches and out of every facet count', async () => {
    const query = `{ s: resources(search: "信息", first: 100) { totalCount nodes { apiName }
                       facets { provider { value count } openType { value count } sharingType { value count } tags { value count } } }
                     r: resources(search: "renkou") { nodes { apiName } }
                     z: resources(search: "dzzz") { totalCount }
                     l: resources { totalCount facets { openType { value count } provider { value count } } } }`;
    const seen = await anonymous(query);
    expect(apiNames(seen.s.nodes)).to.have.members(PUBLIC);
    expect(seen.s.totalCount).to.equal(3);
    const sum = (facet: { count: number }[]) => facet.reduce((n, f) => n + f.count, 0);
    for (const facet of ['provider', 'openType', 'sharingType']) expect(sum(seen.s.facets[facet]), facet).to.equal(3);
    expect(seen.s.facets.openType).to.deep.equal([{ value: 'open', count: 3 }]);
    expect(seen.s.facets.provider.map((f: { value: string }) => f.value)).to.not.include('psb');
    // Tags only person or licence carry are not counted either.
    expect(seen.s.facets.tags.map((f: { value: string }) => f.value)).to.not.include.members(['电子证照', '人口']);
    expect(apiNames(seen.r.nodes)).to.not.include('person');
    expect(seen.z.totalCount).to.equal(0);
    expect(seen.l.totalCount).to.equal(3);
    expect(seen.l.facets.openType).to.deep.equal([{ value: 'open', count: 3 }]);
    expect(sum(seen.l.facets.provider)).to.equal(3);
    const all = await department(query);
    expect(all.z.totalCount).to.equal(1);
    expect(all.l.facets.openType).to.deep.include({ value: 'closed', count: 2 });
  });

  it('finds nothing when the filters ask for closed resources or drafts', async () => {
    const query = '{ closed: resources(filter: { openType: CLOSED }) { totalCount nodes { apiName } } drafts: resources(filter: { status: [DRAFT, RETIRED] }) { totalCount } }';
    const seen = await anonymous(query);
    expect(seen.closed).to.deep.equal({ totalCount: 0, nodes: [] });
    expect(seen.drafts.totalCount).to.equal(0);
    expect(apiNames((await department(query)).closed.nodes)).to.have.members(['person', 'licence']);
  });

  it('answers resource(code) of a closed resource with null, exactly like a missing one', async () => {
    const query = `{ byName: resource(code: "person") { code items { apiName } rowSchema }
                     byCode: resource(code: "105001/000001") { code }
                     atVersion: resource(code: "licence", version: 1) { code }
                     missing: resource(code: "nothing") { code }
                     open: resource(code: "legalEntity") { apiName } }`;
    const res: GraphQLResponse = await graphql(server.url, query);
    expect(res.errors).to.equal(undefined);
    expect(res.data).to.deep.equal({ byName: null, byCode: null, atVersion: null, missing: null, open: { apiName: 'legalEntity' } });
    expect(JSON.stringify(res)).to.not.match(/idNumber|holderId/);
    const all = await department(query);
    expect(all.byName.items).to.have.length(8);
    expect(all.byCode.code).to.equal('105001/000001');
    expect(all.atVersion.code).to.equal('105001/000001');
  });

  it('leaves closed resources out of related resources, a department’s resources and its stale resources', async () => {
    const query = `{ le: resource(code: "legalEntity") { relatedResources { apiName } }
                     ec: resource(code: "enforcementCase") { relatedResources { apiName } }
                     gsc: department(code: "gsc") { resources { totalCount nodes { apiName } facets { openType { value count } } }
                                                    staleResources(freshness: [FRESH, DUE, STALE]) { apiName } }
                     psb: department(code: "psb") { resources { totalCount } staleResources(freshness: [FRESH, DUE, STALE]) { apiName } } }`;
    const seen = await anonymous(query);
    expect(seen.le.relatedResources).to.deep.equal([]);
    expect(apiNames(seen.ec.relatedResources)).to.deep.equal(['legalEntity']);
    expect(seen.gsc.resources.totalCount).to.equal(1);
    expect(apiNames(seen.gsc.resources.nodes)).to.deep.equal(['serviceItem']);
    expect(seen.gsc.resources.facets.openType).to.deep.equal([{ value: 'open', count: 1 }]);
    expect(apiNames(seen.gsc.staleResources)).to.deep.equal(['serviceItem']);
    expect(seen.psb).to.deep.equal({ resources: { totalCount: 0 }, staleResources: [] });
    const all = await department(query);
    expect(apiNames(all.le.relatedResources)).to.deep.equal(['person']);
    expect(apiNames(all.gsc.resources.nodes)).to.have.members(['licence', 'serviceItem']);
    expect(all.gsc.resources.facets.openType).to.have.deep.members([{ value: 'open', count: 1 }, { value: 'closed', count: 1 }]);
    expect(apiNames(all.gsc.staleResources)).to.have.members(['licence', 'serviceItem']);
    expect(all.psb.resources.totalCount).to.equal(1);
  });

  // The tests below change the catalog, each after the read-only ones above.

  it('shows the public neither a draft resource nor the draft version of a public resource', async () => {
    const legalEntity = await inputOf(server.catalog, 'legalEntity');
    await server.catalog.updateResource('legalEntity', { ...legalEntity, summary: `${legalEntity.summary}（修订中）` });
    const serviceItem = await inputOf(server.catalog, 'serviceItem');
    await server.catalog.createResource({ ...serviceItem, code: '201001/000099', apiName: 'serviceItemDraft', name: '公共服务事项（草稿）', relatedResources: [] });
    const query = `{ shown: resource(code: "legalEntity") { version latestVersion versions { version status } }
                     draftVersion: resource(code: "legalEntity", version: 2) { version status }
                     draft: resource(code: "serviceItemDraft") { apiName }
                     drafts: resources(filter: { status: [DRAFT] }) { totalCount } }`;
    const seen = await anonymous(query);
    expect(seen.shown.version).to.equal(1);
    expect(seen.shown.versions).to.deep.equal([{ version: 1, status: 'PUBLISHED' }]);
    expect(seen).to.deep.include({ draftVersion: null, draft: null, drafts: { totalCount: 0 } });
    const all = await department(query);
    expect(all.shown.versions.map((v: { version: number }) => v.version)).to.deep.equal([2, 1]);
    expect(all.draftVersion).to.deep.equal({ version: 2, status: 'DRAFT' });
    expect(all.draft).to.deep.equal({ apiName: 'serviceItemDraft' });
    expect(all.drafts.totalCount).to.equal(1);
  });

  it('shows a conditionally open resource, naming only the public targets of its references', async () => {
    const licence = await inputOf(server.catalog, 'licence');
    await server.catalog.updateResource('licence', { ...licence, open: { type: 'conditional', conditions: '经申请核验后开放' } });
    await server.catalog.publishResource('licence');
    const query = `{ resource(code: "licence") { open { type } relatedResources { apiName } items { apiName references { resource item } } }
                     resources(filter: { openType: CONDITIONAL }) { nodes { apiName } } }`;
    const seen = await anonymous(query);
    expect(seen.resource.open.type).to.equal('CONDITIONAL');
    expect(apiNames(seen.resource.relatedResources)).to.deep.equal(['legalEntity']);
    const holder = (r: { items: { apiName: string; references: { resource: string }[] }[] }) => r.items.find((i) => i.apiName === 'holderId')!.references;
    expect(holder(seen.resource)).to.deep.equal([{ resource: 'legalEntity', item: 'creditCode' }]);
    expect(apiNames(seen.resources.nodes)).to.deep.equal(['licence']);
    const all = await department(query);
    expect(holder(all.resource).map((ref) => ref.resource)).to.deep.equal(['person', 'legalEntity']);
  });

  it('drops a retired resource from the public catalog', async () => {
    await server.catalog.retireResource('enforcementCase');
    const seen = await anonymous('{ resource(code: "enforcementCase") { apiName } resources { nodes { apiName } } }');
    expect(seen.resource).to.equal(null);
    expect(apiNames(seen.resources.nodes)).to.not.include('enforcementCase');
    expect((await department('{ resource(code: "enforcementCase") { status } }')).resource).to.deep.equal({ status: 'RETIRED' });
  });
});
