/**
 * The portal's test world: the demo world (whose public catalog holds legalEntity, enforcementCase
 * and serviceItem; person and licence are closed) plus resources the portal must get right —
 * 公共停车场 (open, 25 rows, two masked public items and a personal item that never leaves),
 * a resource whose name, summary, tag, item name and row value carry markup, a conditionally
 * open resource, and seven more open ones so that results span two pages (13 public in all).
 */
import { columnName, dataTableName, type Catalog, type Classification, type ResourceInput } from '../../../catalog/index.js';
import type { TestDatabase } from '../../support/engines.js';
import { startDemoServer } from '../../support/server.js';
import { namedItem as item } from '../../catalog/fixtures.js';

export type PortalServer = Awaited<ReturnType<typeof startDemoServer>>;

const DAY = 86_400_000;


const theme = (itemCode: string, itemName: string, catalogCode: string, catalogName: string): Classification => ({
  categoryCode: '2',
  categoryName: '主题信息资源类',
  itemCode,
  itemName,
  catalogCode,
  catalogName,
});

const open = { type: 'open' as const, licence: 'CC BY 4.0' };
const shared = { type: 'unconditional' as const, method: '接口' };

export const PARKING: ResourceInput = {
  code: '204002/000001',
  apiName: 'parkingLot',
  name: '公共停车场',
  provider: 'ule',
  classification: theme('04', '市政设施', '002', '停车设施'),
  summary: '清远市城区公共停车场的位置、泊位数和管理员信息。',
  format: 'database',
  sharing: shared,
  open,
  updateCycle: 'monthly',
  tags: ['停车', '市政设施'],
  items: [
    item('停车场编号', 'lotCode', 'string', { length: 16, key: true, required: true }),
    item('名称', 'name', 'string', { length: 60 }),
    item('所在区县', 'district', 'string', { length: 20 }),
    item('管理员', 'manager', 'string', { length: 30, mask: 'name' }),
    item('管理员手机', 'managerMobile', 'string', { length: 11, mask: 'mobile' }),
    item('泊位数', 'spaces', 'integer'),
    item('全天开放', 'openAllDay', 'boolean'),
    item('业主身份证号', 'ownerId', 'string', { length: 18, sensitivity: 'personal', mask: 'residentId' }),
  ],
};

/** Row i (1-based) of the car parks; every value is known to the tests. */
export function parkingRow(i: number): Record<string, unknown> {
  const values: Record<string, unknown> = {
    lotCode: `P-${String(i).padStart(3, '0')}`,
    name: `停车场${i}号`,
    district: i % 2 ? '清城区' : '清新区',
    manager: `欧阳明${i}`,
    managerMobile: `1390000${String(1000 + i)}`,
    spaces: 10 * i,
    openAllDay: i % 2 === 0,
    ownerId: `44180219900101${String(1000 + i)}`,
  };
  return Object.fromEntries(Object.entries(values).map(([apiName, v]) => [columnName({ apiName }), v]));
}

export const PARKING_ROWS = 25;

export const MARKUP = {
  name: '<script>alert("名")</script>测试数据集',
  summary: '摘要里的 <img src=x onerror=alert(1)> 与 "引号" & 符号',
  tag: '<b>粗体标签</b>',
  itemName: '<i>编号</i>',
  value: '<script>alert(2)</script>',
};

export const PROBE: ResourceInput = {
  code: '204003/000001',
  apiName: 'markupProbe',
  name: MARKUP.name,
  provider: 'edu',
  classification: theme('04', '市政设施', '003', '测试'),
  summary: MARKUP.summary,
  format: 'file',
  sharing: shared,
  open,
  updateCycle: 'irregular',
  tags: [MARKUP.tag, '测试'],
  items: [item(MARKUP.itemName, 'recordId', 'string', { length: 40, key: true, required: true })],
};

export const RATINGS: ResourceInput = {
  code: '205001/000001',
  apiName: 'creditRating',
  name: '企业信用评价',
  provider: 'amr',
  classification: theme('05', '信用', '001', '企业信用评价'),
  summary: '市场主体的信用等级评价结果，经申请后向社会提供。',
  format: 'database',
  sharing: { type: 'conditional', conditions: '依申请', method: '接口' },
  open: { type: 'conditional', conditions: '注册用户申请并经审核后开放' },
  updateCycle: 'quarterly',
  tags: ['信用'],
  items: [item('统一社会信用代码', 'creditCode', 'string', { length: 18, key: true, required: true }), item('信用等级', 'grade', 'string', { length: 2 })],
};

/** Seven small open resources: one about 人口 (so `renkou` has an open match), six about schools. */
const FILLERS: ResourceInput[] = [
  ['常住人口统计', 'hrss', ['人口', '统计']],
  ['普通中学名录', 'edu', ['教育', '学校']],
  ['小学名录', 'edu', ['教育', '学校']],
  ['幼儿园名录', 'edu', ['教育', '学校']],
  ['中等职业学校名录', 'edu', ['教育', '学校']],
  ['校外培训机构名录', 'edu', ['教育']],
  ['学校食堂信息', 'edu', ['教育', '食品安全']],
].map(([name, provider, tags], i) => ({
  code: `206001/${String(i + 1).padStart(6, '0')}`,
  apiName: `filler${i + 1}`,
  name: name as string,
  provider: provider as string,
  classification: theme('06', '教育', '001', '教育名录'),
  summary: `${name as string}的公开目录，用于门户测试。`,
  format: 'file',
  sharing: shared,
  open,
  updateCycle: 'yearly',
  tags: tags as string[],
  items: [item('编号', 'recordId', 'string', { length: 20, key: true, required: true })],
}));

async function publish(catalog: Catalog, input: ResourceInput): Promise<void> {
  await catalog.createResource(input);
  await catalog.publishResource(input.code);
}

/** The demo server with the portal's resources; legalEntity synced now (fresh), parking 40 days ago (due). */
export async function startPortalServer(db: TestDatabase): Promise<PortalServer> {
  const server = await startDemoServer(db);
  const { catalog } = server;
  for (const input of [PARKING, PROBE, RATINGS, ...FILLERS]) await publish(catalog, input);
  const rows = Array.from({ length: PARKING_ROWS }, (_, i) => parkingRow(i + 1));
  await db.knex(dataTableName(PARKING.apiName)).insert(rows);
  await db.knex(dataTableName(PROBE.apiName)).insert({ record_id: MARKUP.value });
  await catalog.recordSync('legalEntity', new Date());
  await catalog.recordSync(PARKING.apiName, new Date(Date.now() - 40 * DAY));
  return server;
}

/** GET a portal page: status, headers and the HTML text. */
export async function getPage(url: string): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: await res.text() };
}
