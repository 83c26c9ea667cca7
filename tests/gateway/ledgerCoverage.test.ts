import { expect } from 'chai';
import { indexSubjects } from '../../exchange/index.js';
import { openDataRouter } from '../../gateway/rest/openData.js';
import { describeEngines } from '../support/engines.js';
import { departmentClient, rawPersons, startClockedDemoServer, testClock, type ClockedServer, type DepartmentClient, type RawPerson } from './dataSupport.js';
import { graphql, testConfig } from '../support/server.js';

interface Row {
  seq: number | string;
  action: string;
  kind: string;
  resource: string | null;
  department: string | null;
  outcome: string;
  error_code: string | null;
  prev_hash: string;
  hash: string;
  [column: string]: unknown;
}

/** Query fields of an anonymous or workflow schema: everything else a department sees is data. */
async function nonDataFields(url: string, client: DepartmentClient): Promise<Set<string>> {
  const anonymous = await graphql(url, '{ __schema { queryType { fields { name } } } }');
  const names = new Set<string>(anonymous.data!.__schema.queryType.fields.map((f: { name: string }) => f.name));
  for (const workflow of ['myRequests', 'pendingApprovals', 'grants', 'accessRequest']) names.add(workflow);
  // Source bindings and sync runs are the adapters' configuration and history, not shared data.
  for (const source of ['sourceBinding', 'sourceBindings', 'syncRun']) names.add(source);
  // Supervision queries read the ledger itself, not the shared store.
  const all = await client.graphql('{ __schema { queryType { fields { name } } } }');
  for (const f of all.data!.__schema.queryType.fields as { name: string }[]) if (/^(ledger|denied|whoRead|grantsNearing|overdue|alerts)/.test(f.name)) names.add(f.name);
  return names;
}

const lastSeq = async (knex: import('knex').Knex) => Number(((await knex('ledger_entries').max({ m: 'seq' }).first()) as { m: number | null })?.m ?? 0);

describeEngines('the audit ledger records every exchange', (ctx) => {
  const clock = testClock('2026-11-16T02:00:00.000Z');
  let server: ClockedServer;
  let hrss: DepartmentClient;
  let edu: DepartmentClient;
  let persons: RawPerson[];

  before(async () => {
    server = await startClockedDemoServer(ctx.db, 400, clock);
    hrss = await departmentClient(server.url, 'hrss');
    edu = await departmentClient(server.url, 'edu');
    persons = await rawPersons(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  const entriesAfter = async (seq: number): Promise<Row[]> => ctx.db.knex('ledger_entries').where('seq', '>', seq).orderBy('seq');

  it('appends one entry for every data field of every department schema, allowed or denied', async () => {
    const calls: Record<string, (c: DepartmentClient) => Promise<unknown>> = {
      person: (c) => c.graphql('query($k: String!) { person(key: $k) { name } }', { k: persons[0]!.idNumber }),
      personList: (c) => c.graphql('{ personList(first: 3) { nodes { name } } }'),
      personAggregate: (c) => c.graphql('{ personAggregate(groupBy: [district]) { district count } }'),
      personVerify: (c) => c.graphql('query($k: String!, $n: String) { personVerify(key: $k, claims: { name: $n }) { match } }', { k: persons[1]!.idNumber, n: persons[1]!.name }),
    };
    for (const client of [hrss, edu]) {
      const skip = await nonDataFields(server.url, client);
      const fields = ((await client.graphql('{ __schema { queryType { fields { name } } } }')).data!.__schema.queryType.fields as { name: string }[])
        .map((f) => f.name)
        .filter((n) => !skip.has(n));
      expect(fields.length, `${client.department} has data fields`).to.be.greaterThan(0);
      for (const field of fields) {
        expect(calls, `a call for data field ${field}`).to.have.property(field);
        const before = await lastSeq(ctx.db.knex);
        await calls[field]!(client);
        const added = await entriesAfter(before);
        expect(added, `${client.department} ${field}`).to.have.length(1);
        expect(added[0]).to.include({ kind: 'data', resource: 'person', department: client.department });
      }
    }
  });

  it('records a denied request with its error code', async () => {
    const before = await lastSeq(ctx.db.knex);
    await hrss.graphql('{ personList(first: 2, where: { idNumber: { prefix: "4418" } }) { nodes { name } } }');
    const [entry] = await entriesAfter(before);
    expect(entry).to.include({ action: 'list', outcome: 'denied', error_code: 'FORBIDDEN' });
  });

  it('appends one entry for every REST data route', async () => {
    const router = openDataRouter(server.catalog, undefined as never, { config: testConfig() });
    const dataRoutes = (router.stack as { route?: { path: string } }[]).map((l) => l.route?.path).filter((p): p is string => !!p && p.includes(':key'));
    expect(dataRoutes).to.not.be.empty;
    const [entity] = await ctx.db.knex('data_legal_entity').select('credit_code').limit(1);
    for (const route of dataRoutes) {
      const path = route.replace(':code', 'legalEntity').replace(':key', entity.credit_code);
      const before = await lastSeq(ctx.db.knex);
      const res = await fetch(`${server.url}/api/v1${path}`);
      expect(res.status, path).to.equal(200);
      const added = await entriesAfter(before);
      expect(added, path).to.have.length(1);
      expect(added[0]).to.include({ kind: 'data', resource: 'legalEntity', outcome: 'allowed' });
    }
  });

  it('never holds a raw resident ID, mobile number or masked name', async () => {
    for (const p of persons.slice(0, 20)) {
      await hrss.graphql('query($k: String!) { person(key: $k) { name idNumber } }', { k: p.idNumber });
      await edu.graphql('query($k: String!, $n: String) { personVerify(key: $k, claims: { name: $n }) { match } }', { k: p.idNumber, n: p.name });
    }
    await hrss.graphql('query($k: [String!]) { personList(keys: $k, first: 50) { nodes { name } } }', { k: persons.slice(20, 70).map((p) => p.idNumber) });
    const text = JSON.stringify(await ctx.db.knex('ledger_entries').select());
    const mobiles = await ctx.db.knex('data_person').select('mobile');
    for (const p of persons) expect(text.includes(p.idNumber), 'a raw ID number').to.equal(false);
    for (const m of mobiles.filter((r: { mobile: string | null }) => r.mobile)) expect(text.includes(m.mobile), 'a raw mobile number').to.equal(false);
    // edu's claims name people; its grant masks names, and claims are never stored.
    for (const p of persons.slice(0, 20)) expect(text.includes(`"${p.name}"`), 'a claimed name').to.equal(false);
  });

  it('indexes the subjects whose data left, by keyed hash only', async () => {
    const before = await lastSeq(ctx.db.knex);
    await hrss.graphql('query($k: String!) { person(key: $k) { name } }', { k: persons[5]!.idNumber });
    const [entry] = await entriesAfter(before);
    await indexSubjects(ctx.db); // what every reader of the index does first
    const subjects = await ctx.db.knex('ledger_subjects').where({ seq: entry!.seq });
    expect(subjects).to.have.length(1);
    expect(subjects[0].subject).to.match(/^[0-9a-f]{64}$/);
  });

  it('keeps one unbroken chain under 200 parallel requests', async () => {
    const before = await lastSeq(ctx.db.knex);
    await Promise.all(
      persons.slice(0, 200).map((p, i) =>
        i % 2 ? hrss.graphql('query($k: String!) { person(key: $k) { name } }', { k: p.idNumber }) : edu.graphql('query($k: String!, $n: String) { personVerify(key: $k, claims: { name: $n }) { match } }', { k: p.idNumber, n: p.name }),
      ),
    );
    const added = await entriesAfter(before);
    expect(added).to.have.length(200);
    const all: Row[] = await ctx.db.knex('ledger_entries').orderBy('seq');
    all.forEach((row, i) => {
      expect(Number(row.seq)).to.equal(i + 1);
      if (i > 0) expect(row.prev_hash).to.equal(all[i - 1]!.hash);
    });
  });
});
