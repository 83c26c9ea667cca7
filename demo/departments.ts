/** The eight municipal departments of the demo world (DESIGN §6). */
import type { Department } from '../catalog/index.js';
import { creditCode } from './identities.js';

/** Municipal-level units register with region 441800 (清远市本级). */
const CITY_REGION = '441800';

interface DepartmentSeed {
  code: string;
  name: string;
  /** The eight digits of the agency's organisation code before its check character. */
  organisation: string;
  contactName: string;
  extension: string;
}

const SEEDS: readonly DepartmentSeed[] = [
  { code: 'eit', name: '清远市经济和信息化局', organisation: '00719253', contactName: '数据资源科 陈志明', extension: '3368201' },
  { code: 'psb', name: '清远市公安局', organisation: '00719164', contactName: '科技信息化支队 梁国华', extension: '3361110' },
  { code: 'amr', name: '清远市市场监督管理局', organisation: 'MB2C0917', contactName: '信息化科 黄丽娟', extension: '3378512' },
  { code: 'gsc', name: '清远市行政服务中心', organisation: '00719481', contactName: '综合科 刘婷', extension: '3389006' },
  { code: 'ule', name: '清远市城市管理和综合执法局', organisation: 'MB2C1620', contactName: '办公室 何建新', extension: '3362715' },
  { code: 'hrss', name: '清远市人力资源和社会保障局', organisation: '00719377', contactName: '信息中心 罗海燕', extension: '3365120' },
  { code: 'edu', name: '清远市教育局', organisation: '00719172', contactName: '电教馆 吴俊杰', extension: '3363318' },
  { code: 'sup', name: '清远市监察局', organisation: '00719148', contactName: '综合室 郑伟', extension: '3360902' },
];

export function demoDepartments(): Department[] {
  return SEEDS.map((s) => ({
    code: s.code,
    name: s.name,
    creditCode: creditCode('1', '1', CITY_REGION, s.organisation),
    parentCode: null,
    contact: { name: s.contactName, phone: `0763-${s.extension}`, email: `sjgx@${s.code}.gdqy.gov.cn` },
  }));
}

/** The name of a demo department by its code, for issuers and implementing agencies. */
export function departmentName(code: string): string {
  const seed = SEEDS.find((s) => s.code === code);
  if (!seed) throw new RangeError(`no demo department "${code}"`);
  return seed.name;
}
