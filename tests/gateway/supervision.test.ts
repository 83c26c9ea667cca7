/**
 * Supervision over HTTP on the demo world: the supervisor's GraphQL queries over real exchanges
 * (who read a person, volume, polling the ledger, denied requests), alerts raised by the server's
 * own timer and acknowledged, the role checks, `/metrics`, and the subject-access ticket flow from
 * an operator's approval to `GET /api/v1/my-data-use`.
 */
import { expect } from 'chai';
import { Catalog } from '../../catalog/index.js';
import { loadDemoWorld } from '../../demo/index.js';
import { Ledger } from '../../exchange/index.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { describeEngines } from '../support/engines.js';
import { silentLogger, testConfig } from '../support/server.js';
import { dataOf, departmentClient, errorCode, rawPersons, testClock, withWrongCheckDigit, type DepartmentClient, type RawPerson } from './dataSupport.js';

const WHO_READ = `query($id: String!) { whoReadSubject(id: $id) { seq at action grantId purpose department { code name } resource { apiName name } } }`;
const ENTRIES = `query($after: Int, $first: Int) { ledgerEntries(after: $after, first: $first) { cursor hasMore entries { seq kind action department resource outcome errorCode keyCount subjectCount } } }`;
const APPROVE_ACCESS = `mutation($id: String!, $ttl: Int) { approveSubjectAccess(id: $id, ttlMinutes: $ttl) { ticket expiresAt } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function myDataUse(url: string, ticket?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/v1/my-data-use`, { headers: ticket === undefined ? {} : { 'X-Subject-Ticket': ticket } });
  return { status: res.status, body: await res.json() };
}

describeEngines('Supervision over HTTP', (ctx) => {
  // A nested suite: its `after` closes the server (and its alert timer) before the engine's closes the database.
  describe('on the demo world', () => {
    // 10:00 in Qingyuan on Monday 16 November 2026.
    const clock = testClock('2026-11-16T02:00:00.000Z');
    let server: RunningServer;
    let sup: DepartmentClient;
    let hrss: DepartmentClient;
    let eit: DepartmentClient;
    let persons: RawPerson[];

    before(async () => {
      const catalog = new Catalog(ctx.db);
      await loadDemoWorld(ctx.db, catalog, { persons: 40, seed: 7 });
      const config = testConfig();
      server = await startServer({ db: ctx.db, logger: silentLogger, catalog, config, sweepIntervalMs: 0, alertIntervalMs: 50, now: () => clock.now }, 0);
      [sup, hrss, eit] = await Promise.all(['sup', 'hrss', 'eit'].map((d) => departmentClient(server.url, d)));
      persons = await rawPersons(ctx.db);
    });
    after(async () => {
      await server?.close();
    });

    it('shows the supervisor who read a person, from the raw ID: department, purpose, resource and grant', async () => {
      const person = persons[3]!;
      dataOf(await hrss.graphql('query($k: String!) { person(key: $k) { name } }', { k: person.idNumber }));
      const uses = dataOf(await sup.graphql(WHO_READ, { id: person.idNumber })).whoReadSubject;
      expect(uses).to.have.length(1);
      expect(uses[0]).to.deep.include({
        action: 'lookup',
        purpose: '社保参保资格核验',
        department: { code: 'hrss', name: '清远市人力资源和社会保障局' },
        resource: { apiName: 'person', name: '人口基础信息' },
      });
      expect(uses[0].grantId).to.be.a('string');
      expect(dataOf(await sup.graphql(WHO_READ, { id: persons[4]!.idNumber })).whoReadSubject).to.deep.equal([]);
    });

    it('refuses a resident ID with a wrong check digit as BAD_USER_INPUT without echoing it', async () => {
      const bad = withWrongCheckDigit(persons[3]!.idNumber);
      const res = await sup.graphql(WHO_READ, { id: bad });
      expect(errorCode(res)).to.equal('BAD_USER_INPUT');
      expect(res.text).not.to.contain(bad);
    });

    it('counts volume by department and Shanghai hour', async () => {
      const res = await sup.graphql('{ ledgerVolume(from: "2026-11-16T00:00:00+08:00", to: "2026-11-17T00:00:00+08:00", by: [DEPARTMENT, HOUR]) { department hour count } }');
      const groups = dataOf(res).ledgerVolume as { department: string; hour: string; count: number }[];
      const rows: { n: number | string }[] = await ctx.db.knex('ledger_entries').where({ kind: 'data', department: 'hrss' }).count('* as n');
      expect(groups.find((g) => g.department === 'hrss')).to.deep.equal({ department: 'hrss', hour: '2026-11-16T10', count: Number(rows[0]!.n) });
    });

    it('polls the ledger by cursor: a new exchange appears after it, and denied requests are listed', async () => {
      const { cursor } = dataOf(await sup.graphql(ENTRIES, { first: 1 })).ledgerEntries;
      await hrss.graphql('{ personList(first: 2, where: { idNumber: { prefix: "4418" } }) { nodes { name } } }');
      const page = dataOf(await sup.graphql(ENTRIES, { after: cursor })).ledgerEntries;
      expect(page.entries.map((e: { action: string; outcome: string; errorCode: string }) => [e.action, e.outcome, e.errorCode])).to.deep.equal([['list', 'denied', 'FORBIDDEN']]);
      expect(page.cursor).to.equal(cursor + 1);
      const denied = dataOf(await sup.graphql('{ deniedRequests(first: 5) { entries { seq department errorCode } } }')).deniedRequests.entries;
      expect(denied.at(-1)).to.deep.equal({ seq: cursor + 1, department: 'hrss', errorCode: 'FORBIDDEN' });
    });

    it('raises an alert on the server’s own timer, links it to its entries, and lets the supervisor acknowledge it once', async () => {
      // 1,200 rows read at 22:00 in Qingyuan.
      const night = new Ledger(ctx.db, { now: () => new Date('2026-11-16T14:00:00.000Z') });
      const entry = await night.append({ kind: 'data', action: 'list', department: 'ule', resource: 'enforcementCase', rowCount: 1200, outcome: 'allowed' });
      await night.idle();
      const query = '{ alerts(state: OPEN) { id rule department state entrySeqs entries { seq rowCount } } }';
      let alert: { id: string; rule: string; department: string; entrySeqs: number[]; entries: { seq: number; rowCount: number }[] } | undefined;
      for (let i = 0; i < 100 && !alert; i++) {
        alert = dataOf(await sup.graphql(query)).alerts.find((a: { rule: string }) => a.rule === 'off-hours-bulk');
        if (!alert) await sleep(50);
      }
      expect(alert).to.deep.include({ department: 'ule', entrySeqs: [entry.seq], entries: [{ seq: entry.seq, rowCount: 1200 }] });
      const ack = `mutation($id: ID!) { acknowledgeAlert(id: $id) { state acknowledgedBy acknowledgedAt } }`;
      const acknowledged = dataOf(await sup.graphql(ack, { id: alert!.id })).acknowledgeAlert;
      expect(acknowledged.state).to.equal('ACKNOWLEDGED');
      expect(acknowledged.acknowledgedAt).to.equal(clock.now.toISOString());
      expect(errorCode(await sup.graphql(ack, { id: alert!.id }))).to.equal('CONFLICT');
    });

    it('answers grants nearing expiry and overdue approvals to the supervisor', async () => {
      const data = dataOf(await sup.graphql('{ grantsNearingExpiry(days: 30) { id consumer { code } } overdueApprovals { id state } }'));
      expect(data.grantsNearingExpiry).to.be.an('array');
      expect(data.overdueApprovals).to.deep.equal([]);
    });

    it('answers FORBIDDEN to a consumer for every supervision field, and to a supervisor approving subject access', async () => {
      const calls: [DepartmentClient, string, Record<string, unknown>?][] = [
        [hrss, '{ ledgerVolume(from: "2026-11-16T00:00:00Z", to: "2026-11-17T00:00:00Z", by: [DEPARTMENT]) { count } }'],
        [hrss, '{ deniedRequests { cursor } }'],
        [hrss, '{ ledgerEntries { cursor } }'],
        [hrss, WHO_READ, { id: persons[3]!.idNumber }],
        [hrss, '{ grantsNearingExpiry(days: 7) { id } }'],
        [hrss, '{ overdueApprovals { id } }'],
        [hrss, '{ alerts { id } }'],
        [hrss, 'mutation { acknowledgeAlert(id: "x") { id } }'],
        [hrss, APPROVE_ACCESS, { id: persons[3]!.idNumber }],
        [sup, APPROVE_ACCESS, { id: persons[3]!.idNumber }],
        [eit, '{ ledgerEntries { cursor } }'],
      ];
      for (const [client, query, variables] of calls) {
        const res = await client.graphql(query, variables);
        expect(errorCode(res), `${client.department} ${query}`).to.equal('FORBIDDEN');
        expect(res.text).not.to.contain(persons[3]!.idNumber);
      }
    });

    it('exposes the metrics, with requests counted by route pattern and never a raw identifier in a label', async () => {
      const [entity] = await ctx.db.knex('data_legal_entity').select('credit_code').limit(1);
      expect((await fetch(`${server.url}/api/v1/resources/legalEntity/rows/${entity.credit_code}`)).status).to.equal(200);
      expect((await fetch(`${server.url}/api/v1/resources/person/rows/${persons[5]!.idNumber}`)).status).to.equal(404);
      expect((await fetch(`${server.url}/no-such-place/${persons[6]!.idNumber}`)).status).to.equal(404);
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await res.text();
      for (const name of ['govshare_exchange_requests_total', 'govshare_http_request_duration_seconds_bucket', 'govshare_ledger_lag_entries', 'govshare_ledger_head_seq', 'govshare_alerts_open']) {
        expect(text, name).to.contain(name);
      }
      expect(text).to.match(/govshare_http_request_duration_seconds_count\{route="\/api\/v1\/resources\/:code\/rows\/:key",method="GET",status="200"\} 1\n/);
      expect(text).to.match(/govshare_http_request_duration_seconds_count\{route="\/graphql",method="POST",status="200"\} \d+/);
      // A route left by an error keeps its mount path.
      expect(text).to.contain('govshare_http_request_duration_seconds_count{route="/api/v1/resources/:code/rows/:key",method="GET",status="404"} 1\n');
      expect(text).to.contain('route="unmatched",method="GET",status="404"');
      expect(text).to.match(/govshare_exchange_requests_total\{resource="person",outcome="allowed"\} [1-9]/);
      expect(text).to.match(/govshare_exchange_requests_total\{resource="legalEntity",outcome="allowed"\} 1\n/);
      expect(text).to.match(/govshare_alerts_open\{rule="verify-enumeration"\} 0/);
      const head = Number(((await ctx.db.knex('ledger_head').where({ id: 1 }).first('seq')) as { seq: number | string }).seq);
      expect(text).to.contain(`govshare_ledger_head_seq ${head}\n`);
      for (const raw of [entity.credit_code, persons[5]!.idNumber, persons[6]!.idNumber]) expect(text).not.to.contain(raw);
    });

    it('lets an operator approve subject access: the ticket opens the subject’s own history, a forged or expired one does not', async () => {
      const person = persons[3]!;
      const issued = dataOf(await eit.graphql(APPROVE_ACCESS, { id: person.idNumber, ttl: 5 })).approveSubjectAccess;
      expect(issued.expiresAt).to.equal(new Date(clock.now.getTime() + 5 * 60_000).toISOString());
      const mine = await myDataUse(server.url, issued.ticket);
      expect(mine.status).to.equal(200);
      expect(mine.body.data).to.have.length(1);
      expect(mine.body.data[0]).to.deep.include({
        action: 'lookup',
        purpose: '社保参保资格核验',
        department: { code: 'hrss', name: '清远市人力资源和社会保障局' },
        resource: { apiName: 'person', name: '人口基础信息' },
      });
      expect(mine.body.data[0]).not.to.have.property('grantId');

      const forged = issued.ticket.slice(0, -2) + (issued.ticket.endsWith('AA') ? 'BB' : 'AA');
      for (const ticket of [forged, undefined, 'gsa1.e30.abc']) {
        const answer = await myDataUse(server.url, ticket);
        expect(answer.status, String(ticket)).to.equal(401);
        expect(answer.body.error.code).to.equal('UNAUTHENTICATED');
      }
      const bad = await eit.graphql(APPROVE_ACCESS, { id: withWrongCheckDigit(person.idNumber) });
      expect(errorCode(bad)).to.equal('BAD_USER_INPUT');

      clock.advance(5 * 60_000);
      const expired = await myDataUse(server.url, issued.ticket);
      expect(expired.status).to.equal(401);
      expect(expired.body.error.code).to.equal('UNAUTHENTICATED');
    });
  });
});
