import { expect } from 'chai';
import { describeEngines } from '../../support/engines.js';
import { facet, results, sectionOf, textOf } from './markup.js';
import { getPage, startPortalServer, type PortalServer } from './world.js';

const CLOSED = ['人口基础信息', '电子证照信息'];
const ALL_PUBLIC = 13;

describeEngines('the portal: home page and search results', (ctx) => {
  let server: PortalServer;
  const page = (path: string) => getPage(`${server.url}${path}`);
  const search = (q: string) => page(`/datasets?q=${encodeURIComponent(q)}`);

  before(async () => {
    server = await startPortalServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('home: search box, counts of the public catalog, entry points by department and category, recent datasets', async () => {
    const { status, headers, body } = await page('/');
    expect(status).to.equal(200);
    expect(headers.get('content-type')).to.match(/^text\/html; charset=utf-8/);
    expect(body).to.match(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(body).to.include('<title>清远市政务数据开放平台</title>');
    expect(body).to.match(/<form class="search" role="search" action="\/datasets" method="get">/);
    expect(body).to.match(/<label for="q">搜索数据集<\/label>\s*<input id="q" name="q" type="search"/);
    const stats = textOf(sectionOf(body, 'aria-label="平台概况"', 'ul'));
    expect(stats).to.equal(`${ALL_PUBLIC}个数据集 12个可直接下载 5个开放部门`);
    const byProvider = textOf(sectionOf(body, 'id="by-provider"'));
    expect(byProvider).to.include('清远市教育局 7 个').and.include('清远市市场监督管理局 2 个');
    expect(body).to.include('<a href="/datasets?provider=edu">清远市教育局</a>');
    expect(body).to.include('<a href="/datasets?classification=1">基础信息资源类</a> <span class="count">1 个</span>');
    expect(results(body)).to.have.length(5);
    for (const closed of CLOSED) expect(body).to.not.include(closed);
  });

  it('finds 法人基础信息 by Chinese, with its provider, open type, update cycle, freshness and tags', async () => {
    const { status, body } = await search('法人');
    expect(status).to.equal(200);
    expect(results(body)[0]).to.deep.equal({ name: '法人基础信息', href: '/datasets/legalEntity' });
    const card = textOf(body.slice(body.indexOf('<li class="result panel">'), body.indexOf('</li>\n</ul>', body.indexOf('<li class="result panel">'))));
    expect(card).to.include('提供部门：清远市市场监督管理局').and.include('开放属性：开放').and.include('更新周期：每日').and.include('新鲜度：新鲜');
    expect(body).to.include('<a href="/datasets?tag=%E6%B3%95%E4%BA%BA">法人</a>');
    expect(body).to.include('<input id="q" name="q" type="search" value="法人"');
  });

  it('finds by pinyin and initials, and never shows the closed 人口基础信息', async () => {
    for (const q of ['renkou', 'rk', '人口']) {
      const { status, body } = await search(q);
      expect(status, q).to.equal(200);
      expect(results(body).map((r) => r.name), q).to.include('常住人口统计');
      for (const closed of CLOSED) expect(body, q).to.not.include(closed);
    }
  });

  it('counts every facet value over the public catalog only (no closed, no 不开放)', async () => {
    const { body } = await page('/datasets');
    expect(textOf(sectionOf(body, 'id="result-count"', 'p'))).to.equal(`共找到 ${ALL_PUBLIC} 个数据集，第 1 / 2 页，每页 10 个`);
    const counts = (name: string) => Object.fromEntries(facet(body, name).map((f) => [f.label, f.count]));
    expect(counts('provider')).to.deep.equal({ 清远市教育局: 7, 清远市城市管理和综合执法局: 2, 清远市市场监督管理局: 2, 清远市行政服务中心: 1, 清远市人力资源和社会保障局: 1 });
    expect(counts('openType')).to.deep.equal({ 开放: 12, 有条件开放: 1 });
    expect(counts('freshness')).to.deep.equal({ 过期: 9, 新鲜: 3, 待更新: 1 }); // the demo load counts as a sync of its three open resources
    expect(counts('classification')).to.deep.equal({ 主题信息资源类: 12, 基础信息资源类: 1 });
    expect(counts('tags')).to.include({ 教育: 6, 学校: 4, '<b>粗体标签</b>': 1 });
  });

  it('narrows by a facet value, keeps the other values countable, and removes the value again', async () => {
    const all = await page('/datasets');
    const edu = facet(all.body, 'provider').find((f) => f.label === '清远市教育局')!;
    expect(edu).to.include({ href: '/datasets?provider=edu', selected: false });
    const narrowed = await page(edu.href);
    expect(results(narrowed.body)).to.have.length(7);
    expect(textOf(sectionOf(narrowed.body, 'id="result-count"', 'p'))).to.equal('共找到 7 个数据集');
    const providers = facet(narrowed.body, 'provider');
    expect(providers.find((f) => f.label === '清远市教育局')).to.include({ selected: true, href: '/datasets', count: 7 });
    // Counts of the other providers ignore the provider filter: adding one widens the search.
    expect(providers.find((f) => f.label === '清远市市场监督管理局')).to.include({ count: 2, href: '/datasets?provider=edu&provider=amr' });
    expect(facet(narrowed.body, 'tags').find((f) => f.label === '学校')).to.include({ count: 4 });
    const twoFilters = await page('/datasets?provider=edu&tag=%E5%AD%A6%E6%A0%A1');
    expect(results(twoFilters.body)).to.have.length(4);
    const chips = sectionOf(twoFilters.body, 'class="chips"', 'ul');
    expect(chips).to.include('<a href="/datasets?tag=%E5%AD%A6%E6%A0%A1" aria-label="移除条件 提供部门：清远市教育局">');
    expect(chips).to.include('<a href="/datasets">清除全部条件</a>');
    // The search form keeps the filters for the next search.
    expect(twoFilters.body).to.include('<input type="hidden" name="provider" value="edu">').and.include('<input type="hidden" name="tag" value="学校">');
  });

  it('pages through the results: ten a page, the rest on page 2, every dataset once', async () => {
    const first = await page('/datasets?sort=code');
    const second = await page('/datasets?sort=code&page=2');
    expect(results(first.body)).to.have.length(10);
    expect(results(second.body)).to.have.length(ALL_PUBLIC - 10);
    const names = [...results(first.body), ...results(second.body)].map((r) => r.href);
    expect(new Set(names).size).to.equal(ALL_PUBLIC);
    const codes = (await server.catalog.search({ visibility: 'public', sort: 'code', limit: 100 })).resources.map((r) => `/datasets/${r.apiName}`);
    expect(names).to.deep.equal(codes);
    expect(first.body).to.include('<a href="/datasets?sort=code&amp;page=2" rel="next">下一页</a>');
    expect(second.body).to.include('<a href="/datasets?sort=code" rel="prev">上一页</a>');
    expect(second.body).to.include('aria-current="page" aria-label="第 2 页，当前页">2</a>');
    expect((await page('/datasets?page=3')).status).to.equal(400);
  });

  it('says so when nothing matches, with a way out of the filters and popular tags', async () => {
    const { status, body } = await page('/datasets?q=%E6%B3%95%E4%BA%BA&tag=%E5%AD%A6%E6%A0%A1');
    expect(status).to.equal(200);
    expect(results(body)).to.deep.equal([]);
    const none = sectionOf(body, 'id="no-results"');
    expect(textOf(none)).to.include('没有找到匹配的数据集').and.include('去掉全部筛选条件，只搜索“法人”（1 个结果）');
    expect(none).to.include('<a href="/datasets?q=%E6%B3%95%E4%BA%BA">');
    expect(none).to.include('<a href="/datasets?tag=%E6%95%99%E8%82%B2">教育</a>');
    // The selected value counts nothing now but stays listed, so it can be removed.
    expect(facet(body, 'tags')).to.deep.include({ label: '学校', count: 0, selected: true, href: '/datasets?q=%E6%B3%95%E4%BA%BA' });
  });
});
