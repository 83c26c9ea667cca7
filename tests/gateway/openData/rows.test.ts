import { expect } from 'chai';
import { describeEngines } from '../../support/engines.js';
import { badParams, getJson, startOpenServer, TOILET_ROWS, type OpenServer } from './fixtures.js';

interface Page {
  data: Record<string, any>[];
  next: string | null;
}

describeEngines('open rows: GET /api/v1/resources/:code/rows', (ctx) => {
  let server: OpenServer;
  let api: string;
  before(async () => {
    server = await startOpenServer(ctx.db);
    api = `${server.url}/api/v1`;
  });
  after(async () => {
    await server?.close();
  });

  const rows = (path: string) => getJson<Page>(`${api}/resources/${path}`);
  const raw = (table: string) => ctx.db.knex(table);

  it('filters by equality on an item: ?district=清城区', async () => {
    const { status, body } = await rows('enforcementCase/rows?district=清城区&limit=1000');
    expect(status).to.equal(200);
    const expected = await raw('data_enforcement_case').where({ district: '清城区' }).count({ n: '*' });
    expect(body.data).to.have.length(Number(expected[0]!.n)).and.length.greaterThan(0);
    expect(body.data.every((r) => r.district === '清城区')).to.equal(true);
    expect(body.next).to.equal(null);
  });

  it('filters by ranges and lists: fineAmount[gte]&fineAmount[lt], district[in]', async () => {
    const { body } = await rows(`enforcementCase/rows?fineAmount[gte]=500&fineAmount[lt]=5000&district[in]=${encodeURIComponent('清城区,英德市')}&limit=1000`);
    const expected = await raw('data_enforcement_case').where('fine_amount', '>=', 500).andWhere('fine_amount', '<', 5000).whereIn('district', ['清城区', '英德市']).select('case_no');
    expect(body.data.map((r) => r.caseNo)).to.have.members(expected.map((r: { case_no: string }) => r.case_no));
    expect(body.data.length).to.be.greaterThan(0);
    for (const r of body.data) expect(r.fineAmount).to.be.a('number').within(500, 4999.99);
  });

  it('filters dates as dates and text by prefix', async () => {
    const { body } = await rows('enforcementCase/rows?decisionDate[gte]=2025-01-01&caseNo[prefix]=清城&limit=1000');
    expect(body.data.length).to.be.greaterThan(0);
    for (const r of body.data) {
      expect(r.decisionDate >= '2025-01-01').to.equal(true);
      expect(r.caseNo.startsWith('清城')).to.equal(true);
    }
  });

  it('returns the selected items only, in the order asked for', async () => {
    const { body } = await rows('legalEntity/rows?select=name,creditCode&limit=3');
    expect(body.data).to.have.length(3);
    for (const r of body.data) expect(Object.keys(r)).to.deep.equal(['name', 'creditCode']);
  });

  it('orders by several items, descending with -, and pages with keyset cursors to the same rows as one big page', async () => {
    const all = (await rows('enforcementCase/rows?order=-decisionDate,fineAmount&limit=1000')).body.data;
    const seen: Record<string, any>[] = [];
    let url: string | null = `${api}/resources/enforcementCase/rows?order=-decisionDate,fineAmount&limit=7`;
    let pages = 0;
    while (url) {
      const res = await fetch(url);
      const page = (await res.json()) as Page;
      if (page.next) expect(res.headers.get('link')).to.equal(`<${page.next}>; rel="next"`);
      else expect(res.headers.get('link')).to.equal(null);
      seen.push(...page.data);
      url = page.next;
      pages++;
    }
    expect(pages).to.equal(Math.ceil(all.length / 7));
    expect(seen).to.deep.equal(all);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.decisionDate >= all[i]!.decisionDate).to.equal(true);
  });

  it('serves serviceItem with the default page of 100', async () => {
    const { body } = await rows('serviceItem/rows');
    const [{ n }] = await raw('data_service_item').count({ n: '*' });
    expect(body.data).to.have.length(Math.min(100, Number(n)));
  });

  it('never serves rows of closed resources (404, like a missing one) nor of conditional ones (403)', async () => {
    for (const closed of ['person', 'licence', '101001/000001', 'noSuchThing']) {
      const res = await rows(`${encodeURIComponent(closed)}/rows`);
      expect(res.status, closed).to.equal(404);
      expect(res.body).to.deep.include({ error: { code: 'NOT_FOUND', message: `no open resource "${closed}"` } });
    }
    const conditional = await rows('creditRating/rows');
    expect(conditional.status).to.equal(403);
    expect((conditional.body as any).error.code).to.equal('FORBIDDEN');
    expect(JSON.stringify(conditional.body)).to.not.include('91441802MA4W3XLQ0X');
  });

  it('shows public items only, masked by the catalog rule, and refuses to filter or order by a masked one', async () => {
    const { body } = await rows('publicToilet/rows?order=toiletCode');
    expect(body.data[0]).to.not.have.property('keeperMobile');
    expect(body.data.map((r) => r.keeper)).to.deep.equal(TOILET_ROWS.map((r) => `王${'*'.repeat(r.keeper.length - 1)}`));
    for (const query of ['keeper=王小', 'order=keeper', 'keeperMobile=13800001000']) {
      const res = await rows(`publicToilet/rows?${query}`);
      expect(res.status, query).to.equal(400);
    }
    expect(badParams((await rows('publicToilet/rows?keeper=王小')).body)).to.deep.equal(['keeper']);
  });

  it('answers CSV by format or Accept, with a BOM and the Chinese header', async () => {
    for (const init of [{ url: 'enforcementCase/rows?format=csv&select=caseNo,district&limit=2', headers: {} as Record<string, string> }, { url: 'enforcementCase/rows?select=caseNo,district&limit=2', headers: { accept: 'text/csv' } }]) {
      const res = await fetch(`${api}/resources/${init.url}`, { headers: init.headers });
      expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).to.equal('行政处罚决定书文号,案件所在区县');
      expect(lines).to.have.length(4); // header, two rows, and the empty string after the last CRLF
      expect(res.headers.get('link')).to.match(/rel="next"$/);
    }
  });

  it('answers GeoJSON for a resource with a geopoint item, [longitude, latitude]', async () => {
    const res = await fetch(`${api}/resources/publicToilet/rows?select=name,district&order=toiletCode`, { headers: { accept: 'application/geo+json' } });
    expect(res.headers.get('content-type')).to.equal('application/geo+json; charset=utf-8');
    const fc = (await res.json()) as { type: string; features: { geometry: { coordinates: number[] } | null; properties: Record<string, unknown> }[] };
    expect(fc.type).to.equal('FeatureCollection');
    expect(fc.features).to.have.length(TOILET_ROWS.length);
    expect(fc.features[0]!.geometry).to.deep.equal({ type: 'Point', coordinates: [113.5, 23.68] });
    expect(fc.features[0]!.properties).to.deep.equal({ name: '公厕1号', district: '清城区' });
    expect(fc.features[TOILET_ROWS.length - 1]!.geometry).to.equal(null);
  });

  it('refuses GeoJSON for a resource without a geopoint item, naming format', async () => {
    const { status, body } = await rows('enforcementCase/rows?format=geojson');
    expect(status).to.equal(400);
    expect(badParams(body)).to.deep.equal(['format']);
  });

  it('names every bad parameter', async () => {
    const cases: [string, string[]][] = [
      ['limit=0', ['limit']],
      ['limit=1001', ['limit']],
      ['limit=ten', ['limit']],
      ['limit=1&limit=2', ['limit']],
      ['format=xml', ['format']],
      ['colour=red', ['colour']],
      ['fineAmount[like]=1', ['fineAmount[like]']],
      ['fineAmount[gte]=lots', ['fineAmount[gte]']],
      ['decisionDate=2025-02-30', ['decisionDate']],
      ['district[gt]=a&district=b&district=c', ['district']],
      ['select=caseNo,nothing', ['select']],
      ['order=-nothing', ['order']],
      ['after=not-a-cursor', ['after']],
      ['q=', ['q']],
    ];
    for (const [query, params] of cases) {
      const { status, body } = await rows(`enforcementCase/rows?${query}`);
      expect(status, query).to.equal(400);
      expect((body as any).error.code, query).to.equal('BAD_USER_INPUT');
      expect(badParams(body), query).to.include.members(params);
    }
    const other = await rows('enforcementCase/rows?order=caseNo&limit=2');
    const cursor = new URL(other.body.next!).searchParams.get('after')!;
    const mismatched = await rows(`enforcementCase/rows?order=-fineAmount&after=${cursor}`);
    expect(badParams(mismatched.body)).to.deep.equal(['after']);
    const accept = await fetch(`${api}/resources/enforcementCase/rows`, { headers: { accept: 'image/png' } });
    expect(badParams(await accept.json())).to.deep.equal(['Accept']);
  });

  it('searches text items with q', async () => {
    const { body } = await rows(`enforcementCase/rows?q=${encodeURIComponent('油烟')}&limit=1000`);
    expect(body.data.length).to.be.greaterThan(0);
    for (const r of body.data) expect(r.violation).to.include('油烟');
  });

  it('serves one record by key, and 403 for a conditional resource', async () => {
    const { body } = await getJson(`${api}/resources/publicToilet/rows/QC-001`);
    expect(body.data).to.include({ toiletCode: 'QC-001', keeper: '王*', capacity: 4, openAllDay: true });
    expect(body.data).to.not.have.property('keeperMobile');
    expect((await fetch(`${api}/resources/creditRating/rows/91441802MA4W3XLQ0X`)).status).to.equal(403);
  });
});
