import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { describeEngines } from '../../support/engines.js';
import { badParams, entriesAfter, lastSeq, startOpenServer, SYNCED_AT, TOILET_ROWS, type OpenServer } from './fixtures.js';

describeEngines('open downloads: download.csv and download.jsonl', (ctx) => {
  let server: OpenServer;
  let api: string;
  before(async () => {
    server = await startOpenServer(ctx.db);
    api = `${server.url}/api/v1/resources`;
  });
  after(async () => {
    await server?.close();
  });

  it('streams CSV with a UTF-8 BOM, the Chinese header and one line per row, named after the resource code', async () => {
    const res = await fetch(`${api}/enforcementCase/download.csv`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="203001-000001\.csv"; filename\*=UTF-8''/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const table = parse(bytes.toString('utf8').slice(1), { relax_column_count: false }) as string[][];
    expect(table[0]).to.deep.equal(['行政处罚决定书文号', '当事人统一社会信用代码', '违法事实', '处罚种类', '罚款金额（元）', '处罚决定日期', '案件所在区县']);
    const stored = await ctx.db.knex('data_enforcement_case').orderBy('_row_id').select('case_no', 'fine_amount', 'decision_date');
    expect(table.length - 1).to.equal(stored.length);
    expect(table.slice(1).map((r) => r[0])).to.deep.equal(stored.map((r: { case_no: string }) => r.case_no));
    expect(Number(table[1]![4])).to.equal(Number(stored[0].fine_amount));
  });

  it('neutralises cells a spreadsheet would run as formulas, and quotes by RFC 4180', async () => {
    const res = await fetch(`${api}/publicToilet/download.csv?select=toiletCode,remark,capacity`);
    const table = parse((await res.text()).replace(/^\uFEFF/, '')) as string[][];
    expect(table[0]).to.deep.equal(['公厕编号', '备注', '厕位数']);
    const remarks = table.slice(1).map((r) => r[1]);
    expect(remarks).to.deep.equal([
      `'=HYPERLINK("http://evil.example","点我")`,
      "'+86-763",
      "'-1+2",
      "'@SUM(A1:A2)",
      "'\tcmd",
      "'\rcr",
      '含,逗号',
      '含"引号"',
      '两\n行',
      '普通备注',
    ]);
    expect(table.slice(1).map((r) => Number(r[2]))).to.deep.equal(TOILET_ROWS.map((r) => r.capacity));
  });

  it('streams JSON Lines: one typed, masked record per line', async () => {
    const res = await fetch(`${api}/publicToilet/download.jsonl`);
    expect(res.headers.get('content-type')).to.equal('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.match(/filename="204001-000001\.jsonl"/);
    const lines = (await res.text()).split('\n');
    expect(lines.pop()).to.equal('');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).to.have.length(TOILET_ROWS.length);
    expect(records[0]).to.deep.equal({ toiletCode: 'QC-001', name: '公厕1号', district: '清城区', location: '23.680,113.50', keeper: '王*', remark: TOILET_ROWS[0]!.remark, openAllDay: true, capacity: 4 });
  });

  it('applies filters to downloads and refuses bad parameters by name', async () => {
    const res = await fetch(`${api}/enforcementCase/download.jsonl?district=${encodeURIComponent('英德市')}&select=caseNo,district`);
    const records = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { district: string });
    const [{ n }] = await ctx.db.knex('data_enforcement_case').where({ district: '英德市' }).count({ n: '*' });
    expect(records).to.have.length(Number(n));
    expect(records.every((r) => r.district === '英德市')).to.equal(true);
    for (const [query, param] of [['limit=5', 'limit'], ['order=caseNo', 'order'], ['select=nothing', 'select'], ['fineAmount[gt]=x', 'fineAmount[gt]']]) {
      const bad = await fetch(`${api}/enforcementCase/download.csv?${query}`);
      expect(bad.status, query).to.equal(400);
      expect(badParams(await bad.json()), query).to.deep.equal([param]);
    }
  });

  it('gzips a download when the client accepts it', async () => {
    const res = await fetch(`${api}/enforcementCase/download.csv`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).to.equal('gzip');
    // fetch decodes gzip itself; the raw bytes are checked through node's own decoder below.
    const plain = await (await fetch(`${api}/enforcementCase/download.csv`, { headers: { 'accept-encoding': 'identity' } })).text();
    expect(await res.text()).to.equal(plain);
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${api}/enforcementCase/download.jsonl`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          expect(r.headers['content-encoding']).to.equal('gzip');
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve(Buffer.concat(chunks)));
          r.on('error', reject);
        }),
      );
    });
    expect(gunzipSync(raw).toString('utf8').split('\n')[0]).to.match(/^\{"caseNo":/);
  });

  it('answers 304 to If-None-Match and If-Modified-Since from the last sync, and a new ETag after the next sync', async () => {
    const first = await fetch(`${api}/serviceItem/download.csv`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    expect(etag).to.match(/^W\/".+"$/);
    expect(first.headers.get('last-modified')).to.equal(SYNCED_AT.toUTCString());
    const before = await lastSeq(ctx.db.knex);
    const cached = await fetch(`${api}/serviceItem/download.csv`, { headers: { 'if-none-match': etag } });
    expect(cached.status).to.equal(304);
    expect(await cached.text()).to.equal('');
    const since = await fetch(`${api}/serviceItem/download.csv`, { headers: { 'if-modified-since': SYNCED_AT.toUTCString() } });
    expect(since.status).to.equal(304);
    expect(await entriesAfter(ctx.db.knex, before), 'a 304 reads no rows').to.have.length(0);
    const otherQuery = await fetch(`${api}/serviceItem/download.csv?select=itemCode`, { headers: { 'if-none-match': etag } });
    expect(otherQuery.status).to.equal(200);
    await otherQuery.arrayBuffer();
    await server.catalog.recordSync('serviceItem', new Date(SYNCED_AT.getTime() + 86_400_000));
    await new Promise((r) => setTimeout(r, 2100)); // the resource cache's lifetime
    const synced = await fetch(`${api}/serviceItem/download.csv`, { headers: { 'if-none-match': etag } });
    expect(synced.status).to.equal(200);
    expect(synced.headers.get('etag')).to.not.equal(etag);
    await synced.arrayBuffer();
  });

  it('records one ledger entry per download and per page, with its filter and row count', async () => {
    const before = await lastSeq(ctx.db.knex);
    await (await fetch(`${api}/enforcementCase/download.csv?district=${encodeURIComponent('清城区')}`)).arrayBuffer();
    await (await fetch(`${api}/enforcementCase/rows?district=${encodeURIComponent('清城区')}&limit=5&select=caseNo,subjectCreditCode`)).json();
    await (await fetch(`${api}/enforcementCase/rows?select=nothing`)).json();
    const entries = await entriesAfter(ctx.db.knex, before);
    expect(entries.map((e) => [e.action, e.outcome, e.resource])).to.deep.equal([
      ['open-download', 'allowed', 'enforcementCase'],
      ['open-rows', 'allowed', 'enforcementCase'],
      ['open-rows', 'denied', 'enforcementCase'],
    ]);
    const [{ n }] = await ctx.db.knex('data_enforcement_case').where({ district: '清城区' }).count({ n: '*' });
    expect(Number(entries[0]!.row_count)).to.equal(Number(n));
    expect(JSON.parse(entries[0]!.filter!)).to.deep.equal({ field: 'district', op: 'eq', value: '清城区' });
    expect(JSON.parse(entries[0]!.detail!)).to.include({ format: 'csv' });
    expect(Number(entries[1]!.row_count)).to.equal(5);
    expect(JSON.parse(entries[1]!.fields)).to.deep.equal(['caseNo', 'subjectCreditCode']);
    expect(JSON.parse(entries[1]!.subjects)).to.have.length.within(1, 5);
    expect(entries[2]!.error_code).to.equal('BAD_USER_INPUT');
  });

  it('answers HEAD with the headers and no body, reading no rows', async () => {
    const before = await lastSeq(ctx.db.knex);
    const res = await fetch(`${api}/enforcementCase/download.csv`, { method: 'HEAD' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.match(/203001-000001\.csv/);
    expect(await entriesAfter(ctx.db.knex, before)).to.have.length(0);
  });

  it('never downloads closed or conditional resources', async () => {
    expect((await fetch(`${api}/person/download.csv`)).status).to.equal(404);
    expect((await fetch(`${api}/licence/download.jsonl`)).status).to.equal(404);
    expect((await fetch(`${api}/creditRating/download.csv`)).status).to.equal(403);
  });
});
