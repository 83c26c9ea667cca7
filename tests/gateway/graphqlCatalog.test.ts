import { expect } from 'chai';
import { type RunningServer } from '../../server/index.js';
import type { Catalog, ResourceInput } from '../../catalog/index.js';
import { describeEngines } from '../support/engines.js';
import { graphql, startDemoServer, type GraphQLResponse } from '../support/server.js';
import { departmentClient, type DepartmentClient } from './dataSupport.js';

// A department sees the whole catalog; what an anonymous caller sees is in graphqlPublicCatalog.test.ts.
describeEngines('GraphQL catalog queries', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  let edu: DepartmentClient;
  before(async () => {
    server = await startDemoServer(ctx.db);
    edu = await departmentClient(server.url, 'edu');
  });
  after(async () => {
    await server?.close();
  });

  it('lists the eight demo departments with their agencies\' credit codes', async () => {
    const res = await graphql(server.url, '{ departments { code name creditCode contact { phone } } }');
    expect(res.errors).to.equal(undefined);
    const codes = res.data!.departments.map((d: { code: string }) => d.code);
    expect(codes).to.have.members(['eit', 'psb', 'amr', 'gsc', 'ule', 'hrss', 'edu', 'sup']);
    expect(res.data!.departments.find((d: { code: string }) => d.code === 'psb').name).to.equal('清远市公安局');
  });

  it('pages through resources as a Relay connection with totalCount, losing and repeating nothing', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: GraphQLResponse = await edu.graphql(
        'query($after: String) { resources(first: 2, after: $after) { totalCount nodes { code } edges { cursor node { apiName } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(res.errors).to.equal(undefined);
      const conn = res.data!.resources;
      expect(conn.totalCount).to.equal(5);
      expect(conn.edges.at(-1)?.cursor ?? null).to.equal(conn.pageInfo.endCursor);
      seen.push(...conn.nodes.map((n: { code: string }) => n.code));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).to.have.length(5);
    expect(new Set(seen).size).to.equal(5);
    expect([...seen].sort()).to.deep.equal(seen);
  });

  it('filters resources by sharing type and provider', async () => {
    const res = await edu.graphql('{ c: resources(filter: { sharingType: CONDITIONAL }) { nodes { apiName } } g: resources(filter: { provider: "gsc" }) { totalCount } }');
    expect(res.data!.c.nodes.map((n: { apiName: string }) => n.apiName)).to.have.members(['person', 'licence']);
    expect(res.data!.g.totalCount).to.equal(2);
  });

  it('answers resource(code) with all metadata, items, code sets and version history', async () => {
    const res = await edu.graphql(
      `{ resource(code: "person") {
          code apiName name summary format updateCycle publishedOn tags status version
          provider { code name } classification { categoryCode itemCode catalogCode catalogName }
          sharing { type conditions method } open { type }
          items { name apiName dataType length required key sensitivity mask format codeSet { id values { code label } } }
          versions { version status publishedAt changes } rowSchema } }`,
    );
    expect(res.errors).to.equal(undefined);
    const r = res.data!.resource;
    expect(r).to.include({ apiName: 'person', status: 'PUBLISHED', version: 1 });
    expect(r.provider.code).to.equal('psb');
    expect(r.sharing.type).to.equal('CONDITIONAL');
    expect(r.open.type).to.equal('CLOSED');
    expect(r.code.startsWith(`${r.classification.categoryCode}${r.classification.itemCode}${r.classification.catalogCode}`)).to.equal(true);
    expect(r.items.map((i: { apiName: string }) => i.apiName)).to.deep.equal(['idNumber', 'name', 'gender', 'birthDate', 'ethnicity', 'district', 'address', 'mobile']);
    const id = r.items[0];
    expect(id).to.include({ key: true, required: true, mask: 'RESIDENT_ID', format: 'RESIDENT_ID', sensitivity: 'SENSITIVE_PERSONAL' });
    const gender = r.items.find((i: { apiName: string }) => i.apiName === 'gender');
    expect(gender.codeSet.values.map((v: { code: string }) => v.code)).to.include.members(['1', '2']);
    expect(r.versions).to.have.length(1);
    expect(r.rowSchema.properties.idNumber.format).to.equal('resident-id');
  });

  it('shows a new version after items change while older versions stay readable, without a token too', async () => {
    const current = await server.catalog.getResource('serviceItem');
    const { status, version, latestVersion, createdAt, updatedAt, lastSyncedAt, ...input } = current;
    const next: ResourceInput = {
      ...input,
      publishedOn: input.publishedOn ?? undefined,
      items: [...input.items, { name: '办理时限', apiName: 'timeLimitDays', dataType: 'integer', required: false, key: false, sensitivity: 'public', mask: 'none' }],
    };
    await server.catalog.updateResource('serviceItem', next);
    await server.catalog.publishResource('serviceItem');
    const res = await graphql(
      server.url,
      '{ now: resource(code: "serviceItem") { version items { apiName } versions { version changes } } old: resource(code: "serviceItem", version: 1) { version items { apiName } } }',
    );
    expect(res.data!.now.version).to.equal(2);
    expect(res.data!.now.items.map((i: { apiName: string }) => i.apiName)).to.include('timeLimitDays');
    expect(res.data!.now.versions[0]).to.deep.equal({ version: 2, changes: ['added item timeLimitDays'] });
    expect(res.data!.old.version).to.equal(1);
    expect(res.data!.old.items.map((i: { apiName: string }) => i.apiName)).to.not.include('timeLimitDays');
  });

  it('answers null for an unknown resource', async () => {
    const res = await graphql(server.url, '{ resource(code: "nothing") { code } }');
    expect(res.errors).to.equal(undefined);
    expect(res.data!.resource).to.equal(null);
  });

  it('refuses a page larger than 1000 and a forged cursor with BAD_USER_INPUT, with a token or without', async () => {
    // A department's listing pages by code, an anonymous one through the search: both check their arguments.
    for (const ask of [(q: string) => edu.graphql(q), (q: string) => graphql(server.url, q)]) {
      const big = await ask('{ resources(first: 5000) { totalCount } }');
      expect(big.errors![0]!.extensions!.code).to.equal('BAD_USER_INPUT');
      const forged = await ask('{ resources(after: "not-a-cursor") { totalCount } }');
      expect(forged.errors![0]!.extensions!.code).to.equal('BAD_USER_INPUT');
      expect(forged.errors![0]!.message).to.contain('after');
    }
  });

  it('answers syntax and validation errors with BAD_USER_INPUT', async () => {
    const syntax = await graphql(server.url, '{ resources( ');
    expect(syntax.status).to.equal(400);
    expect(syntax.errors![0]!.extensions!.code).to.equal('BAD_USER_INPUT');
    const unknown = await graphql(server.url, '{ resource(code: "legalEntity") { noSuchField } }');
    expect(unknown.errors![0]!.extensions!.code).to.equal('BAD_USER_INPUT');
  });

  it('refuses a query nested too deep with QUERY_TOO_COMPLEX', async () => {
    let inner = 'code';
    for (let i = 0; i < 8; i++) inner = `provider { resources { nodes { ${inner} } } }`;
    const res = await graphql(server.url, `{ resource(code: "legalEntity") { ${inner} } }`);
    expect(res.errors![0]!.extensions!.code).to.equal('QUERY_TOO_COMPLEX');
    expect(res.data).to.equal(undefined);
  });
});
