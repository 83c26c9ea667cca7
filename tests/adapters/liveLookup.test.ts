/**
 * A live resource whose source is a REST API that can only look records up by key, served by a test
 * HTTP server on an ephemeral port. Lookups and verifications work, with the grant's row filter
 * applied to the returned record and its masks to the answer; everything else is refused plainly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createLiveLocator, type LiveLocator, type SourceBinding } from '../../adapters/index.js';
import { residentIdCheckChar } from '../../shared/index.js';
import { describeEngines } from '../support/engines.js';
import { dataOf, departmentClient, errorCode, testClock, type ClockedServer, type DepartmentClient } from '../gateway/dataSupport.js';
import { CODE, createGrant, gscGrant, INSURED_FIELDS, insuredPersons, MONDAY_MORNING, seenByGsc, startLiveServer, type Insured } from './liveSupport.js';

const PERSONS = insuredPersons(24);
const TOKEN = 'Bearer hrss-api-token-7f3a9c';
const LOOKUP = `query($key: String!) { insuredPerson(key: $key) { ${INSURED_FIELDS} } }`;

/** hrss's API: `GET /api/cbry/{sfzh}` → `{code, data: {...}}` in its own field names; 401 without the token. */
function hrssApi(persons: Insured[], flaky: Map<string, number>): Server {
  return createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== TOKEN) return send(401, { code: 401, msg: '未授权' });
    const key = decodeURIComponent(req.url!.replace(/^\/api\/cbry\//, ''));
    const failures = flaky.get(key) ?? 0;
    if (failures > 0) {
      flaky.set(key, failures - 1);
      return send(503, { code: 503, msg: '系统繁忙' });
    }
    const p = persons.find((x) => x.idNumber === key);
    if (!p) return send(404, { code: 404, msg: '查无此人' });
    send(200, {
      code: 0,
      data: { sfzh: p.idNumber, xm: p.name, xb: p.gender === '1' ? '男' : '女', qx: { mc: p.district }, cbrq: p.insuredSince, jfjs: p.monthlyBase, cbzt: p.active, sjhm: p.mobile, gxsj: p.updatedAt },
    });
  });
}

describeEngines('live resources over a REST source that answers key lookups only', (ctx) => {
  const clock = testClock(MONDAY_MORNING);
  const flaky = new Map<string, number>();
  const bindings = new Map<string, SourceBinding>();
  let api: Server;
  let apiUrl: string;
  let locator: LiveLocator;
  let server: ClockedServer;
  let gsc: DepartmentClient;
  let grant: string;
  const as = () => ({ grant });
  const inside = (district: string) => PERSONS.find((p) => p.district === district)!;

  const binding = (lookupUrl: string): SourceBinding => ({
    resource: CODE,
    kind: 'rest',
    location: `${apiUrl}/api/cbry`,
    options: { lookupUrl, recordsPath: 'data', headers: { Authorization: TOKEN }, timeoutMs: 2000, retries: 2 },
    mapping: [
      { column: 'sfzh', item: 'idNumber' }, { column: 'xm', item: 'name' }, { column: 'xb', item: 'gender', values: { 男: '1', 女: '2' } },
      { column: 'qx.mc', item: 'district' }, { column: 'cbrq', item: 'insuredSince' }, { column: 'jfjs', item: 'monthlyBase' },
      { column: 'cbzt', item: 'active' }, { column: 'sjhm', item: 'mobile' }, { column: 'gxsj', item: 'updatedAt' },
    ],
    mode: 'full',
    live: true,
    maxQuarantineShare: 0.1,
  });

  before(async function () {
    this.timeout(120_000);
    api = hrssApi(PERSONS, flaky);
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    bindings.set(CODE, binding(`${apiUrl}/api/cbry/{key}`));
    locator = createLiveLocator(async (code) => bindings.get(code));
    server = await startLiveServer(ctx.db, clock, locator.locate);
    grant = await createGrant(ctx.db, server.catalog, gscGrant());
    gsc = await departmentClient(server.url, 'gsc');
  });
  after(async () => {
    await server?.close();
    await locator?.close();
    await new Promise((resolve) => api?.close(resolve));
  });

  it('looks a record up through the API, renamed by the mapping and masked by the grant', async () => {
    const p = inside('清城区');
    expect(dataOf(await gsc.graphql(LOOKUP, { key: p.idNumber }, as())).insuredPerson).to.deep.equal(seenByGsc(p));
  });

  it('applies the row filter to the returned record: one outside it looks absent', async () => {
    expect(dataOf(await gsc.graphql(LOOKUP, { key: inside('连州市').idNumber }, as())).insuredPerson).to.equal(null);
  });

  it('answers null for a key the API does not know (404)', async () => {
    const first17 = `${PERSONS[0]!.idNumber.slice(0, 14)}999`;
    const unknown = first17 + residentIdCheckChar(first17);
    expect(PERSONS.some((p) => p.idNumber === unknown)).to.equal(false);
    expect(dataOf(await gsc.graphql(LOOKUP, { key: unknown }, as())).insuredPerson).to.equal(null);
  });

  it('verifies claims against the looked-up record, in memory', async () => {
    const p = inside('英德市');
    const verify = 'query($key: String!, $district: String) { insuredPersonVerify(key: $key, claims: { district: $district }) { match } }';
    expect(dataOf(await gsc.graphql(verify, { key: p.idNumber, district: '英德市' }, as())).insuredPersonVerify).to.deep.equal({ match: true });
    expect(dataOf(await gsc.graphql(verify, { key: p.idNumber, district: '清城区' }, as())).insuredPersonVerify).to.deep.equal({ match: false });
  });

  it('refuses lists and aggregates with a clear message: the source answers key lookups only', async () => {
    for (const query of ['{ insuredPersonList(first: 5) { nodes { district } } }', '{ insuredPersonAggregate(groupBy: [district]) { district count } }']) {
      const res = await gsc.graphql(query, {}, as());
      expect(errorCode(res)).to.equal('FORBIDDEN');
      expect(res.errors![0]!.message).to.match(/^the live source of "insuredPerson" answers key lookups only/);
    }
  });

  it('retries a busy API and answers once it recovers', async () => {
    const p = inside('英德市');
    flaky.set(p.idNumber, 2);
    expect(dataOf(await gsc.graphql(LOOKUP, { key: p.idNumber }, as())).insuredPerson).to.deep.equal(seenByGsc(p));
    expect(flaky.get(p.idNumber)).to.equal(0);
  });

  it('reports an API that keeps failing without its token or the key in the answer', async () => {
    const p = inside('清城区');
    flaky.set(p.idNumber, 10);
    const res = await gsc.graphql(LOOKUP, { key: p.idNumber }, as());
    flaky.delete(p.idNumber);
    expect(errorCode(res)).to.equal('INTERNAL_SERVER_ERROR');
    expect(res.errors![0]!.message).to.equal('the live source of "insuredPerson" failed to answer; try again later or ask its provider');
    expect(res.text).to.not.include('hrss-api-token').and.not.include(p.idNumber).and.not.include(apiUrl);
  });

  it('reports an API that cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    bindings.set(CODE, binding(`http://127.0.0.1:${port}/api/cbry/{key}`));
    try {
      const res = await gsc.graphql(LOOKUP, { key: inside('清城区').idNumber }, as());
      expect(errorCode(res)).to.equal('INTERNAL_SERVER_ERROR');
      expect(res.errors![0]!.message).to.equal('the live source of "insuredPerson" cannot be reached; try again later or ask its provider');
    } finally {
      bindings.set(CODE, binding(`${apiUrl}/api/cbry/{key}`));
    }
  });
});
