import { expect } from 'chai';
import { describeEngines } from '../../support/engines.js';
import { linkHref, sectionOf, tableRows, textOf } from './markup.js';
import { getPage, PARKING_ROWS, parkingRow, startPortalServer, type PortalServer } from './world.js';

describeEngines('the portal: dataset pages', (ctx) => {
  let server: PortalServer;
  const page = (path: string) => getPage(`${server.url}${path}`);

  before(async () => {
    server = await startPortalServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('shows an open dataset: metadata with the provider contact, its items, 20 preview rows, downloads, API and metadata links', async () => {
    const { status, body } = await page('/datasets/legalEntity');
    expect(status).to.equal(200);
    expect(body).to.include('<h1>法人基础信息</h1>');
    const meta = Object.fromEntries(tableRows(sectionOf(body, 'id="about"')).map(([k, v]) => [k, v]));
    expect(meta).to.include({ 资源代码: '102001/000001', 接口名称: 'legalEntity', 资源格式: '数据库', 共享类型: '无条件共享', 开放属性: '开放', 使用许可: 'CC BY 4.0', 更新周期: '每日', 发布日期: '2025-03-31', 数据新鲜度: '新鲜' });
    expect(meta['提供部门']).to.equal('清远市市场监督管理局（amr） 联系人：信息化科 黄丽娟 电话：0763-3378512 邮箱：sjgx@amr.gdqy.gov.cn');
    expect(meta['资源分类']).to.equal('类：基础信息资源类（1） 项：法人单位信息（02） 目：市场主体登记信息（001）');
    const items = tableRows(sectionOf(body, 'id="items"'));
    expect(items.map((r) => r[1])).to.deep.equal(['creditCode', 'name', 'legalRepresentative', 'entityType', 'registeredCapital', 'establishedDate', 'district', 'address', 'status']);
    expect(items[0]).to.deep.equal(['统一社会信用代码', 'creditCode', '字符型(18)', '是', '是', '']);
    const preview = tableRows(sectionOf(body, 'id="preview"'));
    expect(preview).to.have.length(20);
    const stored = await ctx.db.knex('data_legal_entity').orderBy('credit_code').first();
    expect(preview[0]![0]).to.equal(stored.credit_code);
    const base = server.url;
    expect(linkHref(body, '下载 CSV')).to.equal(`${base}/api/v1/resources/legalEntity/download.csv`);
    expect(linkHref(body, '下载 JSON Lines')).to.equal(`${base}/api/v1/resources/legalEntity/download.jsonl`);
    expect(body).to.include(`curl -G '${base}/api/v1/resources/legalEntity/rows' -d limit=5`);
    expect(linkHref(body, '接口文档')).to.equal('/api/v1/docs');
    // Every machine-readable link leads somewhere that answers.
    const csv = await fetch(linkHref(body, '下载 CSV')!);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    await csv.body?.cancel();
    for (const text of ['Frictionless 数据包（datapackage.json）', 'DCAT-AP（Turtle）', 'DCAT-AP（JSON-LD）', 'CKAN package_show']) {
      const res = await fetch(linkHref(body, text)!);
      expect(res.status, text).to.equal(200);
      await res.body?.cancel();
    }
  });

  it('previews rows masked as the open API masks them; personal items never appear', async () => {
    const { status, body } = await page('/datasets/parkingLot');
    expect(status).to.equal(200);
    const preview = sectionOf(body, 'id="preview"');
    expect(preview).to.include('管理员<span class="count">（脱敏）</span>');
    const rows = tableRows(preview);
    expect(rows).to.have.length(20);
    expect(rows[0]).to.deep.equal(['P-001', '停车场1号', '清城区', '欧***', '139****1001', '10', '否']);
    const api = await fetch(`${server.url}/api/v1/resources/parkingLot/rows?limit=20`).then((r) => r.json() as Promise<{ data: Record<string, unknown>[] }>);
    expect(rows.map((r) => [r[3], r[4]])).to.deep.equal(api.data.map((d) => [d.manager, d.managerMobile]));
    for (let i = 1; i <= PARKING_ROWS; i++) {
      const row = parkingRow(i);
      expect(body).to.not.include(row.manager as string).and.not.include(row.manager_mobile as string).and.not.include(row.owner_id as string);
    }
    expect(body).to.not.include('业主身份证号').and.not.include('ownerId');
    expect(textOf(sectionOf(body, 'id="items"'))).to.include('脱敏显示：姓名保留首字').and.include('脱敏显示：手机号保留前 3 位和后 4 位');
    const freshness = tableRows(sectionOf(body, 'id="about"')).find(([k]) => k === '数据新鲜度');
    expect(freshness).to.deep.equal(['数据新鲜度', '待更新']);
  });

  it('records each preview in the audit ledger, like any open read', async () => {
    const before = await ctx.db.knex('ledger_entries').where({ action: 'portal-preview', resource: 'parkingLot' }).count({ n: '*' });
    await page('/datasets/parkingLot');
    const entries = await ctx.db.knex('ledger_entries').where({ action: 'portal-preview', resource: 'parkingLot' }).orderBy('seq', 'desc');
    expect(entries).to.have.length(Number(before[0]!.n) + 1);
    expect(entries[0]).to.include({ outcome: 'allowed' });
    expect(Number(entries[0].row_count)).to.equal(20);
  });

  it('shows a conditionally open dataset as metadata only, with how to apply', async () => {
    const { status, body } = await page('/datasets/creditRating');
    expect(status).to.equal(200);
    expect(textOf(sectionOf(body, 'id="apply"'))).to.include('有条件开放').and.include('注册用户申请并经审核后开放').and.include('0763-3378512');
    expect(body).to.not.include('id="preview"').and.not.include('download.csv').and.not.include('/rows');
    expect(linkHref(body, 'Frictionless 数据包（datapackage.json）')).to.equal(`${server.url}/api/v1/resources/creditRating/datapackage.json`);
    const ledger = await ctx.db.knex('ledger_entries').where({ resource: 'creditRating' });
    expect(ledger).to.deep.equal([]);
  });

  it('finds a dataset by its code too, pointing at its apiName page as canonical', async () => {
    for (const path of ['/datasets/102001/000001', '/datasets/102001%2F000001']) {
      const { status, body } = await page(path);
      expect(status, path).to.equal(200);
      expect(body).to.include(`<link rel="canonical" href="${server.url}/datasets/legalEntity">`);
    }
  });

  it('answers 404 pages for closed and unknown datasets alike, naming neither', async () => {
    for (const path of ['/datasets/person', '/datasets/licence', '/datasets/101001/000001', '/datasets/101001%2F000001', '/datasets/noSuchThing']) {
      const { status, headers, body } = await page(path);
      expect(status, path).to.equal(404);
      expect(headers.get('content-type'), path).to.match(/^text\/html/);
      expect(body, path).to.include('<h1>未找到该数据集</h1>');
      expect(body, path).to.not.include('人口基础信息').and.not.include('电子证照信息');
    }
  });
});
