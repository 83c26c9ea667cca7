/**
 * A small exchange world for request and grant tests: five departments, a conditional, an
 * unconditional and a not-shared resource, a draft, accounts made on demand for any roles, and a
 * clock the test sets.
 */
import { Catalog, type Department, type ResourceInput } from '../../../catalog/index.js';
import { AccessRequests, Accounts, Grants, type Acting, type Role } from '../../../exchange/index.js';
import type { Database } from '../../../shared/index.js';
import { CODE_SETS, creditCode, GENDER_CODES, item, keyItem, resourceInput } from '../../catalog/fixtures.js';

const department = (code: string, name: string, organisation: string): Department => ({
  code,
  name,
  creditCode: creditCode(`11441800${organisation}`),
  parentCode: null,
  contact: {},
});

export const DEPARTMENTS: Department[] = [
  department('psb', '清远市公安局', '007191640'),
  department('amr', '清远市市场监督管理局', 'MB2C09170'),
  department('hrss', '清远市人力资源和社会保障局', '007193770'),
  department('edu', '清远市教育局', '007191720'),
  department('eit', '清远市经济和信息化局', '007192530'),
];

export const LEGAL_BASIS = '《中华人民共和国反恐怖主义法》第四十八条：涉及反恐工作的信息应当依法保密';

/** 人口基础信息, shared on conditions by psb. */
export const PERSONS: ResourceInput = resourceInput(1, {
  apiName: 'persons',
  name: '人口基础信息',
  provider: 'psb',
  sharing: { type: 'conditional', conditions: '依法履职需要', method: '接口' },
  items: [
    keyItem('idNumber', { name: '公民身份号码', length: 18, format: 'residentId', sensitivity: 'sensitive-personal', mask: 'residentId' }),
    item({ apiName: 'fullName', name: '姓名', dataType: 'string', length: 50, required: true, sensitivity: 'personal', mask: 'name' }),
    item({ apiName: 'gender', name: '性别', dataType: 'code', length: 1, codeSet: GENDER_CODES.id, sensitivity: 'personal' }),
    item({ apiName: 'birthDate', name: '出生日期', dataType: 'date', sensitivity: 'personal' }),
    item({ apiName: 'district', name: '区县', dataType: 'string', length: 20 }),
    item({ apiName: 'mobile', name: '联系电话', dataType: 'string', length: 11, sensitivity: 'personal', mask: 'mobile' }),
  ],
});

/** 法人基础信息, shared unconditionally by amr; the legal representative's name is masked. */
export const ENTITIES: ResourceInput = resourceInput(2, {
  apiName: 'entities',
  name: '法人基础信息',
  provider: 'amr',
  sharing: { type: 'unconditional', method: '接口' },
  items: [
    keyItem('creditCode', { name: '统一社会信用代码', length: 18 }),
    item({ apiName: 'entityName', name: '名称', dataType: 'string', length: 100, required: true }),
    item({ apiName: 'representative', name: '法定代表人', dataType: 'string', length: 30, sensitivity: 'personal', mask: 'name' }),
  ],
});

/** Not shared, with its legal basis. */
export const SECRETS: ResourceInput = resourceInput(3, {
  apiName: 'secrets',
  name: '重点人员管控信息',
  provider: 'psb',
  sharing: { type: 'none', legalBasis: LEGAL_BASIS },
});

/** Registered but never published. */
export const DRAFT: ResourceInput = resourceInput(4, { apiName: 'drafts', provider: 'psb' });

export interface World {
  catalog: Catalog;
  grants: Grants;
  requests: AccessRequests;
  clock: { now: Date; set(iso: string): void };
  /** A principal of `department` with exactly `roles`, backed by a real account. */
  principal(department: string, ...roles: Role[]): Promise<Acting>;
}

export async function buildWorld(db: Database, approvalWorkingDays = 10): Promise<World> {
  const clock = {
    now: new Date('2026-09-28T02:00:00.000Z'),
    set(iso: string) {
      this.now = new Date(iso);
    },
  };
  const now = () => clock.now;
  const catalog = new Catalog(db, { now });
  for (const d of DEPARTMENTS) await catalog.putDepartment(d);
  for (const set of CODE_SETS) await catalog.putCodeSet(set);
  for (const input of [PERSONS, ENTITIES, SECRETS]) {
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
  }
  await catalog.createResource(DRAFT);
  const grants = new Grants(db, catalog, { now });
  const requests = new AccessRequests(db, catalog, grants, { now, approvalWorkingDays });
  const accounts = new Accounts(db, { now });
  const made = new Map<string, Promise<Acting>>();
  const principal = (dept: string, ...roles: Role[]) => {
    const clientId = [dept, ...roles, 'x'].join('-');
    let acting = made.get(clientId);
    if (!acting) {
      acting = accounts
        .create({ clientId, kind: 'service', department: dept, name: clientId, roles, secret: 'test-secret-123456' })
        .then(({ account }) => ({ accountId: account.id, clientId, department: dept, roles }));
      made.set(clientId, acting);
    }
    return acting;
  };
  return { catalog, grants, requests, clock, principal };
}

/** A conditional request for persons, as a consumer of hrss would write it. */
export function personsRequest(overrides: Record<string, unknown> = {}) {
  return {
    resource: 'persons',
    fields: ['idNumber', 'fullName', 'birthDate', 'district'],
    purpose: '社保参保资格核验',
    basis: '《中华人民共和国社会保险法》第五十八条',
    mode: 'query' as const,
    ...overrides,
  };
}

/** The error a call fails with; fails the test when the call succeeds. */
export async function rejects(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}
