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
  demo: {
    /** Load the demo world when the server starts on an empty catalog (`GOVSHARE_DEMO`, default on). */
    loadOnStart: boolean;
    /** Persons generated on first start (`GOVSHARE_DEMO_PERSONS`, default 20000). */
    persons: number;
    /** Seed of the demo generator (`GOVSHARE_DEMO_SEED`, default 1). */
    seed: number;
  };
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/govshare.sqlite';

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const level = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${level}"`);
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    nodeEnv,
    logLevel: level,
    demo: {
      loadOnStart: !['0', 'false', 'off', 'no'].includes((env.GOVSHARE_DEMO ?? '').toLowerCase()),
      persons: intFrom(env.GOVSHARE_DEMO_PERSONS, 20_000, 'GOVSHARE_DEMO_PERSONS'),
      seed: intFrom(env.GOVSHARE_DEMO_SEED, 1, 'GOVSHARE_DEMO_SEED'),
    },
  };
}
