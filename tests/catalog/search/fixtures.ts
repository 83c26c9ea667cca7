/**
 * A small catalog to search: names with 人口 at the start, middle and end and as the whole name,
 * words found only in a summary, a tag, an item or a provider's name, and every facet value
 * spread over the resources so that counts can be checked against this list.
 */
import type { Catalog, DataItem, ResourceInput } from '../../../catalog/index.js';
import { CODE_SETS, DEPARTMENTS, GOVERNMENT, MARKET_REGULATION, PUBLIC_SECURITY, item, keyItem, resourceInput } from '../fixtures.js';

const BASE = { categoryCode: '1', categoryName: '基础信息资源类', itemCode: '01', itemName: '人口信息', catalogCode: '001', catalogName: '人口基本信息' };
const THEME = { categoryCode: '2', categoryName: '主题信息资源类', itemCode: '05', itemName: '市场监管', catalogCode: '002', catalogName: '执法信息' };

function searchable(n: number, name: string, overrides: Partial<ResourceInput> & { itemNames?: string[] } = {}): ResourceInput {
  const { itemNames, ...rest } = overrides;
  const items: DataItem[] = [keyItem('recordId', { name: '记录编号' }), ...(itemNames ?? []).map((itemName, i) => item({ apiName: `field${i}`, name: itemName, dataType: 'string', length: 50 }))];
  return resourceInput(n, {
    code: `${(rest.classification ?? BASE).categoryCode}${(rest.classification ?? BASE).itemCode}${(rest.classification ?? BASE).catalogCode}/${String(n).padStart(6, '0')}`,
    apiName: `searchable${n}`,
    name,
    summary: '用于检索测试的信息资源',
    classification: BASE,
    items,
    ...rest,
  });
}

/** Published, in this order of codes; `open` and sharing vary so that facets have something to count. */
export const PUBLISHED: ResourceInput[] = [
  searchable(1, '人口基础信息', {
    apiName: 'persons',
    summary: '全市户籍人口的基础信息，由户籍管理系统每日更新。',
    tags: ['人口', '身份核验'],
    itemNames: ['公民身份号码', '姓名'],
    sharing: { type: 'conditional', conditions: '仅限政务用途', method: '接口' },
    open: { type: 'closed' },
    publishedOn: '2025-03-31',
  }),
  searchable(2, '法人基础信息', {
    apiName: 'legalEntities',
    provider: MARKET_REGULATION.code,
    summary: '企业登记信息，依据公示系统向社会公开。Open data on legal entities.',
    tags: ['法人', '企业'],
    itemNames: ['统一社会信用代码', '名称'],
    open: { type: 'open', licence: 'CC BY 4.0' },
    updateCycle: 'weekly',
    publishedOn: '2025-06-01',
  }),
  searchable(3, '电子证照信息', {
    apiName: 'licences',
    summary: '各类电子证照的目录。',
    tags: ['证照'],
    format: 'interface',
    open: { type: 'conditional', conditions: '注册用户' },
    updateCycle: 'real-time',
  }),
  searchable(4, '人口流动统计', { apiName: 'migrationStats', format: 'file', open: { type: 'open', licence: 'CC BY 4.0' }, updateCycle: 'monthly', tags: ['人口'], publishedOn: '2024-01-15' }),
  searchable(5, '流动人口登记', { apiName: 'migrantRegister', updateCycle: 'quarterly' }),
  searchable(6, '常住人口', { apiName: 'residents', provider: GOVERNMENT.code, open: { type: 'open', licence: 'CC BY 4.0' }, updateCycle: 'yearly' }),
  searchable(7, '人口', { apiName: 'population', updateCycle: 'irregular' }),
  searchable(8, '行政执法案件', {
    apiName: 'enforcementCases',
    provider: MARKET_REGULATION.code,
    classification: THEME,
    summary: '对违法企业和人口密集场所的行政处罚决定。',
    itemNames: ['案件编号', '处罚决定'],
    sharing: { type: 'none', legalBasis: '《政府信息公开条例》第十四条' },
    open: { type: 'open', licence: 'CC BY 4.0' },
  }),
];

/** A draft: found only when drafts are asked for. */
export const DRAFT = searchable(20, '人口草稿目录', { apiName: 'draftPopulation' });

export async function loadSearchCatalog(catalog: Catalog): Promise<void> {
  for (const department of DEPARTMENTS) await catalog.putDepartment(department);
  for (const set of CODE_SETS) await catalog.putCodeSet(set);
  for (const input of PUBLISHED) {
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
  }
  await catalog.createResource(DRAFT);
}

export { GOVERNMENT, MARKET_REGULATION, PUBLIC_SECURITY };
