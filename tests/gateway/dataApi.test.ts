/**
 * The typed per-department GraphQL data API, end to end over HTTP on a real server: what the demo
 * grants of hrss (query, ID numbers masked) and edu (verify only) let them see, schemas that follow
 * grants as they are approved and revoked, nested reference hops, X-Grant, authentication and quotas.
 * Results are checked against the shared store read raw.
 */
import { expect } from 'chai';
import { describeEngines } from '../support/engines.js';
import {
  countBy,
  dataOf,
  departmentClient,
  errorCode,
  expectedResidentIdMask,
  graphqlAs,
  MASKED_RESIDENT_ID,
  queryFieldNames,
  rawPersons,
  selectsOn,
  statementsDuring,
  testClock,
  tokenFor,
  typeFields,
  withWrongCheckDigit,
  startClockedDemoServer,
  type ClockedServer,
  type DepartmentClient,
  type GraphQLAnswer,
  type RawPerson,
} from './dataSupport.js';

/** 10:00 in Qingyuan on a Monday, eleven months after the demo grants were approved. */
const MONDAY_MORNING = '2026-11-16T02:00:00.000Z';
/** Enough persons for a batch of 1,000 keys, and licences for a page of 100 natural-person holders. */
const PERSONS = 1100;
const PERSON_FIELDS = 'idNumber name gender birthDate district';

interface PersonNode {
  idNumber: string;
  name: string;
  gender: string;
  birthDate: string;
  district: string;
}

/** What hrss should see of a stored person: the ID masked by the catalog's rule, the rest as stored. */
function seenByHrss(p: RawPerson): PersonNode {
  return { idNumber: expectedResidentIdMask(p.idNumber), name: p.name, gender: p.gender, birthDate: p.birthDate, district: p.district };
}

const tuple = (n: PersonNode) => [n.idNumber, n.name, n.gender, n.birthDate, n.district].join('|');

const REQUEST_ACCESS = 'mutation($input: AccessRequestInput!) { requestAccess(input: $input) { id state grant { id } } }';
const APPROVE = 'mutation($id: ID!, $decision: ApprovalInput) { approveRequest(id: $id, decision: $decision) { id state grant { id fields quota { requestsPerMinute } } } }';

describeEngines('GraphQL data API over HTTP', (ctx) => {
  const clock = testClock(MONDAY_MORNING);
  let server: ClockedServer;
  let persons: RawPerson[];
  let hrss: DepartmentClient;
  let edu: DepartmentClient;
  let gsc: DepartmentClient;

  before(async function () {
    this.timeout(120_000);
    server = await startClockedDemoServer(ctx.db, PERSONS, clock);
    persons = await rawPersons(ctx.db);
    [hrss, edu, gsc] = await Promise.all(['hrss', 'edu', 'gsc'].map((d) => departmentClient(server.url, d)));
  });
  after(async () => {
    await server?.close();
  });

  describe('hrss-client under its person query grant', () => {
    it('lists persons with resident IDs masked from the stored value and names as stored, row for row', async () => {
      const data = dataOf(await hrss.graphql(`{ personList(first: 25) { nodes { ${PERSON_FIELDS} } } }`));
      const nodes: PersonNode[] = data.personList.nodes;
      expect(nodes).to.have.length(25);
      for (const node of nodes) expect(node.idNumber).to.match(MASKED_RESIDENT_ID);
      // Without a visible key the rows come in store order, so row i is the table's row i.
      expect(nodes).to.deep.equal(persons.slice(0, 25).map(seenByHrss));
    });

    it('has no field outside its grant: selecting mobile or address is BAD_USER_INPUT', async () => {
      for (const field of ['mobile', 'address']) {
        const res = await hrss.graphql(`{ personList(first: 1) { nodes { name ${field} } } }`);
        expect(errorCode(res), field).to.equal('BAD_USER_INPUT');
        expect(res.data, field).to.equal(undefined);
      }
    });

    it('finds one person by a real resident ID, masked', async () => {
      const someone = persons[137]!;
      const data = dataOf(await hrss.graphql(`query($key: String!) { person(key: $key) { ${PERSON_FIELDS} } }`, { key: someone.idNumber }));
      expect(data.person).to.deep.equal(seenByHrss(someone));
    });

    it('answers a resident ID with a wrong check digit with BAD_USER_INPUT and never echoes it', async () => {
      const bad = withWrongCheckDigit(persons[5]!.idNumber);
      const res = await hrss.graphql(`query($key: String!) { person(key: $key) { name } }`, { key: bad });
      expect(errorCode(res)).to.equal('BAD_USER_INPUT');
      expect(res.text).not.to.include(bad);
      expect(res.text).not.to.include(bad.slice(6, 14));
    });

    it('forbids filtering on the masked idNumber, without echoing the value', async () => {
      const id = persons[9]!.idNumber;
      const res = await hrss.graphql(`query($id: String!) { personList(where: { idNumber: { eq: $id } }) { nodes { name } } }`, { id });
      expect(errorCode(res)).to.equal('FORBIDDEN');
      expect(res.data?.personList ?? null).to.equal(null);
      expect(res.text).not.to.include(id);
    });

    it('filters by district: only 清城区 rows, totalCount as the table counts them', async () => {
      const expected = persons.filter((p) => p.district === '清城区');
      expect(expected.length).to.be.greaterThan(0);
      const data = dataOf(await hrss.graphql(`{ personList(where: { district: { eq: "清城区" } }, first: 1000) { totalCount nodes { ${PERSON_FIELDS} } } }`));
      expect(data.personList.totalCount).to.equal(expected.length);
      expect(data.personList.nodes.map((n: PersonNode) => n.district)).to.deep.equal(expected.map(() => '清城区'));
      expect(data.personList.nodes).to.deep.equal(expected.map(seenByHrss));
    });

    it('pages through a filter 50 at a time, collecting every row exactly once', async () => {
      // The smallest district with more than two pages' worth, narrowed by gender.
      const byDistrict = countBy(persons, (p) => p.district);
      const district = Object.keys(byDistrict).filter((d) => byDistrict[d]! > 100).sort((a, b) => byDistrict[a]! - byDistrict[b]!)[0]!;
      const expected = persons.filter((p) => p.district === district && p.gender === '1');
      expect(expected.length).to.be.greaterThan(50);
      const seen: PersonNode[] = [];
      const cursors = new Set<string>();
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res: GraphQLAnswer = await hrss.graphql(
          `query($d: String!, $after: String) { personList(where: { and: [{ district: { eq: $d } }, { gender: { eq: "1" } }] }, first: 50, after: $after) {
            totalCount edges { cursor node { ${PERSON_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
          { d: district, after },
        );
        const conn: { totalCount: number; edges: { cursor: string; node: PersonNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = dataOf(res).personList;
        expect(conn.totalCount).to.equal(expected.length);
        for (const edge of conn.edges) {
          cursors.add(edge.cursor);
          seen.push(edge.node);
        }
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(cursors.size).to.equal(expected.length);
      expect(seen.map(tuple).sort()).to.deep.equal(expected.map(seenByHrss).map(tuple).sort());
    });

    it('fetches 1,000 persons by key in one SQL statement on data_person', async () => {
      const wanted = persons.slice(50, 1050);
      const { result, statements } = await statementsDuring(ctx.db.knex, () =>
        hrss.graphql(`query($keys: [String!]) { personList(keys: $keys, first: 1000) { nodes { ${PERSON_FIELDS} } } }`, { keys: wanted.map((p) => p.idNumber) }),
      );
      const nodes: PersonNode[] = dataOf(result).personList.nodes;
      expect(nodes).to.have.length(1000);
      expect(nodes.map(tuple).sort()).to.deep.equal(wanted.map(seenByHrss).map(tuple).sort());
      expect(selectsOn(statements, 'data_person')).to.have.length(1);
    });

    it('counts persons by district as the table does', async () => {
      const data = dataOf(await hrss.graphql('{ personAggregate(groupBy: [district]) { district count } }'));
      const counted = Object.fromEntries(data.personAggregate.map((g: { district: string; count: number }) => [g.district, g.count]));
      expect(counted).to.deep.equal(countBy(persons, (p) => p.district));
    });
  });

  describe('edu-client under its verify-only grant', () => {
    it('has personVerify and no other person field: personList and person are BAD_USER_INPUT', async () => {
      const fields = await queryFieldNames(edu);
      expect(fields).to.include('personVerify');
      expect(fields.filter((f) => f.startsWith('person'))).to.deep.equal(['personVerify']);
      expect(errorCode(await edu.graphql('{ personList { nodes { name } } }'))).to.equal('BAD_USER_INPUT');
      expect(errorCode(await edu.graphql(`query($k: String!) { person(key: $k) { name } }`, { k: persons[0]!.idNumber }))).to.equal('BAD_USER_INPUT');
    });

    it('verifies a name and birth date: match for the stored ones, no match for a wrong name', async () => {
      const p = persons[321]!;
      const verify = 'query($key: String!, $claims: PersonClaims!) { personVerify(key: $key, claims: $claims) { match } }';
      const right = await edu.graphql(verify, { key: p.idNumber, claims: { name: p.name, birthDate: p.birthDate } });
      expect(dataOf(right).personVerify).to.deep.equal({ match: true });
      const wrong = await edu.graphql(verify, { key: p.idNumber, claims: { name: `${p.name}某`, birthDate: p.birthDate } });
      expect(dataOf(wrong).personVerify).to.deep.equal({ match: false });
      const otherDay = await edu.graphql(verify, { key: p.idNumber, claims: { name: p.name, birthDate: '1900-01-01' } });
      expect(dataOf(otherDay).personVerify).to.deep.equal({ match: false });
    });

    it('answers a verification with match and nothing else', async () => {
      const p = persons[2]!;
      const res = await edu.graphql('query($key: String!) { personVerify(key: $key, claims: { birthDate: "' + p.birthDate + '" }) { match } }', { key: p.idNumber });
      expect(res.body).to.deep.equal({ data: { personVerify: { match: true } } });
      expect(res.text).not.to.include(p.idNumber);
      expect((await typeFields(edu, 'Verification')).map((f) => f.name)).to.deep.equal(['match']);
    });
  });

  describe('schemas follow grants as they are approved and revoked', () => {
    let licenceGrant: string;

    it('gives hrss personList but no licenceList while it holds no licence grant', async () => {
      const fields = await queryFieldNames(hrss);
      expect(fields).to.include('personList');
      expect(fields).not.to.include('licenceList');
    });

    it('adds licenceList with a nested holder of type Person once gsc approves hrss\'s licence request', async () => {
      const submitted = dataOf(
        await hrss.graphql(REQUEST_ACCESS, {
          input: {
            resource: 'licence',
            fields: ['licenceNo', 'licenceType', 'holderType', 'holderId', 'status'],
            purpose: '社保待遇领取资格核验所需证照调用',
            basis: '《社会保险经办条例》第二十二条',
            mode: 'QUERY',
          },
        }),
      ).requestAccess;
      expect(submitted.state).to.equal('SUBMITTED');
      const approved = dataOf(await gsc.graphql(APPROVE, { id: submitted.id })).approveRequest;
      expect(approved.state).to.equal('APPROVED');
      licenceGrant = approved.grant.id;

      expect(await queryFieldNames(hrss)).to.include('licenceList');
      const holder = (await typeFields(hrss, 'Licence')).find((f) => f.name === 'holder');
      expect(holder).to.deep.equal({ name: 'holder', type: 'Person' });
    });

    it('resolves holder to the stored person, ID masked, for natural-person licences', async () => {
      const data = dataOf(
        await hrss.graphql(`{ licenceList(where: { holderType: { eq: "1" } }, first: 20) { nodes { licenceNo holderType holderId holder { ${PERSON_FIELDS} } } } }`),
      );
      const nodes = data.licenceList.nodes as { licenceNo: string; holderId: string; holder: PersonNode | null }[];
      expect(nodes).to.have.length(20);
      const raw: { licence_no: string; holder_id: string }[] = await ctx.db.knex('data_licence').select('licence_no', 'holder_id').whereIn('licence_no', nodes.map((n) => n.licenceNo));
      const holderOf = new Map(raw.map((r) => [r.licence_no, r.holder_id]));
      const personById = new Map(persons.map((p) => [p.idNumber, p]));
      for (const node of nodes) {
        const person = personById.get(holderOf.get(node.licenceNo)!)!;
        expect(node.holderId).to.equal(expectedResidentIdMask(person.idNumber));
        expect(node.holder).to.deep.equal(seenByHrss(person));
        expect(node.holder!.idNumber).to.match(MASKED_RESIDENT_ID);
      }
    });

    it('resolves holder for 100 licences with one select on data_person', async () => {
      const { result, statements } = await statementsDuring(ctx.db.knex, () =>
        hrss.graphql('{ licenceList(where: { holderType: { eq: "1" } }, first: 100) { nodes { licenceNo holder { idNumber name } } } }'),
      );
      const nodes = dataOf(result).licenceList.nodes as { holder: PersonNode | null }[];
      expect(nodes).to.have.length(100);
      expect(nodes.every((n) => n.holder !== null && MASKED_RESIDENT_ID.test(n.holder.idNumber))).to.equal(true);
      expect(selectsOn(statements, 'data_person')).to.have.length(1);
    });

    it('drops licenceList from hrss\'s schema on the request after gsc revokes the grant', async () => {
      const revoked = dataOf(await gsc.graphql('mutation($id: ID!) { revokeGrant(id: $id, reason: "核验事项已办结") { id active revokedAt } }', { id: licenceGrant })).revokeGrant;
      expect(revoked.active).to.equal(false);
      const fields = await queryFieldNames(hrss);
      expect(fields).not.to.include('licenceList');
      expect(fields).to.include('personList');
      expect(errorCode(await hrss.graphql('{ licenceList { nodes { licenceNo } } }'))).to.equal('BAD_USER_INPUT');
    });
  });

  describe('X-Grant', () => {
    const ONE_NAME = '{ personList(first: 1) { nodes { name } } }';

    it('answers a grant id that names no grant with 403 FORBIDDEN in GraphQL\'s shape', async () => {
      const res = await hrss.graphql(ONE_NAME, undefined, { grant: '00000000-0000-4000-8000-000000000000' });
      expect(res.status).to.equal(403);
      expect(errorCode(res)).to.equal('FORBIDDEN');
      expect(res.data).to.equal(undefined);
    });

    it('answers another department\'s grant id with 403 FORBIDDEN', async () => {
      const eduGrants = dataOf(await edu.graphql('{ grants { id consumer { code } } }')).grants as { id: string; consumer: { code: string } }[];
      const eduPerson = eduGrants.find((g) => g.consumer.code === 'edu')!;
      const res = await hrss.graphql(ONE_NAME, undefined, { grant: eduPerson.id });
      expect(res.status).to.equal(403);
      expect(errorCode(res)).to.equal('FORBIDDEN');
    });

    it('runs under hrss\'s own person grant when it names it', async () => {
      const own = (dataOf(await hrss.graphql('{ grants { id consumer { code } resource { apiName } } }')).grants as { id: string; consumer: { code: string }; resource: { apiName: string } }[]).find(
        (g) => g.consumer.code === 'hrss' && g.resource.apiName === 'person',
      )!;
      const res = await hrss.graphql(ONE_NAME, undefined, { grant: own.id });
      expect(res.status).to.equal(200);
      expect(dataOf(res).personList.nodes).to.deep.equal([{ name: persons[0]!.name }]);
    });
  });

  describe('authentication', () => {
    it('serves the anonymous catalog schema without a token: departments answer, personList is BAD_USER_INPUT', async () => {
      const catalog = await graphqlAs(server.url, undefined, '{ departments { code } }');
      expect(dataOf(catalog).departments.length).to.equal(8);
      const data = await graphqlAs(server.url, undefined, '{ personList { nodes { name } } }');
      expect(errorCode(data)).to.equal('BAD_USER_INPUT');
    });

    it('answers a forged token with 401 UNAUTHENTICATED', async () => {
      const [header, payload, signature] = (await tokenFor(server.url, 'hrss')).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
      const forged = [header, Buffer.from(JSON.stringify({ ...claims, department: 'psb' })).toString('base64url'), signature].join('.');
      const res = await graphqlAs(server.url, undefined, '{ personList { nodes { name } } }', undefined, { authorization: `Bearer ${forged}` });
      expect(res.status).to.equal(401);
      expect(res.body.error?.code ?? errorCode(res)).to.equal('UNAUTHENTICATED');
      expect(res.text).not.to.include(forged);
    });
  });

  describe('quotas', () => {
    it('answers the third request in a minute RATE_LIMITED under a grant of two requests per minute, and serves again the next minute', async () => {
      const [ule, psb] = await Promise.all([departmentClient(server.url, 'ule'), departmentClient(server.url, 'psb')]);
      const submitted = dataOf(
        await ule.graphql(REQUEST_ACCESS, {
          input: { resource: 'person', fields: ['name', 'district'], purpose: '违法建设当事人身份核实', basis: '《中华人民共和国行政处罚法》第五十五条', mode: 'QUERY' },
        }),
      ).requestAccess;
      const approved = dataOf(await psb.graphql(APPROVE, { id: submitted.id, decision: { quota: { requestsPerMinute: 2 } } })).approveRequest;
      expect(approved.grant.quota).to.deep.equal({ requestsPerMinute: 2 });

      clock.set('2026-11-16T02:30:05.000Z');
      const list = '{ personList(first: 3) { nodes { district } } }';
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await ule.graphql(list));
      expect(answers.slice(0, 2).map((a) => dataOf(a).personList.nodes)).to.deep.equal([0, 1].map(() => persons.slice(0, 3).map((p) => ({ district: p.district }))));
      expect(errorCode(answers[2]!)).to.equal('RATE_LIMITED');
      expect(answers[2]!.data?.personList ?? null).to.equal(null);

      clock.set('2026-11-16T02:31:00.000Z');
      expect(dataOf(await ule.graphql(list)).personList.nodes).to.have.length(3);
    });
  });
});
