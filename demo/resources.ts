/**
 * The five resources of the demo world with their full catalog metadata (政务信息资源目录编制指南).
 * Listed in dependency order: a resource is registered after the resources its items reference.
 */
import type { DataItem, ResourceInput } from '../catalog/index.js';
import * as codes from './codeSets.js';

type ItemOptions = Partial<Omit<DataItem, 'name' | 'apiName' | 'dataType'>>;

function item(name: string, apiName: string, dataType: DataItem['dataType'], options: ItemOptions = {}): DataItem {
  return { name, apiName, dataType, required: true, key: false, sensitivity: 'public', mask: 'none', ...options };
}

const district = (name: string) => item(name, 'district', 'string', { length: 20, description: '县级行政区划名称（GB/T 2260），如 清城区' });

const BASE = { categoryCode: '1', categoryName: '基础信息资源类' } as const;
const THEME = { categoryCode: '2', categoryName: '主题信息资源类' } as const;
const OPEN_LICENCE = 'CC BY 4.0';

const person: ResourceInput = {
  code: '101001/000001',
  apiName: 'person',
  name: '人口基础信息',
  provider: 'psb',
  classification: { ...BASE, itemCode: '01', itemName: '人口信息', catalogCode: '001', catalogName: '人口基本信息' },
  summary:
    '清远市户籍人口的基础信息，包括公民身份号码、姓名、性别、出生日期、民族、户籍所在区县、住址和联系电话，由市公安局户籍管理系统每日更新，是全市人口信息的权威来源。',
  format: 'database',
  sharing: {
    type: 'conditional',
    conditions: '仅限依法履行职责需要的政务部门申请，经市公安局审核同意后按申请用途使用；公民身份号码、住址、联系电话须脱敏后共享。',
    method: '接口',
  },
  open: { type: 'closed' },
  updateCycle: 'daily',
  publishedOn: '2025-03-31',
  tags: ['人口', '户籍', '身份核验', '基础信息'],
  items: [
    item('公民身份号码', 'idNumber', 'string', { length: 18, key: true, sensitivity: 'sensitive-personal', mask: 'residentId', format: 'residentId' }),
    item('姓名', 'name', 'string', { length: 30, sensitivity: 'personal', mask: 'name' }),
    item('性别', 'gender', 'code', { length: 1, codeSet: codes.GENDER, sensitivity: 'personal' }),
    item('出生日期', 'birthDate', 'date', { sensitivity: 'personal' }),
    item('民族', 'ethnicity', 'code', { length: 2, codeSet: codes.ETHNICITY, sensitivity: 'personal' }),
    district('户籍所在区县'),
    item('住址', 'address', 'string', { length: 200, sensitivity: 'personal', mask: 'address' }),
    item('联系电话', 'mobile', 'string', { length: 11, required: false, sensitivity: 'personal', mask: 'mobile', format: 'mobile', description: '本人手机号码；未成年人可为空' }),
  ],
};

const legalEntity: ResourceInput = {
  code: '102001/000001',
  apiName: 'legalEntity',
  name: '法人基础信息',
  provider: 'amr',
  classification: { ...BASE, itemCode: '02', itemName: '法人单位信息', catalogCode: '001', catalogName: '市场主体登记信息' },
  summary:
    '在清远市登记注册的企业、个体工商户和农民专业合作社的登记信息，包括统一社会信用代码、名称、法定代表人、主体类型、注册资本、成立日期、住所和登记状态，依据《企业信息公示暂行条例》向社会公示。',
  format: 'database',
  sharing: { type: 'unconditional', method: '接口' },
  open: { type: 'open', licence: OPEN_LICENCE },
  updateCycle: 'daily',
  publishedOn: '2025-03-31',
  relatedResources: ['101001/000001'],
  tags: ['法人', '市场主体', '企业登记', '统一社会信用代码'],
  items: [
    item('统一社会信用代码', 'creditCode', 'string', { length: 18, key: true, format: 'creditCode' }),
    item('名称', 'name', 'string', { length: 100 }),
    item('法定代表人（负责人、经营者）', 'legalRepresentative', 'string', { length: 30, description: '依法公示的法定代表人、负责人或个体工商户经营者姓名' }),
    item('市场主体类型', 'entityType', 'code', { length: 2, codeSet: codes.ENTITY_TYPE }),
    item('注册资本（万元）', 'registeredCapital', 'decimal', { length: 16, scale: 4, description: '个体工商户为资金数额，分公司为 0' }),
    item('成立日期', 'establishedDate', 'date'),
    district('登记所在区县'),
    item('住所（经营场所）', 'address', 'string', { length: 200 }),
    item('登记状态', 'status', 'code', { length: 1, codeSet: codes.ENTITY_STATUS }),
  ],
};

const licence: ResourceInput = {
  code: '105001/000001',
  apiName: 'licence',
  name: '电子证照信息',
  provider: 'gsc',
  classification: { ...BASE, itemCode: '05', itemName: '电子证照', catalogCode: '001', catalogName: '电子证照目录信息' },
  summary:
    '全市各发证部门签发的电子证照目录信息，覆盖自然人证照（驾驶证、社会保障卡、职业资格等）和法人证照（营业执照、经营许可等），由市行政服务中心电子证照库实时汇聚，支撑“免证办”和证照核验。',
  format: 'interface',
  sharing: {
    type: 'conditional',
    conditions: '用于政务服务办理中的证照调用和核验，须说明办理事项并经市行政服务中心审核；持证人为自然人的证照须脱敏后共享。',
    method: '接口',
  },
  open: { type: 'closed' },
  updateCycle: 'real-time',
  publishedOn: '2025-04-30',
  relatedResources: ['101001/000001', '102001/000001'],
  tags: ['电子证照', '免证办', '证照核验'],
  items: [
    item('证照编号', 'licenceNo', 'string', { length: 32, key: true, sensitivity: 'internal' }),
    item('证照类型', 'licenceType', 'code', { length: 2, codeSet: codes.LICENCE_TYPE }),
    item('持证主体类型', 'holderType', 'code', { length: 1, codeSet: codes.HOLDER_TYPE }),
    item('持证主体代码', 'holderId', 'string', {
      length: 18,
      sensitivity: 'sensitive-personal',
      mask: 'residentId',
      description: '自然人为公民身份号码，法人为统一社会信用代码',
      references: [
        { resource: 'person', item: 'idNumber', when: { item: 'holderType', equals: '1' } },
        { resource: 'legalEntity', item: 'creditCode', when: { item: 'holderType', equals: '2' } },
      ],
    }),
    item('发证机关', 'issuer', 'string', { length: 100 }),
    item('发证日期', 'issueDate', 'date'),
    item('有效期截止日期', 'expiryDate', 'date', { required: false, description: '长期有效的证照为空' }),
    item('证照状态', 'status', 'code', { length: 1, codeSet: codes.LICENCE_STATUS }),
  ],
};

const enforcementCase: ResourceInput = {
  code: '203001/000001',
  apiName: 'enforcementCase',
  name: '行政执法信息',
  provider: 'ule',
  classification: { ...THEME, itemCode: '03', itemName: '行政执法', catalogCode: '001', catalogName: '行政处罚决定信息' },
  summary:
    '市、县两级城市管理和综合执法部门作出的行政处罚决定，包括决定书文号、当事人统一社会信用代码、违法事实、处罚种类、罚款金额和决定日期，按“双公示”要求在作出决定之日起七个工作日内公开。',
  format: 'database',
  sharing: { type: 'unconditional', method: '接口' },
  open: { type: 'open', licence: OPEN_LICENCE },
  updateCycle: 'daily',
  publishedOn: '2025-05-30',
  relatedResources: ['102001/000001'],
  tags: ['行政处罚', '双公示', '综合执法', '信用'],
  items: [
    item('行政处罚决定书文号', 'caseNo', 'string', { length: 40, key: true }),
    item('当事人统一社会信用代码', 'subjectCreditCode', 'string', {
      length: 18,
      format: 'creditCode',
      references: [{ resource: 'legalEntity', item: 'creditCode' }],
    }),
    item('违法事实', 'violation', 'string', { length: 500 }),
    item('处罚种类', 'penalty', 'code', { length: 2, codeSet: codes.PENALTY_KIND }),
    item('罚款金额（元）', 'fineAmount', 'decimal', { length: 14, scale: 2, description: '未处罚款的为 0' }),
    item('处罚决定日期', 'decisionDate', 'date'),
    district('案件所在区县'),
  ],
};

const serviceItem: ResourceInput = {
  code: '201001/000001',
  apiName: 'serviceItem',
  name: '公共服务事项',
  provider: 'gsc',
  classification: { ...THEME, itemCode: '01', itemName: '公共服务', catalogCode: '001', catalogName: '政务服务事项目录' },
  summary:
    '清远市各级政务服务事项的目录信息，包括事项编码、事项名称、实施机构、网上办理深度和实施区县，来源于广东省政务服务事项管理系统，由市行政服务中心每月同步。',
  format: 'interface',
  sharing: { type: 'unconditional', method: '接口' },
  open: { type: 'open', licence: OPEN_LICENCE },
  updateCycle: 'monthly',
  publishedOn: '2025-06-30',
  relatedResources: ['105001/000001'],
  tags: ['政务服务', '事项目录', '一网通办'],
  items: [
    item('事项编码', 'itemCode', 'string', { length: 32, key: true }),
    item('事项名称', 'name', 'string', { length: 200 }),
    item('实施机构', 'department', 'string', { length: 100 }),
    item('网上办理深度', 'onlineLevel', 'code', { length: 1, codeSet: codes.ONLINE_LEVEL }),
    district('实施区县'),
  ],
};

/** Fresh copies, so a caller may change them without touching the next load. */
export function demoResources(): ResourceInput[] {
  return structuredClone([person, legalEntity, licence, enforcementCase, serviceItem]);
}
