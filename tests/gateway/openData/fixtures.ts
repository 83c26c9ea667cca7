/**
 * The open-data test world: the demo world (seed 7) plus two resources it lacks — 公共厕所
 * (`publicToilet`, open, with a geopoint, a masked public item, a personal item and text cells that
 * look like spreadsheet formulas) and 企业信用评价 (`creditRating`, conditionally open) — served on an
 * ephemeral port with the rate limit given (high by default, so that only its own test meets it).
 */
import { Catalog, type ResourceInput } from '../../../catalog/index.js';
import { loadDemoWorld } from '../../../demo/index.js';
import { startServer, type RunningServer } from '../../../server/index.js';
import type { Knex } from '../../../shared/index.js';
import type { TestDatabase } from '../../support/engines.js';
import { silentLogger, testConfig } from '../../support/server.js';
import { namedItem as item } from '../../catalog/fixtures.js';

export type OpenServer = RunningServer & { catalog: Catalog };

export const SYNCED_AT = new Date('2026-11-28T16:00:00.000Z');


const classification = { categoryCode: '2', categoryName: '主题信息资源类', itemCode: '04', itemName: '市政设施', catalogCode: '001', catalogName: '市政公用设施' };

export const TOILETS: ResourceInput = {
  code: '204001/000001',
  apiName: 'publicToilet',
  name: '公共厕所',
  provider: 'ule',
  classification,
  summary: '清远市城区公共厕所的位置、开放时间和管理信息。',
  format: 'database',
  sharing: { type: 'unconditional', method: '接口' },
  open: { type: 'open', licence: 'CC BY 4.0' },
  updateCycle: 'monthly',
  tags: ['公共厕所', '市政设施'],
  items: [
    item('公厕编号', 'toiletCode', 'string', { length: 16, key: true, required: true }),
    item('名称', 'name', 'string', { length: 60 }),
    item('所在区县', 'district', 'string', { length: 20 }),
    item('位置', 'location', 'geopoint'),
    item('管理员', 'keeper', 'string', { length: 30, mask: 'name' }),
    item('备注', 'remark', 'string', { length: 200 }),
    item('全天开放', 'openAllDay', 'boolean'),
    item('厕位数', 'capacity', 'integer'),
    item('管理员手机', 'keeperMobile', 'string', { length: 11, sensitivity: 'personal', mask: 'mobile' }),
  ],
};

/** Remarks a spreadsheet would run as formulas, and ones that need quoting. */
export const REMARKS = ['=HYPERLINK("http://evil.example","点我")', '+86-763', '-1+2', '@SUM(A1:A2)', '\tcmd', '\rcr', '含,逗号', '含"引号"', '两\n行', '普通备注'];

export const TOILET_ROWS = REMARKS.map((remark, i) => ({
  toilet_code: `QC-${String(i + 1).padStart(3, '0')}`,
  name: `公厕${i + 1}号`,
  district: i % 2 ? '清新区' : '清城区',
  location: i === REMARKS.length - 1 ? null : `23.${680 + i},113.${50 + i}`,
  keeper: `王${'小明'.slice(0, 1 + (i % 2))}`,
  remark,
  open_all_day: i % 3 === 0,
  capacity: 4 + i,
  keeper_mobile: `1380000${String(1000 + i)}`,
}));

export const RATINGS: ResourceInput = {
  code: '205001/000001',
  apiName: 'creditRating',
  name: '企业信用评价',
  provider: 'amr',
  classification: { ...classification, itemCode: '05', itemName: '信用', catalogName: '企业信用评价' },
  summary: '市场主体的信用等级评价结果，经申请后向社会提供。',
  format: 'database',
  sharing: { type: 'conditional', conditions: '依申请', method: '接口' },
  open: { type: 'conditional', conditions: '注册用户申请并经审核后开放' },
  updateCycle: 'quarterly',
  items: [item('统一社会信用代码', 'creditCode', 'string', { length: 18, key: true, required: true }), item('信用等级', 'grade', 'string', { length: 2 })],
};

async function publish(catalog: Catalog, input: ResourceInput): Promise<void> {
  await catalog.createResource(input);
  await catalog.publishResource(input.code);
}

/** The demo world and the two extra resources with their rows, synced at SYNCED_AT. */
export async function loadOpenWorld(db: TestDatabase, catalog: Catalog): Promise<void> {
  await loadDemoWorld(db, catalog, { persons: 300, seed: 7 });
  await publish(catalog, TOILETS);
  await publish(catalog, RATINGS);
  await db.knex('data_public_toilet').insert(TOILET_ROWS);
  await db.knex('data_credit_rating').insert([{ credit_code: '91441802MA4W3XLQ0X', grade: 'A' }]);
  for (const name of ['enforcementCase', 'legalEntity', 'serviceItem', 'publicToilet', 'creditRating']) await catalog.recordSync(name, SYNCED_AT);
}

export async function startOpenServer(db: TestDatabase, env: Record<string, string> = {}, load = true): Promise<OpenServer> {
  const catalog = new Catalog(db);
  if (load) await loadOpenWorld(db, catalog);
  const config = testConfig({ GOVSHARE_OPEN_RATE_PER_MIN: '100000', ...env });
  const running = await startServer({ db, logger: silentLogger, catalog, config, sweepIntervalMs: 0, alertIntervalMs: 0 }, 0);
  return { ...running, catalog };
}

export interface LedgerRow {
  seq: number;
  action: string;
  resource: string | null;
  outcome: string;
  error_code: string | null;
  row_count: number;
  fields: string;
  filter: string | null;
  detail: string | null;
  subjects: string;
}

export async function lastSeq(knex: Knex): Promise<number> {
  const row = (await knex('ledger_entries').max({ m: 'seq' }).first()) as { m: number | string | null } | undefined;
  return Number(row?.m ?? 0);
}

export async function entriesAfter(knex: Knex, seq: number): Promise<LedgerRow[]> {
  return knex('ledger_entries').where('seq', '>', seq).orderBy('seq');
}

/** GET a path and parse its JSON body. */
export async function getJson<T = any>(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** The parameter names of a 400 answer. */
export function badParams(body: unknown): string[] {
  const problems = (body as { error?: { details?: { problems?: { field: string }[] } } }).error?.details?.problems ?? [];
  return problems.map((p) => p.field);
}
