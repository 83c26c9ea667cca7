/**
 * Access tokens: JWTs signed with the one algorithm configuration pins (HS256 with a shared
 * secret, or RS256/ES256 with PEM key files and a `kid`). Verification accepts only that
 * algorithm and requires `iss`, `aud`, `exp` and `jti`; every failure is UnauthenticatedError
 * with a short reason and never the token.
 */
import { createPrivateKey, createPublicKey, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { type Config, UnauthenticatedError } from '../../shared/index.js';
import { ROLES, type Account, type Principal, type Role } from '../model.js';

export type AuthConfig = Config['auth'];

export interface TokenServiceOptions {
  /** Where a development HS256 secret is kept (`<dataDir>/jwt-secret`) when none is configured. */
  dataDir: string;
  /** `production` refuses to run HS256 without a configured secret. */
  nodeEnv?: string;
  now?: () => Date;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds. */
  expires_in: number;
}

/** The claims govshare puts in every token. */
export interface TokenClaims {
  sub: string;
  client_id: string;
  dept: string;
  roles: Role[];
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
}

export const DEV_SECRET_FILE = 'jwt-secret';
/** RFC 7518 §3.2: an HS256 key is at least as long as the hash output. */
const MIN_SECRET_LENGTH = 32;
const MAX_TOKEN_LENGTH = 8192;

interface Keys {
  signing: KeyObject;
  verifying: KeyObject;
}

export class TokenService {
  private readonly keys: Keys;
  private readonly now: () => Date;

  constructor(private readonly config: AuthConfig, options: TokenServiceOptions) {
    this.now = options.now ?? (() => new Date());
    if (!(config.tokenTtlSeconds > 0)) throw new Error('the token lifetime (GOVSHARE_TOKEN_TTL) must be positive');
    this.keys = config.algorithm === 'HS256' ? hmacKeys(config, options) : keyFileKeys(config);
  }

  get algorithm(): AuthConfig['algorithm'] {
    return this.config.algorithm;
  }

  issue(account: Account): IssuedToken {
    if (account.disabled) throw new UnauthenticatedError('account is disabled');
    const iat = Math.floor(this.now().getTime() / 1000);
    const claims: TokenClaims = {
      sub: account.id,
      client_id: account.clientId,
      dept: account.department,
      roles: account.roles,
      iss: this.config.issuer,
      aud: this.config.audience,
      iat,
      exp: iat + this.config.tokenTtlSeconds,
      jti: randomUUID(),
    };
    const access_token = jwt.sign(claims, this.keys.signing, {
      algorithm: this.config.algorithm,
      ...(this.config.algorithm === 'HS256' ? {} : { keyid: this.config.keyId }),
    });
    return { access_token, token_type: 'Bearer', expires_in: this.config.tokenTtlSeconds };
  }

  /** The principal a token names, or UnauthenticatedError. */
  verify(token: string): Principal {
    if (typeof token !== 'string' || !token || token.length > MAX_TOKEN_LENGTH) throw new UnauthenticatedError('token is malformed');
    let decoded: jwt.Jwt;
    try {
      decoded = jwt.verify(token, this.keys.verifying, {
        algorithms: [this.config.algorithm],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTimestamp: Math.floor(this.now().getTime() / 1000),
        complete: true,
      });
    } catch (err) {
      throw new UnauthenticatedError(reasonOf(err));
    }
    if (this.config.algorithm !== 'HS256' && decoded.header.kid !== this.config.keyId) throw new UnauthenticatedError('token key id is not accepted');
    return principalFrom(decoded.payload);
  }
}

function principalFrom(payload: string | jwt.JwtPayload): Principal {
  if (typeof payload === 'string') throw new UnauthenticatedError('token is malformed');
  if (typeof payload.exp !== 'number') throw new UnauthenticatedError('token has no expiry');
  if (typeof payload.jti !== 'string' || !payload.jti) throw new UnauthenticatedError('token has no id');
  const { sub, client_id: clientId, dept, roles } = payload as Partial<TokenClaims>;
  const rolesOk = Array.isArray(roles) && roles.every((r) => (ROLES as readonly unknown[]).includes(r));
  if (typeof sub !== 'string' || typeof clientId !== 'string' || typeof dept !== 'string' || !rolesOk) {
    throw new UnauthenticatedError('token claims are incomplete');
  }
  return { accountId: sub, clientId, department: dept, roles: roles!, tokenId: payload.jti };
}

/** A short reason of our own: jsonwebtoken's messages may quote expected values. */
function reasonOf(err: unknown): string {
  if (err instanceof jwt.TokenExpiredError) return 'token has expired';
  if (err instanceof jwt.NotBeforeError) return 'token is not yet valid';
  const message = err instanceof Error ? err.message : '';
  if (message.startsWith('invalid signature')) return 'token signature is invalid';
  if (message.startsWith('jwt signature is required')) return 'token is unsigned';
  if (message.startsWith('invalid algorithm')) return 'token algorithm is not accepted';
  if (message.startsWith('jwt audience invalid')) return 'token audience is not accepted';
  if (message.startsWith('jwt issuer invalid')) return 'token issuer is not accepted';
  if (message.startsWith('jwt malformed') || message.startsWith('invalid token')) return 'token is malformed';
  return 'token is invalid';
}

function hmacKeys(config: AuthConfig, options: TokenServiceOptions): Keys {
  let key: KeyObject;
  if (config.secret !== undefined) {
    if (config.secret.length < MIN_SECRET_LENGTH) throw new Error(`GOVSHARE_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    key = createSecretKey(Buffer.from(config.secret, 'utf8'));
  } else if (options.nodeEnv === 'production') {
    throw new Error('HS256 in production needs GOVSHARE_JWT_SECRET (or GOVSHARE_JWT_ALG=RS256/ES256 with key files); refusing to start');
  } else {
    key = createSecretKey(developmentSecret(options.dataDir));
  }
  return { signing: key, verifying: key };
}

/**
 * The development secret shared by the CLI and every server process on this machine: made once,
 * atomically (written aside, then hard-linked into place), so concurrent first starts agree.
 */
export function developmentSecret(dataDir: string, file: string = DEV_SECRET_FILE): Buffer {
  const path = join(dataDir, file);
  const read = () => {
    const text = readFileSync(path, 'utf8').trim();
    const bytes = Buffer.from(text, 'base64url');
    if (bytes.length < MIN_SECRET_LENGTH) throw new Error(`${path} holds no usable secret; delete it to make a new one`);
    return bytes;
  };
  try {
    return read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(aside);
  }
  return read();
}

function keyFileKeys(config: AuthConfig): Keys {
  const { algorithm, privateKeyFile, publicKeyFile, keyId } = config;
  if (!privateKeyFile || !publicKeyFile || !keyId) {
    throw new Error(`${algorithm} needs GOVSHARE_JWT_PRIVATE_KEY_FILE, GOVSHARE_JWT_PUBLIC_KEY_FILE and GOVSHARE_JWT_KID`);
  }
  const signing = createPrivateKey(readFileSync(privateKeyFile));
  const verifying = createPublicKey(readFileSync(publicKeyFile));
  const wanted = algorithm === 'RS256' ? 'rsa' : 'ec';
  for (const [what, key] of [['private', signing], ['public', verifying]] as const) {
    if (key.asymmetricKeyType !== wanted) throw new Error(`${algorithm} needs an ${wanted.toUpperCase()} ${what} key`);
    if (algorithm === 'ES256' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error(`ES256 needs a P-256 ${what} key`);
  }
  try {
    jwt.verify(jwt.sign({ probe: true }, signing, { algorithm }), verifying, { algorithms: [algorithm] });
  } catch {
    throw new Error(`the ${algorithm} public key does not match the private key`);
  }
  return { signing, verifying };
}
