/**
 * The demo world's service accounts: `<dept>-client` for each department, with the secret
 * `<dept>-demo-secret`. DEMO ONLY: these secrets are public; never load the demo world into a
 * deployment that holds real data.
 */
import { Accounts, type Role } from '../exchange/index.js';
import type { Database } from '../shared/index.js';
import { DEMO_EPOCH } from './calendar.js';
import { demoDepartments } from './departments.js';

/** Roles of each department's service account (DESIGN §1: eit runs the platform, sup watches it). */
export const DEMO_ACCOUNT_ROLES: Readonly<Record<string, readonly Role[]>> = {
  eit: ['operator', 'consumer'],
  sup: ['supervisor'],
  psb: ['publisher', 'approver', 'consumer'],
  amr: ['publisher', 'approver', 'consumer'],
  gsc: ['publisher', 'approver', 'consumer'],
  ule: ['publisher', 'approver', 'consumer'],
  hrss: ['consumer'],
  edu: ['consumer'],
};

export const demoClientId = (department: string): string => `${department}-client`;
/** Public, demo-only. */
export const demoSecret = (department: string): string => `${department}-demo-secret`;

/**
 * Creates the accounts that are missing; returns their client ids. An existing account is left
 * as it is (its secret is not hashed again), so a reload costs no hashing.
 */
export async function ensureDemoAccounts(db: Database): Promise<string[]> {
  const accounts = new Accounts(db, { now: () => new Date(DEMO_EPOCH) });
  const missing = [];
  for (const department of demoDepartments()) {
    if (!(await accounts.find(demoClientId(department.code)))) missing.push(department);
  }
  // argon2 runs on the thread pool: hashing the secrets side by side takes the time of a few.
  await Promise.all(
    missing.map((department) =>
      accounts.create({
        clientId: demoClientId(department.code),
        kind: 'service',
        department: department.code,
        name: `${department.name}数据交换服务账号`,
        roles: [...(DEMO_ACCOUNT_ROLES[department.code] ?? ['consumer'])],
        secret: demoSecret(department.code),
      }),
    ),
  );
  return missing.map((d) => demoClientId(d.code));
}
