/**
 * The portal in a real browser: headless Chromium driven by playwright-core. It searches, opens a
 * dataset, narrows by a facet, and checks that nothing was logged as an error and the
 * Content-Security-Policy refused nothing. Skips only when /usr/bin/chromium is absent.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describeEngines } from '../../support/engines.js';
import { startPortalServer, type PortalServer } from './world.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** What a page reported: console errors, uncaught exceptions, and every CSP violation event. */
interface Reports {
  errors: string[];
  violations: string[];
}

// Browser-side code is given as source text: the suite compiles without the DOM's types.
const RECORD_VIOLATIONS = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`;

/** Runs an expression in the page and returns its value. */
function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

async function watch(context: BrowserContext): Promise<{ page: Page; reports: Reports; violations: () => Promise<string[]> }> {
  // Registered through the DevTools protocol before any page script, which CSP does not govern.
  await context.addInitScript(RECORD_VIOLATIONS);
  const page = await context.newPage();
  const reports: Reports = { errors: [], violations: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') reports.errors.push(m.text());
  });
  page.on('pageerror', (e) => reports.errors.push(e.message));
  // The event list lives in the page, so it is read before each navigation leaves it.
  const violations = async () => {
    const found = await inPage<string[]>(page, 'window.__cspViolations ?? []');
    reports.violations.push(...found);
    return found;
  };
  return { page, reports, violations };
}

describeEngines('the portal in headless Chromium', (ctx) => {
  let server: PortalServer;
  let context: BrowserContext;
  let profile: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`    skipped: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`);
      this.skip();
    }
    server = await startPortalServer(ctx.db);
    profile = mkdtempSync(join(tmpdir(), 'govshare-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await server?.close();
  });

  it('searches 法人 from the home page, opens the legal-entity dataset and finds its preview and CSV link', async () => {
    const { page, reports, violations } = await watch(context);
    await page.goto(`${server.url}/`);
    expect(await page.title()).to.equal('清远市政务数据开放平台');
    // The stylesheet loaded and applied: the header has the portal's blue.
    expect(await inPage(page, `getComputedStyle(document.querySelector('header.site')).backgroundColor`)).to.equal('rgb(11, 92, 173)');
    await violations();
    await page.getByLabel('搜索数据集').fill('法人');
    await page.getByLabel('搜索数据集').press('Enter');
    await page.waitForURL(/\/datasets\?q=%E6%B3%95%E4%BA%BA$/);
    expect(await page.locator('#result-count').textContent()).to.equal('共找到 1 个数据集');
    await violations();
    await page.getByRole('link', { name: '法人基础信息' }).click();
    await page.waitForURL(`${server.url}/datasets/legalEntity`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('法人基础信息');
    const preview = page.locator('section[aria-labelledby="preview"] table');
    expect(await preview.locator('tbody tr').count()).to.equal(20);
    expect(await preview.locator('thead th').first().textContent()).to.equal('统一社会信用代码');
    const csv = page.getByRole('link', { name: '下载 CSV' });
    expect(await csv.getAttribute('href')).to.equal(`${server.url}/api/v1/resources/legalEntity/download.csv`);
    const download = await page.request.get((await csv.getAttribute('href'))!);
    expect(download.status()).to.equal(200);
    expect(download.headers()['content-type']).to.match(/^text\/csv/);
    await violations();
    expect(reports).to.deep.equal({ errors: [], violations: [] });
    await page.close();
  });

  it('narrows the list by clicking a facet, and widens it again by removing the chip', async () => {
    const { page, reports, violations } = await watch(context);
    await page.goto(`${server.url}/datasets`);
    const cards = page.locator('ul.results > li');
    expect(await cards.count()).to.equal(10);
    expect(await page.locator('#result-count').textContent()).to.match(/^共找到 13 个数据集/);
    await violations();
    await page.getByRole('complementary').getByRole('link', { name: '清远市城市管理和综合执法局' }).click();
    await page.waitForURL(/provider=ule$/);
    expect(await page.locator('#result-count').textContent()).to.equal('共找到 2 个数据集');
    const names = await cards.locator('h3').allTextContents();
    expect(names.sort()).to.deep.equal(['公共停车场', '行政执法信息']);
    await violations();
    await page.getByRole('link', { name: '移除条件 提供部门：清远市城市管理和综合执法局' }).click();
    await page.waitForURL(`${server.url}/datasets`);
    expect(await page.locator('#result-count').textContent()).to.match(/^共找到 13 个数据集/);
    await violations();
    expect(reports).to.deep.equal({ errors: [], violations: [] });
    await page.close();
  });

  it('is usable by keyboard: the first Tab reaches the skip link, which moves focus to the content', async () => {
    const { page, reports, violations } = await watch(context);
    await page.goto(`${server.url}/datasets`);
    await page.keyboard.press('Tab');
    expect(await inPage(page, 'document.activeElement?.textContent')).to.equal('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await inPage(page, 'document.activeElement?.id')).to.equal('main');
    await violations();
    expect(reports).to.deep.equal({ errors: [], violations: [] });
    await page.close();
  });

  it('enforces its policy: a script or a foreign image put into a page is refused and reported', async () => {
    const { page, violations } = await watch(context);
    await page.goto(`${server.url}/`);
    const ran = await inPage(
      page,
      `(async () => {
        const script = document.createElement('script');
        script.textContent = 'document.body.dataset.ran = "yes"';
        document.body.append(script);
        const img = document.createElement('img');
        img.src = 'http://example.invalid/pixel.png';
        document.body.append(img);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return document.body.dataset.ran ?? 'no';
      })()`,
    );
    expect(ran).to.equal('no');
    const seen = await violations();
    expect(seen.some((v) => v.startsWith('script-src'))).to.equal(true);
    expect(seen.some((v) => v.startsWith('img-src'))).to.equal(true);
    await page.close();
  });
});
