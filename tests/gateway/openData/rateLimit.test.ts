import { expect } from 'chai';
import { loadConfig } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { startOpenServer, type OpenServer } from './fixtures.js';

const KEY = 'qingyuan-open-key-0001';

describeEngines('rate limiting of the open APIs', (ctx) => {
  let server: OpenServer;
  before(async () => {
    server = await startOpenServer(ctx.db, { GOVSHARE_OPEN_RATE_PER_MIN: '3', GOVSHARE_OPEN_KEY_RATE_PER_MIN: '5', GOVSHARE_PUBLIC_API_KEYS: `other-key-000000000,${KEY}` });
  });
  after(async () => {
    await server?.close();
  });

  // The server trusts X-Forwarded-For from loopback, so each test plays its own client addresses.
  const get = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

  it('answers the fourth anonymous request a minute from one address with 429 RATE_LIMITED and Retry-After', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 3; i++) expect((await get('/api/v1/departments', client)).status).to.equal(200);
    const limited = await get('/api/v1/resources/enforcementCase/rows', client);
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect(((await limited.json()) as { error: { code: string } }).error.code).to.equal('RATE_LIMITED');
    expect((await get('/api/v1/departments', { 'x-forwarded-for': '203.0.113.8' })).status, 'another address').to.equal(200);
  });

  it('limits CKAN actions too, in CKAN\'s envelope', async () => {
    const client = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 3; i++) await (await get('/api/3/action/datastore_search?resource_id=serviceItem&limit=1', client)).arrayBuffer();
    const limited = await get('/api/3/action/datastore_search?resource_id=serviceItem&limit=1', client);
    expect(limited.status).to.equal(429);
    expect(await limited.json()).to.deep.include({ success: false });
  });

  it('counts an IPv6 client per /56', async () => {
    for (let i = 0; i < 3; i++) expect((await get('/api/v1/departments', { 'x-forwarded-for': `2001:db8:0:1${i}::${i + 1}` })).status).to.equal(200);
    expect((await get('/api/v1/departments', { 'x-forwarded-for': '2001:db8:0:20::9' })).status).to.equal(429);
  });

  it('gives a valid X-Api-Key its own, higher limit, and refuses an unknown one', async () => {
    const client = { 'x-forwarded-for': '198.51.100.1', 'x-api-key': KEY };
    for (let i = 0; i < 5; i++) expect((await get('/api/v1/departments', client)).status).to.equal(200);
    expect((await get('/api/v1/departments', client)).status).to.equal(429);
    const unknown = await get('/api/v1/departments', { 'x-forwarded-for': '198.51.100.2', 'x-api-key': 'guessed-key-00000000' });
    expect(unknown.status).to.equal(401);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).to.equal('UNAUTHENTICATED');
  });

  it('leaves health checks unlimited', async () => {
    for (let i = 0; i < 5; i++) expect((await get('/healthz', { 'x-forwarded-for': '203.0.113.7' })).status).to.equal(200);
  });
});

describe('open API rate configuration', () => {
  it('reads the limits and keys from the environment, and refuses short keys', () => {
    const config = loadConfig({ GOVSHARE_OPEN_RATE_PER_MIN: '60', GOVSHARE_PUBLIC_API_KEYS: ` ${KEY} , another-key-0000000 ` });
    expect(config.openData).to.deep.equal({ ratePerMinute: 60, keyRatePerMinute: 6000, apiKeys: [KEY, 'another-key-0000000'] });
    expect(loadConfig({}).openData).to.deep.equal({ ratePerMinute: 600, keyRatePerMinute: 6000, apiKeys: [] });
    expect(() => loadConfig({ GOVSHARE_PUBLIC_API_KEYS: 'short' })).to.throw(/at least 16/);
    expect(() => loadConfig({ GOVSHARE_OPEN_RATE_PER_MIN: 'many' })).to.throw(/GOVSHARE_OPEN_RATE_PER_MIN/);
  });
});
