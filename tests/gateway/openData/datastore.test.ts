import { expect } from 'chai';
import { describeEngines } from '../../support/engines.js';
import { entriesAfter, lastSeq, startOpenServer, TOILET_ROWS, type OpenServer } from './fixtures.js';

interface Envelope {
  help: string;
  success: boolean;
  result?: Record<string, any>;
  error?: { __type: string; message: string; [field: string]: unknown };
}

describeEngines('CKAN datastore_search', (ctx) => {
  let server: OpenServer;
  before(async () => {
    server = await startOpenServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  const search = async (query: string | Record<string, unknown>) => {
    const res =
      typeof query === 'string'
        ? await fetch(`${server.url}/api/3/action/datastore_search?${query}`)
        : await fetch(`${server.url}/api/3/action/datastore_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) });
    return { status: res.status, body: (await res.json()) as Envelope };
  };

  it("answers in CKAN's envelope with fields, records, total and links", async () => {
    const filters = encodeURIComponent(JSON.stringify({ district: '清城区' }));
    const { status, body } = await search(`resource_id=enforcementCase&filters=${filters}&limit=3&sort=${encodeURIComponent('fineAmount desc, caseNo')}`);
    expect(status).to.equal(200);
    expect(body.success).to.equal(true);
    expect(body.help).to.be.a('string');
    const result = body.result!;
    expect(result.resource_id).to.equal('enforcementCase');
    expect(result.fields).to.deep.include({ id: 'fineAmount', type: 'numeric', info: { label: '罚款金额（元）' } });
    expect(result.fields.map((f: { id: string }) => f.id)).to.deep.equal(['caseNo', 'subjectCreditCode', 'violation', 'penalty', 'fineAmount', 'decisionDate', 'district']);
    const [{ n }] = await ctx.db.knex('data_enforcement_case').where({ district: '清城区' }).count({ n: '*' });
    expect(result.total).to.equal(Number(n));
    expect(result).to.include({ limit: 3, offset: 0 });
    expect(result.records).to.have.length(3);
    const fines = result.records.map((r: { fineAmount: number }) => r.fineAmount);
    expect(fines).to.deep.equal([...fines].sort((a, b) => b - a));
    const [top] = await ctx.db.knex('data_enforcement_case').where({ district: '清城区' }).max({ m: 'fine_amount' });
    expect(fines[0]).to.equal(Number(top.m));
    expect(result._links.start).to.match(/^\/api\/3\/action\/datastore_search\?/);
    expect(new URL(result._links.next, server.url).searchParams.get('offset')).to.equal('3');
  });

  it('pages by offset through the same records as one large page', async () => {
    const all = (await search('resource_id=serviceItem&sort=itemCode&limit=1000')).body.result!.records;
    const paged: unknown[] = [];
    for (let offset = 0; offset < all.length; offset += 40) paged.push(...(await search(`resource_id=serviceItem&sort=itemCode&limit=40&offset=${offset}`)).body.result!.records);
    expect(paged).to.deep.equal(all);
  });

  it('takes the resource code, q over text fields, a field-specific q and fields', async () => {
    const byCode = await search(`resource_id=${encodeURIComponent('203001/000001')}&q=${encodeURIComponent('油烟')}&fields=caseNo,violation`);
    expect(byCode.body.result!.records.length).to.be.greaterThan(0);
    for (const r of byCode.body.result!.records) {
      expect(Object.keys(r)).to.deep.equal(['caseNo', 'violation']);
      expect(r.violation).to.include('油烟');
    }
    const fieldQ = await search({ resource_id: 'publicToilet', q: { remark: '逗号' }, fields: ['toiletCode'] });
    expect(fieldQ.body.result!.records).to.deep.equal([{ toiletCode: TOILET_ROWS[6]!.toilet_code }]);
  });

  it('accepts POST with a JSON body, filters with lists', async () => {
    const { status, body } = await search({ resource_id: 'enforcementCase', filters: { district: ['清城区', '英德市'], penalty: '03' }, limit: 1000, include_total: false });
    expect(status).to.equal(200);
    expect(body.result).to.not.have.property('total');
    const expected = await ctx.db.knex('data_enforcement_case').whereIn('district', ['清城区', '英德市']).andWhere({ penalty: '03' }).count({ n: '*' });
    expect(body.result!.records).to.have.length(Number(expected[0]!.n));
  });

  it('answers Validation Error (409) naming each bad parameter', async () => {
    const cases: [string | Record<string, unknown>, string][] = [
      ['limit=5', 'resource_id'],
      ['resource_id=enforcementCase&limit=1001', 'limit'],
      ['resource_id=enforcementCase&offset=-1', 'offset'],
      ['resource_id=enforcementCase&filters=not-json', 'filters'],
      [`resource_id=enforcementCase&filters=${encodeURIComponent('{"nothing":"x"}')}`, 'filters.nothing'],
      [`resource_id=enforcementCase&filters=${encodeURIComponent('{"district":{"a":1}}')}`, 'filters.district'],
      ['resource_id=enforcementCase&fields=caseNo,nothing', 'fields'],
      ['resource_id=enforcementCase&sort=nothing desc', 'sort'],
      ['resource_id=enforcementCase&sort=caseNo sideways', 'sort'],
      ['resource_id=enforcementCase&records_format=csv', 'records_format'],
      [{ resource_id: 'enforcementCase', q: { fineAmount: '5' } }, 'q.fineAmount'],
      ['resource_id=enforcementCase&callback=x', 'callback'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await search(query);
      expect(status, String(query)).to.equal(409);
      expect(body.success).to.equal(false);
      expect(body.error!.__type).to.equal('Validation Error');
      expect(body.error!.message, String(query)).to.be.a('string');
      expect(body.error, String(query)).to.have.property(field).that.is.an('array');
    }
  });

  it('answers Not Found Error (404) for closed and unknown resources, Authorization Error (403) for conditional ones', async () => {
    for (const id of ['person', 'licence', 'nothing']) {
      const { status, body } = await search(`resource_id=${id}`);
      expect(status, id).to.equal(404);
      expect(body).to.deep.include({ success: false });
      expect(body.error!.__type).to.equal('Not Found Error');
    }
    const conditional = await search('resource_id=creditRating');
    expect(conditional.status).to.equal(403);
    expect(conditional.body.error!.__type).to.equal('Authorization Error');
  });

  it('answers 400 to a body that is not JSON and to an unknown action', async () => {
    const bad = await fetch(`${server.url}/api/3/action/datastore_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resource_id": ' });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as Envelope).success).to.equal(false);
    const unknown = await fetch(`${server.url}/api/3/action/no_such_action`);
    expect(unknown.status).to.equal(400);
    expect(((await unknown.json()) as Envelope).error!.message).to.include('no_such_action');
  });

  it('records one ledger entry per search', async () => {
    const before = await lastSeq(ctx.db.knex);
    await search('resource_id=legalEntity&limit=7');
    const entries = await entriesAfter(ctx.db.knex, before);
    expect(entries).to.have.length(1);
    expect(entries[0]).to.include({ action: 'open-datastore-search', resource: 'legalEntity', outcome: 'allowed' });
    expect(Number(entries[0]!.row_count)).to.equal(7);
  });
});
