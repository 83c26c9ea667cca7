import { expect } from 'chai';
import { startServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { silentLogger, testConfig } from '../../support/server.js';
import { namedParams, results, sectionOf, tableRows } from './markup.js';
import { getPage, MARKUP, startPortalServer, type PortalServer } from './world.js';

/**
 * Tags and attributes that would run, load or restyle something had markup from data got through.
 * Quoted attribute values are blanked first: escaped text may say `onerror=` inside one, harmlessly.
 */
function liveMarkup(body: string): string[] {
  const tags = body.replace(/"[^"]*"/g, '""');
  return Array.from(tags.matchAll(/<script|<style|<img|<b>|<i>|<[^>]*\s(?:on[a-z]+|style)=/gi), (m) => m[0]);
}

describeEngines('the portal: escaping, bad parameters and security headers', (ctx) => {
  let server: PortalServer;
  const page = (path: string) => getPage(`${server.url}${path}`);

  before(async () => {
    server = await startPortalServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('renders markup in a name, summary, tag, item name and row value as text on every page', async () => {
    const home = await page('/');
    const listed = await page('/datasets?tag=%3Cb%3E%E7%B2%97%E4%BD%93%E6%A0%87%E7%AD%BE%3C%2Fb%3E');
    const dataset = await page('/datasets/markupProbe');
    for (const { body } of [home, listed, dataset]) {
      expect(liveMarkup(body)).to.deep.equal([]);
      expect(body).to.include('&lt;b&gt;粗体标签&lt;/b&gt;');
    }
    expect(results(listed.body)).to.deep.equal([{ name: MARKUP.name, href: '/datasets/markupProbe' }]);
    expect(listed.body).to.include('&lt;script&gt;alert(&quot;名&quot;)&lt;/script&gt;测试数据集');
    expect(dataset.body).to.include('<h1>&lt;script&gt;alert(&quot;名&quot;)&lt;/script&gt;测试数据集</h1>');
    expect(dataset.body).to.include('<p>摘要里的 &lt;img src=x onerror=alert(1)&gt; 与 &quot;引号&quot; &amp; 符号</p>');
    expect(tableRows(sectionOf(dataset.body, 'id="items"'))[0]![0]).to.equal(MARKUP.itemName);
    expect(tableRows(sectionOf(dataset.body, 'id="preview"'))).to.deep.equal([[MARKUP.value]]);
  });

  it('echoes a search text with markup and quotes only as text and as an attribute value', async () => {
    const q = '"><script>alert(1)</script>';
    const { status, body } = await page(`/datasets?q=${encodeURIComponent(q)}`);
    expect(status).to.equal(200);
    expect(liveMarkup(body)).to.deep.equal([]);
    expect(body).to.include('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('answers a bad parameter with a 400 page naming it, never a stack trace', async () => {
    const cases: [string, string[]][] = [
      ['/datasets?page=0', ['page']],
      ['/datasets?page=2.5', ['page']],
      ['/datasets?openType=closed', ['openType']],
      ['/datasets?provider=nobody', ['provider']],
      ['/datasets?freshness=old&sort=random', ['sort', 'freshness']],
      ['/datasets?q=a&q=b', ['q']],
      ['/datasets?tag=', ['tag']],
      [`/datasets?q=${'长'.repeat(201)}`, ['q']],
      ['/datasets?colour=red', ['colour']],
      ['/?lang=en', ['lang']],
      ['/datasets/legalEntity?preview=all', ['preview']],
    ];
    for (const [path, params] of cases) {
      const { status, headers, body } = await page(path);
      expect(status, path).to.equal(400);
      expect(headers.get('content-type'), path).to.match(/^text\/html/);
      expect(body, path).to.include('<h1>请求参数有误</h1>');
      expect(namedParams(body), path).to.deep.equal(params);
      expect(body, path).to.not.match(/InputError|\bat .*\.js:\d+/);
    }
    const ten = Array.from({ length: 11 }, (_, i) => `词${i}`).join(' ');
    expect((await page(`/datasets?q=${encodeURIComponent(ten)}`)).status).to.equal(400);
  });

  it('names no resident ID typed as a parameter name', async () => {
    const { status, body } = await page('/datasets?441802199001011234=1');
    expect(status).to.equal(400);
    expect(body).to.not.include('441802199001011234');
  });

  it('answers a URL that does not decode with a 400 page, headers included', async () => {
    const { status, headers, body } = await page('/datasets/%E0%A4%A');
    expect(status).to.equal(400);
    expect(body).to.include('<h1>请求参数有误</h1>');
    expect(headers.get('content-security-policy')).to.include("default-src 'self'");
  });

  it('sends a strict Content-Security-Policy, nosniff and a referrer policy with every page, errors included', async () => {
    for (const path of ['/', '/datasets?q=%E6%B3%95%E4%BA%BA', '/datasets/legalEntity', '/datasets/person', '/datasets?page=0']) {
      const { headers, body } = await page(path);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp, path).to.include("default-src 'self'").and.include("script-src 'none'").and.include("style-src 'self'").and.include("frame-ancestors 'none'");
      expect(csp, path).to.not.include('unsafe-inline');
      expect(headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(headers.get('referrer-policy'), path).to.equal('same-origin');
      // Nothing inline that the policy would have to allow, and nothing loaded from elsewhere.
      expect(liveMarkup(body), path).to.deep.equal([]);
      for (const [, url] of body.matchAll(/<(?:link|img)[^>]+(?:href|src)="([^"]+)"/g)) {
        if (!url!.startsWith(server.url)) expect(url, path).to.match(/^\/(?!\/)/);
      }
    }
  });

  it('limits pages per client like the open APIs, with a 429 page that says when to retry', async () => {
    const limited = await startServer({ db: ctx.db, logger: silentLogger, catalog: server.catalog, config: testConfig({ GOVSHARE_OPEN_RATE_PER_MIN: '2' }), sweepIntervalMs: 0, alertIntervalMs: 0 }, 0);
    try {
      const statuses = [];
      for (const path of ['/', '/datasets', '/datasets/legalEntity']) statuses.push((await getPage(`${limited.url}${path}`)).status);
      expect(statuses).to.deep.equal([200, 200, 429]);
      const { headers, body } = await getPage(`${limited.url}/datasets/legalEntity`);
      expect(body).to.include('<h1>访问过于频繁</h1>');
      expect(Number(headers.get('retry-after'))).to.be.greaterThan(0);
      expect(headers.get('content-security-policy')).to.include("default-src 'self'");
      // The stylesheet is not counted: a page that is allowed is never shown unstyled.
      const css = await fetch(`${limited.url}${/href="(\/assets\/portal-[^"]+)"/.exec(body)![1]}`);
      expect(css.status).to.equal(200);
      await css.text();
    } finally {
      await limited.close();
    }
  });

  it('serves its stylesheet and icon from itself, cacheable for good', async () => {
    const { body } = await page('/');
    const css = /<link rel="stylesheet" href="(\/assets\/portal-[0-9a-f]{12}\.css)">/.exec(body)?.[1];
    const icon = /<link rel="icon" type="image\/svg\+xml" href="(\/assets\/icon-[0-9a-f]{12}\.svg)">/.exec(body)?.[1];
    for (const [path, type] of [[css, 'text/css'], [icon, 'image/svg+xml']] as const) {
      expect(path).to.be.a('string');
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.include(type);
      expect(res.headers.get('cache-control')).to.include('immutable');
      expect((await res.text()).length).to.be.greaterThan(100);
    }
    const stale = await fetch(`${server.url}/assets/portal-000000000000.css`);
    expect(stale.status).to.equal(404);
    await stale.text();
  });
});
