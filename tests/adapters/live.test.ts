/**
 * Live (federated) resources end to end: gsc queries 参保人员信息 over the real GraphQL gateway while
 * its rows stay in hrss's own database — a MariaDB table with pinyin columns, a SQLite query, a
 * PostgreSQL table with Chinese columns. The grant is pushed down to the source (columns, row filter,
 * where, ordering, keyset pages, aggregates); masks, quotas and the ledger behave as for stored data,
 * and nothing lands in the shared store.
 */
import { expect } from 'chai';
import { createLiveLocator, type LiveLocator, type SourceBinding } from '../../adapters/index.js';
import { compareCodePoints } from '../../exchange/policy/evaluatePredicate.js';
import { describeEngines } from '../support/engines.js';
import { dataOf, departmentClient, errorCode, selectsOn, statementsDuring, testClock, type ClockedServer, type DepartmentClient } from '../gateway/dataSupport.js';
import { CODE, createGrant, gscGrant, GSC_ROWS, INSURED_FIELDS, insuredPersons, insuredSource, MONDAY_MORNING, seenByGsc, startLiveServer, type Insured } from './liveSupport.js';
import { openSourceDatabase, SOURCE_KINDS, type SourceDatabase, type SourceKind } from './sqlSources.js';

const PERSONS = insuredPersons(48);
const LIST = `query($where: InsuredPersonWhere, $orderBy: [InsuredPersonOrder!], $first: Int, $after: String) {
  insuredPersonList(where: $where, orderBy: $orderBy, first: $first, after: $after) {
    totalCount nodes { ${INSURED_FIELDS} } edges { cursor } pageInfo { hasNextPage endCursor }
  }
}`;
const LOOKUP = `query($key: String!) { insuredPerson(key: $key) { ${INSURED_FIELDS} } }`;

describeEngines('live resources over SQL sources', (ctx) => {
  const clock = testClock(MONDAY_MORNING);
  const bindings = new Map<string, SourceBinding>();
  const sources = new Map<SourceKind, { db: SourceDatabase; binding: SourceBinding }>();
  let locator: LiveLocator;
  let server: ClockedServer;
  let gsc: DepartmentClient;
  let grant: string;
  const as = (g: string) => ({ grant: g });

  before(async function () {
    this.timeout(120_000);
    locator = createLiveLocator(async (code) => bindings.get(code));
    server = await startLiveServer(ctx.db, clock, locator.locate);
    grant = await createGrant(ctx.db, server.catalog, gscGrant());
    gsc = await departmentClient(server.url, 'gsc');
    for (const kind of SOURCE_KINDS) {
      const db = await openSourceDatabase(kind);
      sources.set(kind, { db, binding: await insuredSource(db, PERSONS) });
    }
  });
  after(async () => {
    await server?.close();
    await locator?.close();
    for (const { db } of sources.values()) await db.drop();
  });

  for (const kind of SOURCE_KINDS) {
    describe(`bound live to a ${kind} source`, () => {
      before(() => {
        bindings.set(CODE, sources.get(kind)!.binding);
      });

      it('looks a record up by key at the source, masked by the grant', async () => {
        const p = PERSONS.find((x) => x.district === '清城区' && x.mobile)!;
        const data = dataOf(await gsc.graphql(LOOKUP, { key: p.idNumber }, as(grant)));
        expect(data.insuredPerson).to.deep.equal(seenByGsc(p));
      });

      it('answers null for a key outside the row filter, as for one that does not exist', async () => {
        const outside = PERSONS.find((x) => x.district === '连州市')!;
        expect(dataOf(await gsc.graphql(LOOKUP, { key: outside.idNumber }, as(grant))).insuredPerson).to.equal(null);
      });

      it('lists with where, row filter and ordering, in cursor pages that never show the hidden key', async () => {
        const since = '2026-11-04T00:00:00.000Z';
        const expected = PERSONS.filter((p) => GSC_ROWS(p) && p.active && p.updatedAt >= since)
          .sort((a, b) => b.monthlyBase - a.monthlyBase || compareCodePoints(a.idNumber, b.idNumber))
          .map(seenByGsc);
        const variables = { where: { active: { eq: true }, updatedAt: { gte: since } }, orderBy: [{ field: 'monthlyBase', direction: 'DESC' }], first: 4 };
        const seen: unknown[] = [];
        let after: string | undefined;
        for (let page = 0; page < 20; page++) {
          const list = dataOf(await gsc.graphql(LIST, { ...variables, after }, as(grant))).insuredPersonList;
          expect(list.totalCount).to.equal(expected.length);
          seen.push(...list.nodes);
          for (const { cursor } of list.edges) {
            const opened = Buffer.from(cursor, 'base64url').toString('utf8');
            expect(PERSONS.some((p) => opened.includes(p.idNumber) || opened.includes(p.idNumber.slice(6, 14)))).to.equal(false);
          }
          if (!list.pageInfo.hasNextPage) break;
          after = list.pageInfo.endCursor;
        }
        expect(expected.length).to.be.greaterThan(8);
        expect(seen).to.deep.equal(expected);
      });

      it('counts by groups at the source, a case-sensitive prefix filter included', async () => {
        const count = (rows: Insured[]) => rows.filter(GSC_ROWS).length;
        const groups = dataOf(await gsc.graphql('{ insuredPersonAggregate(groupBy: [district, active]) { district active count } }', {}, as(grant))).insuredPersonAggregate;
        const expected = ['清城区', '英德市'].flatMap((d) => [false, true].map((a) => ({ district: d, active: a, count: count(PERSONS.filter((p) => p.district === d && p.active === a)) })));
        expect(groups).to.have.deep.members(expected);
        const prefixed = dataOf(await gsc.graphql('{ insuredPersonAggregate(where: { district: { prefix: "英" } }) { count } }', {}, as(grant))).insuredPersonAggregate;
        expect(prefixed).to.deep.equal([{ count: PERSONS.filter((p) => p.district === '英德市').length }]);
      });

      it('stores nothing in the shared store and never reads its table', async () => {
        const p = PERSONS.find((x) => x.district === '英德市')!;
        const { statements } = await statementsDuring(ctx.db.knex, async () => {
          dataOf(await gsc.graphql(LOOKUP, { key: p.idNumber }, as(grant)));
          dataOf(await gsc.graphql(LIST, { first: 5 }, as(grant)));
        });
        expect(selectsOn(statements, 'data_insured_person')).to.deep.equal([]);
        expect(Number((await ctx.db.knex('data_insured_person').count({ n: '*' }))[0]!.n)).to.equal(0);
      });

      it('charges the grant’s quota as for a stored resource', async () => {
        const limited = await createGrant(ctx.db, server.catalog, gscGrant({ fields: ['district', 'active'], quota: { requestsPerMinute: 2 } }));
        const key = PERSONS.find((x) => x.district === '清城区')!.idNumber;
        for (let i = 0; i < 2; i++) expect(dataOf(await gsc.graphql('query($key: String!) { insuredPerson(key: $key) { district } }', { key }, as(limited))).insuredPerson).to.deep.equal({ district: '清城区' });
        const refused = await gsc.graphql('query($key: String!) { insuredPerson(key: $key) { district } }', { key }, as(limited));
        expect(errorCode(refused)).to.equal('RATE_LIMITED');
      });

      it('records each read in the audit ledger, with the people it returned', async () => {
        const before = Number((await ctx.db.knex('ledger_entries').max({ m: 'seq' }))[0]!.m);
        const p = PERSONS.find((x) => x.district === '英德市')!;
        dataOf(await gsc.graphql(LOOKUP, { key: p.idNumber }, as(grant)));
        const entries = await ctx.db.knex('ledger_entries').where('seq', '>', before).andWhere({ kind: 'data' });
        expect(entries.map((e) => [e.action, e.resource, e.outcome, Number(e.row_count)])).to.deep.equal([['lookup', 'insuredPerson', 'allowed', 1]]);
        expect(JSON.parse(entries[0]!.subjects)).to.have.length(1);
        expect(JSON.stringify(entries[0])).to.not.include(p.idNumber);
      });
    });
  }

  describe('an unreachable source', () => {
    before(() => {
      const mysql = sources.get('mysql')!.binding;
      bindings.set(CODE, { ...mysql, location: 'mysql://root:s3cret-pw@127.0.0.1:1/test' });
    });

    it('answers a clear error that names neither the location nor its password, and is recorded as an error', async () => {
      const key = PERSONS[0]!.idNumber;
      const res = await gsc.graphql(LOOKUP, { key }, as(grant));
      expect(errorCode(res)).to.equal('INTERNAL_SERVER_ERROR');
      expect(res.errors![0]!.message).to.equal('the live source of "insuredPerson" cannot be reached; try again later or ask its provider');
      expect(res.text).to.not.include('s3cret-pw').and.not.include('127.0.0.1:1').and.not.include(key);
      const last = await ctx.db.knex('ledger_entries').orderBy('seq', 'desc').first();
      expect([last.resource, last.outcome, last.error_code]).to.deep.equal(['insuredPerson', 'error', 'INTERNAL_SERVER_ERROR']);
    });
  });
});
