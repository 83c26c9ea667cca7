import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import express from 'express';
import jwt from 'jsonwebtoken';
import { Catalog } from '../../catalog/index.js';
import { loadDemoWorld } from '../../demo/index.js';
import { Accounts, TokenService } from '../../exchange/index.js';
import { authenticate, principalOf } from '../../gateway/index.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { errorMiddleware } from '../../gateway/errors.js';
import type { Config } from '../../shared/index.js';
import { childAuthEnv, removeTempDirs, testConfig } from '../exchange/accounts/fixtures.js';
import { describeEngines } from '../support/engines.js';
import { silentLogger } from '../support/server.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/govshare.js', import.meta.url));
const FORM = 'application/x-www-form-urlencoded';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

async function departments(url: string, authorization?: string): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: '{ departments { code } }' }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

after(removeTempDirs);

describeEngines('POST /auth/token and bearer authentication', (ctx) => {
  let server: RunningServer;
  let config: Config;
  let tokens: TokenService;
  let tokenUrl: string;

  before(async function () {
    this.timeout(120_000);
    const catalog = new Catalog(ctx.db);
    await loadDemoWorld(ctx.db, catalog, { persons: 30, seed: 7 });
    config = testConfig(); // HS256 with a development secret in a fresh data directory
    server = await startServer({ db: ctx.db, logger: silentLogger, catalog, config }, 0);
    tokens = new TokenService(config.auth, { dataDir: config.dataDir });
    tokenUrl = `${server.url}/auth/token`;
  });
  after(async () => {
    await server?.close();
  });

  it('issues a token for form-encoded client credentials, uncacheable', async () => {
    const res = await post(tokenUrl, 'grant_type=client_credentials&client_id=hrss-client&client_secret=hrss-demo-secret');
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    expect(res.body).to.have.keys(['access_token', 'token_type', 'expires_in']);
    expect(res.body).to.include({ token_type: 'Bearer', expires_in: 900 });
    expect(tokens.verify(res.body.access_token)).to.include({ clientId: 'hrss-client', department: 'hrss' });
  });

  it('issues a token for credentials in a JSON body', async () => {
    const res = await post(tokenUrl, JSON.stringify({ grant_type: 'client_credentials', client_id: 'edu-client', client_secret: 'edu-demo-secret' }), { 'content-type': 'application/json' });
    expect(res.status).to.equal(200);
    expect(tokens.verify(res.body.access_token).clientId).to.equal('edu-client');
  });

  it('issues a token for HTTP Basic credentials, form-decoding them (RFC 6749 §2.3.1)', async () => {
    await new Accounts(ctx.db).create({ clientId: 'gsc-odd', kind: 'service', department: 'gsc', name: '特殊字符', roles: ['consumer'], secret: 'p%ss:w+rd&=secret' });
    const res = await post(tokenUrl, 'grant_type=client_credentials', { authorization: basic('gsc-odd', 'p%ss:w+rd&=secret') });
    expect(res.status).to.equal(200);
    expect(tokens.verify(res.body.access_token).clientId).to.equal('gsc-odd');
    expect((await post(tokenUrl, 'grant_type=client_credentials', { authorization: basic('psb-client', 'psb-demo-secret') })).status).to.equal(200);
  });

  it('answers a wrong secret, an unknown client and a disabled account with 401 invalid_client alike', async () => {
    await new Accounts(ctx.db).create({ clientId: 'amr-off', kind: 'service', department: 'amr', name: '停用', roles: ['consumer'], secret: 'amr-off-secret-1' });
    await new Accounts(ctx.db).disable('amr-off');
    const answers = [
      await post(tokenUrl, 'grant_type=client_credentials&client_id=hrss-client&client_secret=wrong-secret'),
      await post(tokenUrl, 'grant_type=client_credentials&client_id=nobody-client&client_secret=hrss-demo-secret'),
      await post(tokenUrl, 'grant_type=client_credentials', { authorization: basic('hrss-client', 'wrong-secret') }),
      await post(tokenUrl, 'grant_type=client_credentials&client_id=amr-off&client_secret=amr-off-secret-1'),
    ];
    for (const res of answers) {
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ error: 'invalid_client', error_description: 'client authentication failed' });
      expect(res.headers.get('www-authenticate')).to.match(/^Basic realm="govshare"/);
      expect(res.headers.get('cache-control')).to.equal('no-store');
    }
  });

  it('answers missing client credentials with 401 invalid_client', async () => {
    const res = await post(tokenUrl, 'grant_type=client_credentials&client_id=hrss-client');
    expect([res.status, res.body.error]).to.deep.equal([401, 'invalid_client']);
  });

  it('answers a missing grant_type with 400 invalid_request', async () => {
    const res = await post(tokenUrl, 'client_id=hrss-client&client_secret=hrss-demo-secret');
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ error: 'invalid_request', error_description: 'grant_type is required' });
  });

  it('answers another grant type with 400 unsupported_grant_type', async () => {
    const res = await post(tokenUrl, 'grant_type=password&username=a&password=b');
    expect([res.status, res.body.error]).to.deep.equal([400, 'unsupported_grant_type']);
  });

  it('answers two client authentication methods, a repeated parameter or an unreadable body with 400 invalid_request', async () => {
    const both = await post(tokenUrl, 'grant_type=client_credentials&client_secret=hrss-demo-secret', { authorization: basic('hrss-client', 'hrss-demo-secret') });
    const repeated = await post(tokenUrl, 'grant_type=client_credentials&client_id=hrss-client&client_id=edu-client&client_secret=x');
    const badJson = await post(tokenUrl, '{"grant_type":', { 'content-type': 'application/json' });
    const plain = await post(tokenUrl, 'grant_type=client_credentials', { 'content-type': 'text/plain' });
    for (const res of [both, repeated, badJson, plain]) expect([res.status, res.body.error]).to.deep.equal([400, 'invalid_request']);
  });

  it('lets a token from /auth/token query /graphql', async () => {
    const { body } = await post(tokenUrl, 'grant_type=client_credentials&client_id=eit-client&client_secret=eit-demo-secret');
    const res = await departments(server.url, `Bearer ${body.access_token}`);
    expect(res.status).to.equal(200);
    expect(res.body.data.departments).to.have.length(8);
  });

  it('lets an anonymous caller through to public routes', async () => {
    expect((await departments(server.url)).status).to.equal(200);
    expect((await fetch(`${server.url}/api/v1/departments`)).status).to.equal(200);
  });

  it('answers a forged token with 401 UNAUTHENTICATED and never echoes it', async () => {
    const { body } = await post(tokenUrl, 'grant_type=client_credentials&client_id=hrss-client&client_secret=hrss-demo-secret');
    const claims = jwt.decode(body.access_token) as jwt.JwtPayload;
    const forged = jwt.sign({ ...claims, dept: 'psb', roles: ['operator'] }, 'a-guessed-secret-that-is-long-enough!!');
    const res = await departments(server.url, `Bearer ${forged}`);
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ error: { code: 'UNAUTHENTICATED', message: 'token signature is invalid' } });
    expect(res.headers.get('www-authenticate')).to.equal('Bearer realm="govshare", error="invalid_token"');
    expect(JSON.stringify(res.body)).to.not.include(forged.split('.')[2]!);
  });

  it('answers an expired token with 401 UNAUTHENTICATED', async () => {
    const account = await new Accounts(ctx.db).get('hrss-client');
    const yesterday = new TokenService(config.auth, { dataDir: config.dataDir, now: () => new Date(Date.now() - 86_400_000) });
    const res = await departments(server.url, `Bearer ${yesterday.issue(account).access_token}`);
    expect([res.status, res.body.error]).to.deep.equal([401, { code: 'UNAUTHENTICATED', message: 'token has expired' }]);
  });

  it('answers an Authorization header that is not a bearer token with 401 UNAUTHENTICATED', async () => {
    for (const header of [basic('hrss-client', 'hrss-demo-secret'), 'Bearer', 'Bearer not a token']) {
      const res = await departments(server.url, header);
      expect([res.status, res.body.error?.code], header).to.deep.equal([401, 'UNAUTHENTICATED']);
    }
  });

  it('accepts a token printed by `govshare token` on the server machine', async () => {
    const url = ctx.db.schema ? `${ctx.db.url}?schema=${ctx.db.schema}` : ctx.db.url;
    const { stdout } = await run(process.execPath, [BIN, 'token', '--client', 'sup-client'], { env: { ...process.env, ...childAuthEnv(config), DATABASE_URL: url, LOG_LEVEL: 'silent' } });
    const res = await departments(server.url, `Bearer ${stdout.trim()}`);
    expect(res.status).to.equal(200);
  });
});

describe('authenticate middleware and principalOf', () => {
  let server: import('node:http').Server;
  let url: string;
  let tokens: TokenService;

  before(async () => {
    const config = testConfig({ GOVSHARE_JWT_SECRET: 'middleware-test-secret-0123456789abcdef' });
    tokens = new TokenService(config.auth, { dataDir: config.dataDir });
    const app = express();
    app.use(authenticate(tokens));
    app.get('/who', (_req, res) => {
      res.json({ principal: principalOf(res) ?? null });
    });
    app.use(errorMiddleware(silentLogger));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sets the verified principal for a bearer token', async () => {
    const account = { id: 'a1', clientId: 'edu-client', kind: 'service' as const, department: 'edu', name: 'x', roles: ['consumer' as const], disabled: false, createdAt: '2026-01-01T00:00:00.000Z' };
    const res = await fetch(`${url}/who`, { headers: { authorization: `Bearer ${tokens.issue(account).access_token}` } });
    const { principal } = (await res.json()) as { principal: Record<string, unknown> };
    expect(principal).to.deep.include({ accountId: 'a1', clientId: 'edu-client', department: 'edu', roles: ['consumer'] });
    expect(principal.tokenId).to.be.a('string');
  });

  it('leaves the principal undefined for an anonymous caller', async () => {
    const res = await fetch(`${url}/who`);
    expect(await res.json()).to.deep.equal({ principal: null });
  });
});
