import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { TokenService, type Account, type AuthConfig } from '../../../exchange/index.js';
import { UnauthenticatedError, type Config } from '../../../shared/index.js';
import { removeTempDirs, tempDir, testConfig } from './fixtures.js';

const SECRET = 'an-hs256-test-secret-of-at-least-32-chars';
const T0 = new Date('2026-03-02T08:00:00.000Z');

const account: Account = {
  id: '6f1c1b8e-0d8a-4a59-9f57-0c6a3f3b9a10',
  clientId: 'hrss-client',
  kind: 'service',
  department: 'hrss',
  name: '清远市人力资源和社会保障局数据交换服务账号',
  roles: ['consumer'],
  disabled: false,
  createdAt: T0.toISOString(),
};

function hs256(env: Record<string, string> = {}, now = () => T0): { tokens: TokenService; config: Config } {
  const config = testConfig({ GOVSHARE_JWT_SECRET: SECRET, ...env });
  return { tokens: new TokenService(config.auth, { dataDir: config.dataDir, now }), config };
}

function rejection(tokens: TokenService, token: string): UnauthenticatedError {
  try {
    tokens.verify(token);
  } catch (err) {
    expect(err).to.be.instanceOf(UnauthenticatedError);
    if (token.length > 8) expect((err as Error).message).to.not.include(token);
    return err as UnauthenticatedError;
  }
  return expect.fail('the token was accepted');
}

/** Claims as govshare writes them, for tokens the tests sign themselves. */
function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(T0.getTime() / 1000);
  return { sub: account.id, client_id: 'hrss-client', dept: 'hrss', roles: ['consumer'], iss: 'govshare', aud: 'govshare-api', iat, exp: iat + 900, jti: 'a-token-id', ...extra };
}

/** PEM key files of a fresh key pair, and the config that names them. */
function keyFiles(algorithm: 'RS256' | 'ES256', kid: string): { config: Config; privatePem: string; publicPem: string } {
  const dir = tempDir('govshare-keys-');
  const pair =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
      : generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  writeFileSync(join(dir, 'private.pem'), pair.privateKey, { mode: 0o600 });
  writeFileSync(join(dir, 'public.pem'), pair.publicKey);
  const config = testConfig({
    GOVSHARE_JWT_ALG: algorithm,
    GOVSHARE_JWT_PRIVATE_KEY_FILE: join(dir, 'private.pem'),
    GOVSHARE_JWT_PUBLIC_KEY_FILE: join(dir, 'public.pem'),
    GOVSHARE_JWT_KID: kid,
  });
  return { config, privatePem: pair.privateKey, publicPem: pair.publicKey };
}

const service = (config: Config, auth: Partial<AuthConfig> = {}) => new TokenService({ ...config.auth, ...auth }, { dataDir: config.dataDir, now: () => T0 });

after(removeTempDirs);

describe('access tokens', () => {
  describe('HS256', () => {
    it('issues a bearer token whose verification yields the account as principal', () => {
      const { tokens } = hs256();
      const issued = tokens.issue(account);
      expect(issued.token_type).to.equal('Bearer');
      expect(issued.expires_in).to.equal(900);
      const principal = tokens.verify(issued.access_token);
      expect(principal).to.deep.include({ accountId: account.id, clientId: 'hrss-client', department: 'hrss', roles: ['consumer'] });
      expect(principal.tokenId).to.match(/^[0-9a-f-]{36}$/);
    });

    it('sets sub, client_id, dept, roles, iss, aud, iat, exp 15 minutes on and a fresh jti', () => {
      const { tokens } = hs256();
      const decoded = jwt.decode(tokens.issue(account).access_token, { complete: true })!;
      const payload = decoded.payload as jwt.JwtPayload;
      expect(decoded.header).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
      expect(payload).to.include({ sub: account.id, client_id: 'hrss-client', dept: 'hrss', iss: 'govshare', aud: 'govshare-api', iat: T0.getTime() / 1000 });
      expect(payload.exp! - payload.iat!).to.equal(900);
      expect(payload.roles).to.deep.equal(['consumer']);
      const other = jwt.decode(tokens.issue(account).access_token) as jwt.JwtPayload;
      expect(other.jti).to.not.equal(payload.jti);
    });

    it('honours the configured lifetime, issuer and audience', () => {
      const { tokens } = hs256({ GOVSHARE_TOKEN_TTL: '60', GOVSHARE_JWT_ISSUER: 'qy-share', GOVSHARE_JWT_AUDIENCE: 'qy-api' });
      const issued = tokens.issue(account);
      const payload = jwt.decode(issued.access_token) as jwt.JwtPayload;
      expect([issued.expires_in, payload.exp! - payload.iat!, payload.iss, payload.aud]).to.deep.equal([60, 60, 'qy-share', 'qy-api']);
      expect(tokens.verify(issued.access_token).clientId).to.equal('hrss-client');
    });

    it('rejects a token once it has expired, by the injected clock', () => {
      let now = T0;
      const { tokens } = hs256({}, () => now);
      const token = tokens.issue(account).access_token;
      now = new Date(T0.getTime() + 899_000);
      expect(tokens.verify(token).clientId).to.equal('hrss-client');
      now = new Date(T0.getTime() + 901_000);
      expect(rejection(tokens, token).message).to.equal('token has expired');
    });

    it('rejects a token for another audience', () => {
      const token = hs256({ GOVSHARE_JWT_AUDIENCE: 'someone-else' }).tokens.issue(account).access_token;
      expect(rejection(hs256().tokens, token).message).to.equal('token audience is not accepted');
    });

    it('rejects a token from another issuer', () => {
      const token = hs256({ GOVSHARE_JWT_ISSUER: 'impostor' }).tokens.issue(account).access_token;
      expect(rejection(hs256().tokens, token).message).to.equal('token issuer is not accepted');
    });

    it('rejects an unsigned `alg: none` token', () => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const token = `${part({ alg: 'none', typ: 'JWT' })}.${part(claims())}.`;
      expect(rejection(hs256().tokens, token).message).to.equal('token is unsigned');
    });

    it('rejects a token signed with another secret', () => {
      const token = jwt.sign(claims(), 'another-secret-that-is-also-long-enough', { algorithm: 'HS256' });
      expect(rejection(hs256().tokens, token).message).to.equal('token signature is invalid');
    });

    it('rejects a well-signed token without jti, or without exp', () => {
      const { tokens } = hs256();
      const { jti: _jti, ...noJti } = claims();
      const { exp: _exp, ...noExp } = claims();
      expect(rejection(tokens, jwt.sign(noJti, SECRET, { algorithm: 'HS256' })).message).to.equal('token has no id');
      expect(rejection(tokens, jwt.sign(noExp, SECRET, { algorithm: 'HS256' })).message).to.equal('token has no expiry');
    });

    it('rejects a well-signed token without iss or aud, or with unknown roles', () => {
      const { tokens } = hs256();
      const { iss: _iss, ...noIss } = claims();
      const { aud: _aud, ...noAud } = claims();
      expect(rejection(tokens, jwt.sign(noIss, SECRET, { algorithm: 'HS256' })).message).to.equal('token issuer is not accepted');
      expect(rejection(tokens, jwt.sign(noAud, SECRET, { algorithm: 'HS256' })).message).to.equal('token audience is not accepted');
      expect(rejection(tokens, jwt.sign(claims({ roles: ['root'] }), SECRET, { algorithm: 'HS256' })).message).to.equal('token claims are incomplete');
    });

    it('rejects a well-signed HS512 token: only the configured algorithm is accepted', () => {
      const token = jwt.sign(claims(), SECRET, { algorithm: 'HS512' });
      expect(rejection(hs256().tokens, token).message).to.equal('token algorithm is not accepted');
    });

    it('rejects garbage as malformed', () => {
      const { tokens } = hs256();
      for (const token of ['', 'abc', 'a.b.c', 'x'.repeat(9000)]) expect(rejection(tokens, token).message).to.equal('token is malformed');
    });

    it('refuses to issue a token to a disabled account', () => {
      expect(() => hs256().tokens.issue({ ...account, disabled: true })).to.throw(UnauthenticatedError, 'disabled');
    });

    it('refuses a configured secret shorter than 32 characters', () => {
      const config = testConfig({ GOVSHARE_JWT_SECRET: 'too-short' });
      expect(() => new TokenService(config.auth, { dataDir: config.dataDir })).to.throw(/at least 32/);
    });
  });

  describe('the development secret', () => {
    it('refuses to start in production without a configured secret', () => {
      const config = testConfig({ NODE_ENV: 'production' });
      expect(() => new TokenService(config.auth, { dataDir: config.dataDir, nodeEnv: 'production' })).to.throw(/GOVSHARE_JWT_SECRET/);
    });

    it('is generated once into <dataDir>/jwt-secret (0600) and shared by every service over that directory', () => {
      const config = testConfig();
      const first = new TokenService(config.auth, { dataDir: config.dataDir, nodeEnv: 'development' });
      const path = join(config.dataDir, 'jwt-secret');
      expect(statSync(path).mode & 0o777).to.equal(0o600);
      expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url').length).to.equal(48);
      const second = new TokenService(config.auth, { dataDir: config.dataDir });
      expect(second.verify(first.issue(account).access_token).clientId).to.equal('hrss-client');
      const elsewhere = testConfig();
      expect(rejection(new TokenService(elsewhere.auth, { dataDir: elsewhere.dataDir }), first.issue(account).access_token).message).to.equal('token signature is invalid');
    });
  });

  describe('RS256 and ES256', () => {
    for (const algorithm of ['RS256', 'ES256'] as const) {
      it(`${algorithm}: round-trips a token carrying the configured kid`, () => {
        const { config } = keyFiles(algorithm, `${algorithm.toLowerCase()}-2026-03`);
        const tokens = service(config);
        const token = tokens.issue(account).access_token;
        expect(jwt.decode(token, { complete: true })!.header).to.deep.equal({ alg: algorithm, typ: 'JWT', kid: `${algorithm.toLowerCase()}-2026-03` });
        expect(tokens.verify(token)).to.deep.include({ clientId: 'hrss-client', department: 'hrss' });
      });
    }

    it('rejects a token signed with the right key but another kid', () => {
      const { config, privatePem } = keyFiles('RS256', 'current');
      const token = jwt.sign(claims(), privatePem, { algorithm: 'RS256', keyid: 'retired' });
      expect(rejection(service(config), token).message).to.equal('token key id is not accepted');
    });

    it('rejects an HS256 token presented to an RS256 service, even one keyed with the public key', () => {
      const { config, publicPem } = keyFiles('RS256', 'k1');
      const rs = service(config);
      expect(rejection(rs, hs256().tokens.issue(account).access_token).message).to.equal('token algorithm is not accepted');
      // The classic confusion: the public key (which anyone may hold) used as an HMAC secret.
      const forged = Buffer.from(publicPem);
      const parts = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const body = `${parts({ alg: 'HS256', typ: 'JWT', kid: 'k1' })}.${parts(claims())}`;
      const token = `${body}.${createHmac('sha256', forged).update(body).digest('base64url')}`;
      expect(rejection(rs, token).message).to.equal('token algorithm is not accepted');
    });

    it('refuses key files that do not belong together or to the algorithm', () => {
      const rsa = keyFiles('RS256', 'a').config;
      const other = keyFiles('RS256', 'b').config;
      expect(() => service(rsa, { publicKeyFile: other.auth.publicKeyFile })).to.throw(/does not match/);
      const ec = keyFiles('ES256', 'c').config;
      expect(() => service(rsa, { algorithm: 'ES256' })).to.throw(/ES256 needs an EC/);
      expect(() => service(ec, { algorithm: 'RS256' })).to.throw(/RS256 needs an RSA/);
    });
  });
});
