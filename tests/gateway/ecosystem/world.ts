/**
 * The demo world plus the resources the ecosystem views must treat differently: an open resource
 * with person-like items (personal ones stay out, masked ones lose their patterns), a
 * conditionally open one, and open resources that are not public because they are a draft or
 * retired. Closed `person` and `licence` come with the demo world.
 */
import { Catalog, type ResourceInput } from '../../../catalog/index.js';
import { loadDemoWorld } from '../../../demo/index.js';
import { startServer, type RunningServer } from '../../../server/index.js';
import type { TestDatabase } from '../../support/engines.js';
import { silentLogger, testConfig } from '../../support/server.js';
import { namedItem as item } from '../../catalog/fixtures.js';


/** 执业人员公示信息: open, with personal items beside public and masked public ones. */
export const practitioner: ResourceInput = {
  code: '306001/000001',
  apiName: 'practitioner',
  name: '执业人员公示信息',
  provider: 'hrss',
  classification: { categoryCode: '3', categoryName: '部门信息资源类', itemCode: '06', itemName: '人力资源和社会保障', catalogCode: '001', catalogName: '执业人员公示信息' },
  summary: '依法向社会公示的专业技术执业人员名录，含执业证号、姓名（脱敏）、执业机构及其统一社会信用代码。',
  format: 'database',
  sharing: { type: 'unconditional', method: '接口' },
  open: { type: 'open', licence: 'CC BY 4.0' },
  updateCycle: 'weekly',
  publishedOn: '2026-01-15',
  relatedResources: ['102001/000001', '101001/000001'],
  tags: ['执业人员', '公示'],
  items: [
    item('执业证号', 'practiceNo', 'string', { length: 24, required: true, key: true }),
    item('姓名', 'name', 'string', { length: 30, required: true, mask: 'name' }),
    item('公民身份号码', 'idNumber', 'string', { length: 18, required: true, sensitivity: 'sensitive-personal', mask: 'residentId', format: 'residentId' }),
    item('证件号码（公示）', 'publicIdNumber', 'string', { length: 18, mask: 'residentId', format: 'residentId' }),
    item('性别', 'gender', 'code', { length: 1, codeSet: 'GB/T 2261.1-2003' }),
    item('出生日期', 'birthDate', 'date', { sensitivity: 'personal' }),
    item('联系电话', 'mobile', 'string', { length: 11, sensitivity: 'personal', mask: 'mobile', format: 'mobile' }),
    item('执业机构统一社会信用代码', 'employerCreditCode', 'string', {
      length: 18,
      required: true,
      format: 'creditCode',
      references: [{ resource: 'legalEntity', item: 'creditCode' }],
    }),
    item('本人身份号码', 'holderIdNumber', 'string', { length: 18, format: 'residentId', references: [{ resource: 'person', item: 'idNumber' }] }),
    item('执业机构邮箱', 'employerEmail', 'string', { length: 100, format: 'email' }),
    item('执业年限', 'years', 'integer'),
    item('年度学分', 'credits', 'decimal', { length: 6, scale: 1 }),
    item('是否在岗', 'active', 'boolean', { required: true }),
    item('首次注册日期', 'registeredOn', 'date'),
    item('最近变更时间', 'changedAt', 'datetime'),
    item('执业地点', 'location', 'geopoint', { description: '纬度,经度' }),
  ],
};

/** 职业培训补贴统计: conditionally open — in the public catalog, with no anonymous download. */
export const trainingSubsidies: ResourceInput = {
  code: '204001/000001',
  apiName: 'trainingSubsidy',
  name: '职业培训补贴统计',
  provider: 'hrss',
  classification: { categoryCode: '2', categoryName: '主题信息资源类', itemCode: '04', itemName: '就业创业', catalogCode: '001', catalogName: '职业培训补贴' },
  summary: '按区县和培训工种汇总的职业培训补贴发放统计，注册用户经审核后可查询明细。',
  format: 'file',
  sharing: { type: 'unconditional', method: '文件' },
  open: { type: 'conditional', conditions: '注册实名用户，说明用途后经市人力资源和社会保障局审核开放。' },
  updateCycle: 'quarterly',
  publishedOn: '2026-04-01',
  tags: ['培训补贴', '就业'],
  items: [item('统计编号', 'statNo', 'string', { length: 20, required: true, key: true }), item('区县', 'district', 'string', { length: 20 })],
};

function openCopy(code: string, apiName: string, name: string): ResourceInput {
  return { ...trainingSubsidies, code, apiName, name, open: { type: 'open', licence: 'CC BY 4.0' } };
}

export const draftOpen = openCopy('204001/000002', 'draftOpenThing', '未发布的开放资源');
export const retiredOpen = openCopy('204001/000003', 'retiredOpenThing', '已停用的开放资源');

export const NOT_PUBLIC = ['person', 'licence', draftOpen.apiName, retiredOpen.apiName];
export const PUBLIC = ['legalEntity', 'enforcementCase', 'serviceItem', practitioner.apiName, trainingSubsidies.apiName];

export async function loadEcosystemWorld(db: TestDatabase): Promise<Catalog> {
  const catalog = new Catalog(db);
  await loadDemoWorld(db, catalog, { persons: 100, seed: 7 });
  for (const input of [practitioner, trainingSubsidies, draftOpen, retiredOpen]) await catalog.createResource(input);
  for (const input of [practitioner, trainingSubsidies, retiredOpen]) await catalog.publishResource(input.code);
  await catalog.retireResource(retiredOpen.code);
  return catalog;
}

export async function startEcosystemServer(db: TestDatabase, env: Record<string, string> = {}): Promise<RunningServer & { catalog: Catalog }> {
  const catalog = await loadEcosystemWorld(db);
  const running = await startServer({ db, logger: silentLogger, catalog, config: testConfig(env), sweepIntervalMs: 0, alertIntervalMs: 0 }, 0);
  return { ...running, catalog };
}
