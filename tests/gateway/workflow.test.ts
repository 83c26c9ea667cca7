/**
 * The exchange workflow over GraphQL, end to end on a real server with the demo accounts: a
 * conditional request refused, another approved narrowed and filtered (and what the consumer then
 * sees), withdrawal, another department's approver turned away, an unconditional resource granted
 * at once, the statutory clock with its deadline and escalation, and publishing.
 */
import { expect } from 'chai';
import { demoCatalog } from '../../demo/index.js';
import { AccessRequests, Accounts, Grants } from '../../exchange/index.js';
import { describeEngines } from '../support/engines.js';
import {
  dataOf,
  departmentClient,
  errorCode,
  queryFieldNames,
  rawPersons,
  startClockedDemoServer,
  testClock,
  typeFields,
  type ClockedServer,
  type DepartmentClient,
  type RawPerson,
} from './dataSupport.js';

/** 10:00 in Qingyuan on Monday 16 November 2026; no holiday falls in the ten working days after it. */
const MONDAY_MORNING = '2026-11-16T02:00:00.000Z';
/** The tenth working day after that Monday. */
const DUE_ON = '2026-11-30';

const REQUEST_FIELDS = 'id state dueOn workingDaysLeft fields grant { id fields rowFilter } events { seq from to actor at reason }';
const REQUEST_ACCESS = `mutation($input: AccessRequestInput!) { requestAccess(input: $input) { ${REQUEST_FIELDS} } }`;
const ACCESS_REQUEST = `query($id: ID!) { accessRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const START_REVIEW = `mutation($id: ID!) { startReview(id: $id) { ${REQUEST_FIELDS} } }`;
const APPROVE = `mutation($id: ID!, $decision: ApprovalInput) { approveRequest(id: $id, decision: $decision) { ${REQUEST_FIELDS} } }`;
const REFUSE = `mutation($id: ID!, $reason: String!) { refuseRequest(id: $id, reason: $reason) { ${REQUEST_FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String) { withdrawRequest(id: $id, reason: $reason) { ${REQUEST_FIELDS} } }`;
const PENDING = '{ pendingApprovals { id state dueOn workingDaysLeft consumer { code } resource { apiName } } }';

interface RequestEvent {
  seq: number;
  from: string | null;
  to: string;
  actor: string;
  at: string;
  reason: string | null;
}

interface AccessRequest {
  id: string;
  state: string;
  dueOn: string | null;
  workingDaysLeft: number | null;
  fields: string[];
  grant: { id: string; fields: string[]; rowFilter: unknown } | null;
  events: RequestEvent[];
}

/** A request of amr for person data, for 市场主体登记 checks. */
function amrPersonRequest(fields: string[]) {
  return {
    input: {
      resource: 'person',
      fields,
      purpose: '个体工商户经营者身份核验',
      basis: '《市场主体登记管理条例》第十七条：登记机关应当对申请材料进行形式审查',
      mode: 'QUERY',
    },
  };
}

describeEngines('Exchange workflow over GraphQL', (ctx) => {
  const clock = testClock(MONDAY_MORNING);
  let server: ClockedServer;
  let persons: RawPerson[];
  let amr: DepartmentClient;
  let psb: DepartmentClient;
  let hrss: DepartmentClient;
  let gsc: DepartmentClient;
  let eit: DepartmentClient;
  const accountId: Record<string, string> = {};

  before(async function () {
    this.timeout(120_000);
    server = await startClockedDemoServer(ctx.db, 600, clock);
    persons = await rawPersons(ctx.db);
    [amr, psb, hrss, gsc, eit] = await Promise.all(['amr', 'psb', 'hrss', 'gsc', 'eit'].map((d) => departmentClient(server.url, d)));
    const accounts = new Accounts(ctx.db);
    for (const d of ['amr', 'psb', 'hrss']) accountId[d] = (await accounts.find(`${d}-client`))!.id;
  });
  after(async () => {
    await server?.close();
  });

  const submit = async (fields: string[]): Promise<AccessRequest> => dataOf(await amr.graphql(REQUEST_ACCESS, amrPersonRequest(fields))).requestAccess;
  const read = async (client: DepartmentClient, id: string): Promise<AccessRequest> => dataOf(await client.graphql(ACCESS_REQUEST, { id })).accessRequest;

  describe('a conditional request refused', () => {
    let refused: AccessRequest;

    it('is submitted with a deadline ten working days ahead', async () => {
      const request = await submit(['name', 'gender']);
      expect(request).to.deep.include({ state: 'SUBMITTED', dueOn: DUE_ON, workingDaysLeft: 10, fields: ['name', 'gender'], grant: null });
      refused = request;
    });

    it('walks submitted → under review → refused by psb-client with its reason, every transition recorded', async () => {
      const reviewing: AccessRequest = dataOf(await psb.graphql(START_REVIEW, { id: refused.id })).startReview;
      expect(reviewing.state).to.equal('UNDER_REVIEW');
      const reason = '申请用途与所列法律依据不符，请补充个体工商户登记业务的具体场景后重新申请';
      const done: AccessRequest = dataOf(await psb.graphql(REFUSE, { id: refused.id, reason })).refuseRequest;
      expect(done.state).to.equal('REFUSED');
      expect(done.grant).to.equal(null);
      expect(done.workingDaysLeft).to.equal(null);
      expect(done.events.map(({ at: _at, ...e }) => e)).to.deep.equal([
        { seq: 1, from: null, to: 'SUBMITTED', actor: accountId.amr, reason: null },
        { seq: 2, from: 'SUBMITTED', to: 'UNDER_REVIEW', actor: accountId.psb, reason: null },
        { seq: 3, from: 'UNDER_REVIEW', to: 'REFUSED', actor: accountId.psb, reason },
      ]);
      expect(done.events.every((e) => e.at === MONDAY_MORNING)).to.equal(true);
      // The consumer reads the same history.
      expect(await read(amr, refused.id)).to.deep.equal(done);
    });
  });

  describe('a conditional request approved narrowed and filtered', () => {
    let request: AccessRequest;
    before(async () => {
      request = await submit(['name', 'gender', 'district']);
    });

    it('cannot be refused without a reason: the schema requires one, and an empty one is BAD_USER_INPUT that changes nothing', async () => {
      const missing = await psb.graphql('mutation($id: ID!) { refuseRequest(id: $id) { id } }', { id: request.id });
      expect(errorCode(missing)).to.equal('BAD_USER_INPUT');
      for (const reason of ['', '   ']) {
        const empty = await psb.graphql(REFUSE, { id: request.id, reason });
        expect(errorCode(empty), JSON.stringify(reason)).to.equal('BAD_USER_INPUT');
      }
      expect(await read(amr, request.id)).to.deep.equal(request);
    });

    it('is approved with fewer fields and a row filter, making a grant of exactly those', async () => {
      const rowFilter = { field: 'district', op: 'eq', value: '英德市' };
      const approved: AccessRequest = dataOf(await psb.graphql(APPROVE, { id: request.id, decision: { fields: ['name', 'district'], rowFilter } })).approveRequest;
      expect(approved.state).to.equal('APPROVED');
      expect(approved.grant).to.deep.include({ fields: ['name', 'district'], rowFilter });
      expect(approved.events.at(-1)).to.deep.include({ seq: 2, from: 'SUBMITTED', to: 'APPROVED', actor: accountId.psb });
    });

    it('gives the consumer only 英德市 rows, names masked by the catalog\'s rule', async () => {
      const expected = persons.filter((p) => p.district === '英德市');
      expect(expected.length).to.be.greaterThan(0);
      const conn = dataOf(await amr.graphql('{ personList(first: 1000) { totalCount nodes { name district } } }')).personList;
      expect(conn.totalCount).to.equal(expected.length);
      expect(conn.nodes).to.deep.equal(expected.map((p) => ({ name: `${Array.from(p.name)[0]}${'*'.repeat(Math.max(Array.from(p.name).length - 1, 1))}`, district: '英德市' })));
    });

    it('gives the consumer only the narrowed fields: gender does not exist', async () => {
      expect((await typeFields(amr, 'Person')).map((f) => f.name)).to.deep.equal(['name', 'district']);
      expect(errorCode(await amr.graphql('{ personList(first: 1) { nodes { name gender } } }'))).to.equal('BAD_USER_INPUT');
      expect(errorCode(await amr.graphql('{ personList(where: { gender: { eq: "1" } }) { totalCount } }'))).to.equal('BAD_USER_INPUT');
    });
  });

  describe('withdrawal, outsiders and unconditional resources', () => {
    it('lets the consumer withdraw a pending request, recording why', async () => {
      const request = await submit(['birthDate']);
      const withdrawn: AccessRequest = dataOf(await amr.graphql(WITHDRAW, { id: request.id, reason: '业务调整，暂不需要' })).withdrawRequest;
      expect(withdrawn.state).to.equal('WITHDRAWN');
      expect(withdrawn.events.at(-1)).to.deep.include({ seq: 2, from: 'SUBMITTED', to: 'WITHDRAWN', actor: accountId.amr, reason: '业务调整，暂不需要' });
      expect(errorCode(await psb.graphql(APPROVE, { id: request.id }))).to.equal('CONFLICT');
    });

    it('turns away hrss and gsc approving a request on psb\'s resource with FORBIDDEN, changing nothing', async () => {
      const request = await submit(['gender']);
      const amrGrants = async () => dataOf(await amr.graphql('{ grants(includeInactive: true) { id } }')).grants.length;
      const before = await amrGrants();
      for (const outsider of [hrss, gsc]) {
        const res = await outsider.graphql(APPROVE, { id: request.id });
        expect(errorCode(res), outsider.department).to.equal('FORBIDDEN');
        expect(res.data?.approveRequest ?? null).to.equal(null);
      }
      expect(errorCode(await gsc.graphql(REFUSE, { id: request.id, reason: '不同意' }))).to.equal('FORBIDDEN');
      expect(await read(amr, request.id)).to.deep.equal(request);
      expect(await amrGrants()).to.equal(before);
    });

    it('grants an unconditional resource (legalEntity) at once, recorded as the system\'s decision', async () => {
      const res = await hrss.graphql(REQUEST_ACCESS, {
        input: { resource: 'legalEntity', fields: ['creditCode', 'name', 'district'], purpose: '用人单位参保登记核验', basis: '《社会保险法》第五十七条', mode: 'QUERY' },
      });
      const request: AccessRequest = dataOf(res).requestAccess;
      expect(request.state).to.equal('APPROVED');
      expect(request.dueOn).to.equal(null);
      expect(request.grant?.fields).to.deep.equal(['creditCode', 'name', 'district']);
      expect(request.events.map((e) => [e.from, e.to, e.actor])).to.deep.equal([
        [null, 'SUBMITTED', accountId.hrss],
        ['SUBMITTED', 'APPROVED', 'system'],
      ]);
      expect(await queryFieldNames(hrss)).to.include('legalEntityList');
    });
  });

  describe('the statutory clock', () => {
    let pending: AccessRequest;
    before(async () => {
      clock.set(MONDAY_MORNING);
      pending = await submit(['name', 'birthDate']);
    });

    it('shows psb-client its pending requests with the deadline and the working days left, counting down', async () => {
      const mine = async () => (dataOf(await psb.graphql(PENDING)).pendingApprovals as (AccessRequest & { consumer: { code: string } })[]).find((r) => r.id === pending.id);
      expect(await mine()).to.deep.include({ state: 'SUBMITTED', dueOn: DUE_ON, workingDaysLeft: 10 });
      clock.set('2026-11-20T02:00:00.000Z'); // Friday: Tuesday to Friday have passed
      expect(await mine()).to.deep.include({ dueOn: DUE_ON, workingDaysLeft: 6 });
      clock.set('2026-11-23T02:00:00.000Z'); // Monday: the weekend costs nothing
      expect(await mine()).to.deep.include({ workingDaysLeft: 5 });
      // Requests on other departments' resources are not psb's to decide.
      expect(dataOf(await gsc.graphql(PENDING)).pendingApprovals.map((r: { id: string }) => r.id)).not.to.include(pending.id);
    });

    it('escalates a request past its deadline when the clock is swept, for the operator (eit-client) to chase', async () => {
      clock.set('2026-12-01T02:00:00.000Z'); // the Tuesday after the deadline
      expect(dataOf(await eit.graphql(PENDING)).pendingApprovals.map((r: { id: string }) => r.id)).not.to.include(pending.id);
      const now = () => clock.now;
      const requests = new AccessRequests(ctx.db, server.catalog, new Grants(ctx.db, server.catalog, { now }), { approvalWorkingDays: 10, now });
      const swept = await requests.sweep();
      expect(swept.escalated.map((r) => r.id)).to.include(pending.id);

      const operator = (dataOf(await eit.graphql(PENDING)).pendingApprovals as AccessRequest[]).find((r) => r.id === pending.id);
      expect(operator).to.deep.include({ state: 'ESCALATED', dueOn: DUE_ON, workingDaysLeft: -1 });
      const history = (await read(eit, pending.id)).events;
      expect(history.at(-1)).to.deep.include({ from: 'SUBMITTED', to: 'ESCALATED', actor: 'system', at: '2026-12-01T02:00:00.000Z' });
      expect(history.at(-1)!.reason).to.include(DUE_ON);
      // Sweeping again at the same time changes nothing.
      expect((await requests.sweep()).escalated).to.deep.equal([]);
    });

    it('still lets the provider decide an escalated request', async () => {
      const approved: AccessRequest = dataOf(await psb.graphql(APPROVE, { id: pending.id })).approveRequest;
      expect(approved.state).to.equal('APPROVED');
      expect(approved.events.at(-1)).to.deep.include({ from: 'ESCALATED', to: 'APPROVED', actor: accountId.psb });
      expect(dataOf(await eit.graphql(PENDING)).pendingApprovals.map((r: { id: string }) => r.id)).not.to.include(pending.id);
    });
  });

  describe('publishResource', () => {
    const PUBLISH = 'mutation($code: String!) { publishResource(code: $code) { apiName status version latestVersion summary } }';
    let code: string;
    before(async () => {
      code = (await server.catalog.getResource('person')).code;
    });

    it('answers CONFLICT when the resource has no draft to publish', async () => {
      const res = await psb.graphql(PUBLISH, { code });
      expect(errorCode(res)).to.equal('CONFLICT');
      expect((await server.catalog.getResource('person')).latestVersion).to.equal(1);
    });

    it('is FORBIDDEN to a department that does not provide the resource, leaving the draft a draft', async () => {
      await makeDraft();
      const res = await hrss.graphql(PUBLISH, { code });
      expect(errorCode(res)).to.equal('FORBIDDEN');
      const person = await server.catalog.getResource('person');
      expect([person.version, person.latestVersion]).to.deep.equal([1, 2]);
    });

    it('publishes the provider\'s draft for psb-client', async () => {
      const published = dataOf(await psb.graphql(PUBLISH, { code })).publishResource;
      expect(published).to.deep.include({ apiName: 'person', status: 'PUBLISHED', version: 2, latestVersion: 2 });
      expect(published.summary).to.match(/（修订）$/);
    });

    async function makeDraft(): Promise<void> {
      const input = demoCatalog().resources.find((r) => r.apiName === 'person')!;
      await server.catalog.updateResource(code, { ...input, summary: `${input.summary}（修订）` });
    }
  });
});
