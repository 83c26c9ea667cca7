/**
 * The demo world's grants (DESIGN §6): `hrss` queries `person` for 社保参保资格核验 with ID numbers
 * masked and names shown (the approver unmasked them with a reason); `edu` may only verify
 * `person` facts for 入学资格核验.
 *
 * Each grant is made the way a real one is: its department's service account submits an access
 * request and `psb-client`, the provider's approver, takes it up and approves it, so the request's
 * history (submitted → under_review → approved) exists. Should the accounts be missing, the grant
 * is written directly with no request. Everything happens at fixed instants in the two weeks before
 * the demo epoch, with fixed identifiers, so loads are alike; a grant already there (even revoked)
 * is left as it is, so reloading never duplicates one.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/index.js';
import {
  AccessRequests,
  Accounts,
  Grants,
  type Acting,
  type AccessRequestInput,
  type ApprovalDecision,
  type GrantInput,
} from '../exchange/index.js';
import { NotFoundError, type Database } from '../shared/index.js';
import { demoClientId } from './accounts.js';

interface DemoGrant {
  name: string;
  consumer: string;
  request: AccessRequestInput;
  decision: ApprovalDecision;
  /** When the request is submitted, taken up and approved (UTC; 09:30-16:00 in Qingyuan). */
  at: { submitted: string; reviewed: string; approved: string };
}

const HRSS_UNMASK_REASON = '社保参保资格核验需要核对姓名';

const DEMO_GRANTS: readonly DemoGrant[] = [
  {
    name: 'hrss-person',
    consumer: 'hrss',
    request: {
      resource: 'person',
      fields: ['idNumber', 'name', 'gender', 'birthDate', 'district'],
      purpose: '社保参保资格核验',
      basis: '《中华人民共和国社会保险法》第五十七条、第五十八条：社会保险经办机构办理参保登记须核实参保人员身份信息',
      mode: 'query',
      unmaskReason: HRSS_UNMASK_REASON,
    },
    decision: {
      unmask: { name: HRSS_UNMASK_REASON },
      quota: { requestsPerMinute: 600, rowsPerDay: 200_000 },
      note: '同意共享；公民身份号码按目录规则脱敏',
    },
    at: { submitted: '2025-12-15T01:30:00.000Z', reviewed: '2025-12-16T02:00:00.000Z', approved: '2025-12-18T07:00:00.000Z' },
  },
  {
    name: 'edu-person',
    consumer: 'edu',
    request: {
      resource: 'person',
      fields: ['idNumber', 'name', 'birthDate'],
      purpose: '入学资格核验',
      basis: '《中华人民共和国义务教育法》第十二条：适龄儿童、少年免试入学，须核验其身份与出生日期',
      mode: 'verify',
    },
    decision: {
      quota: { requestsPerMinute: 300, rowsPerDay: 50_000 },
      note: '同意以核验方式共享，仅返回比对结果',
    },
    at: { submitted: '2025-12-17T02:00:00.000Z', reviewed: '2025-12-18T02:30:00.000Z', approved: '2025-12-19T08:00:00.000Z' },
  },
];

const PROVIDER = 'psb';

/** A fixed UUID (version 5 layout) for a demo object, so every load names it alike. */
export function demoUuid(name: string): string {
  const h = createHash('sha1').update(`govshare-demo:${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Makes the demo grants that are missing; returns a line for each one made. */
export async function ensureDemoGrants(db: Database, catalog: Catalog, approvalWorkingDays = 10): Promise<string[]> {
  const accounts = new Accounts(db);
  const lines: string[] = [];
  for (const spec of DEMO_GRANTS) {
    const grantId = demoUuid(`${spec.name}/grant`);
    const requestId = demoUuid(`${spec.name}/request`);
    let clock = new Date(spec.at.submitted);
    const grants = new Grants(db, catalog, { now: () => clock, newId: () => grantId });
    if (await grants.get(grantId).catch(ifNotFound)) continue;
    const consumer = await accounts.find(demoClientId(spec.consumer));
    const provider = await accounts.find(demoClientId(PROVIDER));
    if (!consumer || !provider) {
      clock = new Date(spec.at.approved);
      await db.knex.transaction((trx) => grants.create(trx, directGrant(spec, grantId, clock)));
      lines.push(`granted ${spec.consumer} ${spec.request.resource} (${spec.request.purpose}) without a request: accounts missing`);
      continue;
    }
    const requests = new AccessRequests(db, catalog, grants, { approvalWorkingDays, now: () => clock, newId: () => requestId });
    const acting = (a: typeof consumer): Acting => ({ accountId: a.id, clientId: a.clientId, department: a.department, roles: a.roles });
    let request = await requests.get(acting(provider), requestId).catch(ifNotFound);
    if (!request) request = await requests.submit(acting(consumer), spec.request);
    if (request.state === 'submitted') {
      clock = new Date(spec.at.reviewed);
      request = await requests.startReview(acting(provider), requestId);
    }
    if (request.state !== 'under_review') {
      lines.push(`left request ${requestId} of ${spec.consumer} as it is (${request.state})`);
      continue;
    }
    clock = new Date(spec.at.approved);
    await requests.approve(acting(provider), requestId, spec.decision);
    lines.push(`granted ${spec.consumer} ${spec.request.resource} (${spec.request.purpose}) through request ${requestId}`);
  }
  return lines;
}

function ifNotFound(err: unknown): undefined {
  if (err instanceof NotFoundError) return undefined;
  throw err;
}

function directGrant(spec: DemoGrant, id: string, at: Date): GrantInput {
  return {
    id,
    consumer: spec.consumer,
    resource: spec.request.resource,
    requestId: null,
    fields: spec.request.fields,
    unmasked: spec.decision.unmask,
    mode: spec.request.mode,
    purpose: spec.request.purpose,
    validFrom: at.toISOString(),
    validUntil: null,
    quota: spec.decision.quota,
  };
}
