/**
 * The one place that reads the environment. Everything else receives a `Config`.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** HTTP port of the gateway (`PORT`, default 3000). */
  port: number;
  /** `sqlite:<path>` or `postgres://…` (`DATABASE_URL`, default `sqlite:./data/govshare.sqlite`). */
  databaseUrl: string;
  /** `NODE_ENV`, default `development`. */
  nodeEnv: string;
  /** pino level (`LOG_LEVEL`, default `info`; `silent` under test). */
  logLevel: LogLevel;
  /** Where local state lives (`GOVSHARE_DATA_DIR`, default `./data`): the SQLite file, a development JWT secret. */
  dataDir: string;
  /**
   * `GOVSHARE_PUBLIC_URL`: the base of the absolute URLs in the open catalog's views (DCAT-AP, CKAN,
   * Frictionless), e.g. `https://data.qingyuan.gov.cn`. Without it they are built from each request's host.
   */
  publicUrl?: string;
  auth: {
    /** `GOVSHARE_JWT_ALG`: HS256 (default), RS256 or ES256. Verification accepts only this one. */
    algorithm: JwtAlgorithm;
    /** `GOVSHARE_JWT_SECRET` for HS256. Without it, development generates one in `dataDir`; production refuses to start. */
    secret?: string;
    /** `GOVSHARE_JWT_PRIVATE_KEY_FILE` / `GOVSHARE_JWT_PUBLIC_KEY_FILE` (PEM) for RS256/ES256. */
    privateKeyFile?: string;
    publicKeyFile?: string;
    /** `GOVSHARE_JWT_KID`: the `kid` header of signed tokens (required with key files). */
    keyId?: string;
    /** `GOVSHARE_JWT_ISSUER` (default `govshare`) and `GOVSHARE_JWT_AUDIENCE` (default `govshare-api`). */
    issuer: string;
    audience: string;
    /** `GOVSHARE_TOKEN_TTL` seconds (default 900 = 15 minutes). */
    tokenTtlSeconds: number;
  };
  exchange: {
    /** Working days a provider has to answer a conditional request (`GOVSHARE_APPROVAL_DAYS`, default 10). */
    approvalWorkingDays: number;
  };
  ledger: {
    /**
     * `GOVSHARE_LEDGER_KEY`: the HMAC key of the audit ledger — keyed hashes of personal identifiers
     * and checkpoint signatures. Development generates one in `dataDir`; production requires it.
     */
    key?: string;
    /** `GOVSHARE_LEDGER_SIGNING_KEY_FILE`: an Ed25519 private key (PEM) to sign checkpoints with instead of the HMAC. */
    signingKeyFile?: string;
    /** Group-commit window in ms (`GOVSHARE_LEDGER_WINDOW_MS`, default 2). */
    windowMs: number;
    /** A checkpoint after this many entries (`GOVSHARE_LEDGER_CHECKPOINT_EVERY`, default 1000). */
    checkpointEvery: number;
  };
  openData: {
    /**
     * Requests a minute to the open APIs (`/api/v1`, `/api/3/action`) from one client address
     * without an API key (`GOVSHARE_OPEN_RATE_PER_MIN`, default 600; 0 turns limiting off).
     */
    ratePerMinute: number;
    /** Requests a minute per public API key (`GOVSHARE_OPEN_KEY_RATE_PER_MIN`, default 6000). */
    keyRatePerMinute: number;
    /** Public API keys sent as `X-Api-Key` (`GOVSHARE_PUBLIC_API_KEYS`, comma-separated; default none). */
    apiKeys: string[];
  };
  uploads: {
    /** The largest file a publisher may upload for its resource (`GOVSHARE_UPLOAD_MAX_MB`, default 2048). */
    maxBytes: number;
  };
  demo: {
    /** Load the demo world when the server starts on an empty catalog (`GOVSHARE_DEMO`, default on). */
    loadOnStart: boolean;
    /** Persons generated on first start (`GOVSHARE_DEMO_PERSONS`, default 20000). */
    persons: number;
    /** Seed of the demo generator (`GOVSHARE_DEMO_SEED`, default 1). */
    seed: number;
  };
}

export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export const DEFAULT_DATABASE_URL = 'sqlite:./data/govshare.sqlite';

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** An http(s) URL without a trailing slash, or undefined when unset. */
function baseUrlFrom(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, got "${value}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new Error(`${name} must be an http(s) URL without query or fragment, got "${value}"`);
  }
  return url.href.replace(/\/+$/, '');
}

// A key is all that stands between a client and the higher limit, so it must not be guessable.
function apiKeysFrom(value: string | undefined): string[] {
  const keys = (value ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (keys.some((k) => k.length < 16)) throw new Error('every key in GOVSHARE_PUBLIC_API_KEYS must be at least 16 characters long');
  return keys;
}

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const level = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${level}"`);
  const algorithm = (env.GOVSHARE_JWT_ALG || 'HS256') as JwtAlgorithm;
  if (!JWT_ALGORITHMS.includes(algorithm)) throw new Error(`GOVSHARE_JWT_ALG must be one of ${JWT_ALGORITHMS.join(', ')}, got "${algorithm}"`);
  if (algorithm !== 'HS256' && !(env.GOVSHARE_JWT_PRIVATE_KEY_FILE && env.GOVSHARE_JWT_PUBLIC_KEY_FILE && env.GOVSHARE_JWT_KID)) {
    throw new Error(`${algorithm} needs GOVSHARE_JWT_PRIVATE_KEY_FILE, GOVSHARE_JWT_PUBLIC_KEY_FILE and GOVSHARE_JWT_KID`);
  }
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    nodeEnv,
    logLevel: level,
    dataDir: env.GOVSHARE_DATA_DIR || './data',
    publicUrl: baseUrlFrom(env.GOVSHARE_PUBLIC_URL, 'GOVSHARE_PUBLIC_URL'),
    auth: {
      algorithm,
      secret: env.GOVSHARE_JWT_SECRET || undefined,
      privateKeyFile: env.GOVSHARE_JWT_PRIVATE_KEY_FILE || undefined,
      publicKeyFile: env.GOVSHARE_JWT_PUBLIC_KEY_FILE || undefined,
      keyId: env.GOVSHARE_JWT_KID || undefined,
      issuer: env.GOVSHARE_JWT_ISSUER || 'govshare',
      audience: env.GOVSHARE_JWT_AUDIENCE || 'govshare-api',
      tokenTtlSeconds: intFrom(env.GOVSHARE_TOKEN_TTL, 900, 'GOVSHARE_TOKEN_TTL'),
    },
    exchange: {
      approvalWorkingDays: intFrom(env.GOVSHARE_APPROVAL_DAYS, 10, 'GOVSHARE_APPROVAL_DAYS'),
    },
    ledger: {
      key: env.GOVSHARE_LEDGER_KEY || undefined,
      signingKeyFile: env.GOVSHARE_LEDGER_SIGNING_KEY_FILE || undefined,
      windowMs: intFrom(env.GOVSHARE_LEDGER_WINDOW_MS, 2, 'GOVSHARE_LEDGER_WINDOW_MS'),
      checkpointEvery: intFrom(env.GOVSHARE_LEDGER_CHECKPOINT_EVERY, 1000, 'GOVSHARE_LEDGER_CHECKPOINT_EVERY'),
    },
    openData: {
      ratePerMinute: intFrom(env.GOVSHARE_OPEN_RATE_PER_MIN, 600, 'GOVSHARE_OPEN_RATE_PER_MIN'),
      keyRatePerMinute: intFrom(env.GOVSHARE_OPEN_KEY_RATE_PER_MIN, 6000, 'GOVSHARE_OPEN_KEY_RATE_PER_MIN'),
      apiKeys: apiKeysFrom(env.GOVSHARE_PUBLIC_API_KEYS),
    },
    uploads: {
      maxBytes: intFrom(env.GOVSHARE_UPLOAD_MAX_MB, 2048, 'GOVSHARE_UPLOAD_MAX_MB') * 1024 * 1024,
    },
    demo: {
      loadOnStart: !['0', 'false', 'off', 'no'].includes((env.GOVSHARE_DEMO ?? '').toLowerCase()),
      persons: intFrom(env.GOVSHARE_DEMO_PERSONS, 20_000, 'GOVSHARE_DEMO_PERSONS'),
      seed: intFrom(env.GOVSHARE_DEMO_SEED, 1, 'GOVSHARE_DEMO_SEED'),
    },
  };
}
