/** A real govshare server on an ephemeral port over a test database with a small demo world. */
import { Catalog } from '../../catalog/index.js';
import { loadDemoWorld } from '../../demo/index.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, type Config } from '../../shared/index.js';
import type { TestDatabase } from './engines.js';

export const silentLogger = createLogger({ logLevel: 'silent' });

/** A configuration from the given variables only, never the process environment, with its own data dir. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    GOVSHARE_DATA_DIR: mkdtempSync(join(tmpdir(), 'govshare-data-')),
    GOVSHARE_JWT_SECRET: 'test-secret-of-the-govshare-suite-0123456789',
    ...env,
  });
}

export async function startDemoServer(db: TestDatabase, persons = 300): Promise<RunningServer & { catalog: Catalog }> {
  const catalog = new Catalog(db);
  await loadDemoWorld(db, catalog, { persons, seed: 7 });
  const running = await startServer({ db, logger: silentLogger, catalog, config: testConfig(), syncIntervalMs: 0 }, 0);
  return { ...running, catalog };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: unknown[] }[];
}

export async function graphql<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
  return { status: res.status, ...body };
}
