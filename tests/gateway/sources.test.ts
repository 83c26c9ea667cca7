/**
 * Source bindings, sync runs and uploads over HTTP: a provider binds its resource through GraphQL,
 * runs a sync and reads the quarantine; others see only what their role allows; a publisher
 * uploads CSV files (UTF-8 and GBK) for its own resource, and a failed upload changes nothing.
 */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personStream } from '../../demo/index.js';
import { type RunningServer } from '../../server/index.js';
import { describeEngines } from '../support/engines.js';
import { startDemoServer } from '../support/server.js';
import { sourceFixture } from '../fixtures/sources/paths.js';
import { dataOf, departmentClient, errorCode, tokenFor, type DepartmentClient } from './dataSupport.js';
import type { Catalog } from '../../catalog/index.js';

const ITEMS = ['idNumber', 'name', 'gender', 'birthDate', 'ethnicity', 'district', 'address', 'mobile'];
const CHINESE = ['公民身份号码', '姓名', '性别', '出生日期', '民族', '户籍所在区县', '住址', '联系电话'];

/** Persons as a department's CSV holds them: a Chinese header, dates as 1990年1月2日, genders as labels. */
function personsCsv(count: number, from: number, extra: string[] = []): string {
  const lines = [CHINESE.join(',')];
  for (const p of personStream(count, 3, from)) {
    const [y, m, d] = String(p.birthDate).split('-');
    const values = ITEMS.map((k) => (k === 'birthDate' ? `${y}年${Number(m)}月${Number(d)}日` : k === 'gender' ? (p.gender === '1' ? '男' : '女') : String(p[k] ?? '')));
    lines.push(values.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','));
  }
  return [...lines, ...extra].join('\r\n') + '\r\n';
}

const BINDING = `mutation($input: SourceBindingInput!) { setSourceBinding(resource: "person", input: $input) { resource kind location options mode live mapping { column item } } }`;
const SYNC = `mutation { syncResource(resource: "person") { id status read loaded quarantined error quarantine { rows { position field reason values } } } }`;

describeEngines('Sources over HTTP: bindings, syncs and uploads', (ctx) => {
  describe('on the demo world', () => {
    let server: RunningServer & { catalog: Catalog };
    let psb: DepartmentClient;
    let dir: string;

    before(async () => {
      server = await startDemoServer(ctx.db, 50);
      psb = await departmentClient(server.url, 'psb');
      dir = mkdtempSync(join(tmpdir(), 'govshare-sources-'));
    });
    after(async () => server?.close());

    const count = async () => Number((await ctx.db.knex('data_person').count({ n: '*' }))[0]!.n);

    it('lets the provider bind its resource, shows secrets as ***, and refuses everyone else', async () => {
      const rest = dataOf(
        await psb.graphql(BINDING, {
          input: { kind: 'REST', location: 'https://psb:pw@api.example/persons', options: { headers: { Authorization: 'Bearer s3cret' }, paging: { type: 'page' } } },
        }),
      ).setSourceBinding;
      expect(rest.location).to.equal('https://psb:***@api.example/persons');
      expect(rest.options.headers.Authorization).to.equal('***');
      expect(JSON.stringify(rest)).not.to.contain('s3cret');
      const amr = await departmentClient(server.url, 'amr');
      expect(errorCode(await amr.graphql(BINDING, { input: { kind: 'CSV', location: '/tmp/x.csv' } }))).to.equal('FORBIDDEN');
      const hrss = await departmentClient(server.url, 'hrss');
      expect(errorCode(await hrss.graphql('{ sourceBinding(resource: "person") { kind } }'))).to.equal('FORBIDDEN');
      const eit = await departmentClient(server.url, 'eit');
      expect(dataOf(await eit.graphql('{ sourceBindings { resource kind } }')).sourceBindings).to.deep.equal([{ resource: '101001/000001', kind: 'REST' }]);
    });

    it('syncs a bound GBK file with Chinese headers: valid rows load, bad ones are quarantined with reasons', async () => {
      const file = join(dir, 'persons-gbk.csv');
      const bad = '441802199002301234,李四,男,1990年2月30日,汉族,清城区,清城区某路1号,13800000000';
      writeFileSync(file, iconv.encode(personsCsv(40, 1000, [bad]), 'gbk'));
      const bound = dataOf(await psb.graphql(BINDING, { input: { kind: 'CSV', location: file, mode: 'UPSERT' } })).setSourceBinding;
      expect(bound).to.deep.include({ kind: 'CSV', mode: 'UPSERT', live: false, mapping: [] });
      const before = await count();
      const run = dataOf(await psb.graphql(SYNC)).syncResource;
      expect(run).to.deep.include({ status: 'SUCCEEDED', read: 41, loaded: 40, quarantined: 1, error: null });
      expect(await count()).to.equal(before + 40);
      const problems = run.quarantine.rows.map((r: any) => r.field);
      expect(problems).to.include('birthDate');
      expect(run.quarantine.rows[0].position).to.equal(42);
      expect(run.quarantine.rows[0].values['姓名']).to.equal('李四');
      // The operator sees the run and the reasons, never the provider's values.
      const eit = await departmentClient(server.url, 'eit');
      const seen = dataOf(await eit.graphql(`{ syncRun(id: ${run.id}) { status quarantine { rows { field reason values } } } }`)).syncRun;
      expect(seen.quarantine.rows.every((r: any) => r.values === null && r.reason)).to.equal(true);
      const again = dataOf(await psb.graphql(`{ sourceBinding(resource: "person") { runs(first: 5) { id status } } }`)).sourceBinding.runs;
      expect(again[0]).to.deep.equal({ id: run.id, status: 'SUCCEEDED' });
    });

    async function upload(body: Buffer | string, type: string, department = 'psb', query = '') {
      const token = await tokenFor(server.url, department);
      return fetch(`${server.url}/api/v1/resources/person/upload${query}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body });
    }

    it('takes an upload from the provider and answers with the run report', async () => {
      const before = await count();
      const res = await upload(iconv.encode(personsCsv(25, 2000), 'gb18030'), 'text/csv', 'psb', '?mode=upsert');
      expect(res.status).to.equal(200);
      const { data } = (await res.json()) as { data: Record<string, unknown> };
      expect(data).to.deep.include({ status: 'succeeded', mode: 'upsert', read: 25, loaded: 25, quarantined: 0 });
      expect(await count()).to.equal(before + 25);
      // The same file again changes nothing.
      const twice = (await (await upload(iconv.encode(personsCsv(25, 2000), 'gb18030'), 'text/csv', 'psb', '?mode=upsert')).json()) as { data: Record<string, unknown> };
      expect(twice.data).to.deep.include({ loaded: 0, updated: 0, unchanged: 25 });
    });

    it('answers 422 for an upload whose run fails, and the live data stays as it was', async () => {
      const before = await ctx.db.knex('data_person').orderBy('id_number').pluck('id_number');
      const broken = personsCsv(10, 3000).replace(/(\d{4})年/g, '$1年13月'); // every birth date impossible
      const res = await upload(broken, 'text/csv; charset=utf-8', 'psb', '?mode=full');
      expect(res.status).to.equal(422);
      const { data } = (await res.json()) as { data: Record<string, unknown> };
      expect(data).to.deep.include({ status: 'failed', read: 10, quarantined: 10 });
      expect(await ctx.db.knex('data_person').orderBy('id_number').pluck('id_number')).to.deep.equal(before);
    });

    it('takes an Excel workbook too, and keeps the live data when too many of its rows are bad', async () => {
      const before = await count();
      const workbook = readFileSync(sourceFixture('persons.xlsx'));
      const res = await upload(workbook, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'psb', '?mode=upsert');
      expect(res.status).to.equal(422);
      const { data } = (await res.json()) as { data: Record<string, unknown> };
      // The fixture's first sheet: three good rows, one #N/A cell, one row missing required items.
      expect(data).to.deep.include({ status: 'failed', read: 5, quarantined: 2 });
      expect(await count()).to.equal(before);
    });

    it('refuses uploads from others, without a token, and of unknown types or parameters, naming what is wrong', async () => {
      expect((await upload('x', 'text/csv', 'amr')).status).to.equal(403);
      const anonymous = await fetch(`${server.url}/api/v1/resources/person/upload`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x' });
      expect(anonymous.status).to.equal(401);
      const wrong = await upload('x', 'application/pdf', 'psb', '?mode=sometimes&colour=red');
      expect(wrong.status).to.equal(400);
      const fields = ((await wrong.json()) as any).error.details.problems.map((p: { field: string }) => p.field);
      expect(fields).to.have.members(['colour', 'Content-Type', 'mode']);
    });
  });
});
