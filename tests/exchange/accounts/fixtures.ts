/** Shared set-up of the account tests: the demo departments, and a config that reads no environment. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog } from '../../../catalog/index.js';
import { demoCatalog } from '../../../demo/index.js';
import { loadConfig, type Config, type Database } from '../../../shared/index.js';

export async function putDemoDepartments(db: Database): Promise<void> {
  const catalog = new Catalog(db);
  for (const department of demoCatalog().departments) await catalog.putDepartment(department);
}

const made: string[] = [];

export function tempDir(prefix = 'govshare-auth-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the directories `tempDir` made (key files, development secrets). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A test configuration from the given variables only (never the process environment). */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', GOVSHARE_DATA_DIR: tempDir(), ...env });
}

/** The variables a child `govshare` process needs to share this config's keys, overriding whatever the CI set. */
export function childAuthEnv(config: Config): Record<string, string> {
  return {
    NODE_ENV: config.nodeEnv,
    GOVSHARE_DATA_DIR: config.dataDir,
    GOVSHARE_JWT_ALG: config.auth.algorithm,
    GOVSHARE_JWT_SECRET: config.auth.secret ?? '',
    GOVSHARE_JWT_PRIVATE_KEY_FILE: config.auth.privateKeyFile ?? '',
    GOVSHARE_JWT_PUBLIC_KEY_FILE: config.auth.publicKeyFile ?? '',
    GOVSHARE_JWT_KID: config.auth.keyId ?? '',
    GOVSHARE_JWT_ISSUER: config.auth.issuer,
    GOVSHARE_JWT_AUDIENCE: config.auth.audience,
    GOVSHARE_TOKEN_TTL: String(config.auth.tokenTtlSeconds),
  };
}
