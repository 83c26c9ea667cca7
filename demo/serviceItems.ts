/**
 * Government service items (政务服务事项). Each base item is offered in its variants (首次申领,
 * 补领 …) in every district; the catalog shows a seeded selection of these, coded
 * `<region>-<kind>-<sequence>` after the kind of power: 行政许可 XK, 行政确认 QR, 行政给付 JF,
 * 公共服务 GG, 行政备案 BA, 其他 QT.
 */
import { departmentName } from './departments.js';
import { DISTRICTS } from './places.js';
import { Random, Weighted } from './random.js';
import type { DemoRow } from './rows.js';

interface BaseItem {
  name: string;
  department: string;
  kind: 'XK' | 'QR' | 'JF' | 'GG' | 'BA' | 'QT';
  variants?: readonly string[];
}

const BASE_ITEMS: readonly BaseItem[] = [
  { name: '居民身份证申领', department: 'psb', kind: 'GG', variants: ['首次申领', '换领', '补领'] },
  { name: '户口迁移登记', department: 'psb', kind: 'QR', variants: ['迁入', '迁出'] },
  { name: '出生登记', department: 'psb', kind: 'QR' },
  { name: '居住证办理', department: 'psb', kind: 'GG', variants: ['申领', '签注'] },
  { name: '机动车驾驶证业务', department: 'psb', kind: 'XK', variants: ['期满换证', '遗失补证'] },
  { name: '往来港澳通行证签注', department: 'psb', kind: 'XK', variants: ['团队旅游', '个人旅游', '探亲'] },
  { name: '临时身份证明开具', department: 'psb', kind: 'GG' },
  { name: '无犯罪记录证明开具', department: 'psb', kind: 'GG' },
  { name: '户籍证明开具', department: 'psb', kind: 'GG' },
  { name: '企业设立登记', department: 'amr', kind: 'XK', variants: ['有限责任公司', '个人独资企业', '合伙企业'] },
  { name: '企业变更登记', department: 'amr', kind: 'XK' },
  { name: '企业注销登记', department: 'amr', kind: 'XK', variants: ['一般注销', '简易注销'] },
  { name: '个体工商户登记', department: 'amr', kind: 'XK', variants: ['设立', '变更', '注销'] },
  { name: '食品经营许可', department: 'amr', kind: 'XK', variants: ['新办', '延续', '变更', '注销'] },
  { name: '药品零售企业经营许可', department: 'amr', kind: 'XK' },
  { name: '特种设备使用登记', department: 'amr', kind: 'QT' },
  { name: '农民专业合作社登记', department: 'amr', kind: 'XK' },
  { name: '失业保险金申领', department: 'hrss', kind: 'JF' },
  { name: '失业登记', department: 'hrss', kind: 'GG' },
  { name: '职工基本养老保险退休申请', department: 'hrss', kind: 'QR' },
  { name: '高校毕业生就业见习补贴申领', department: 'hrss', kind: 'JF' },
  { name: '社会保障卡办理', department: 'hrss', kind: 'GG', variants: ['申领', '补换'] },
  { name: '职业技能等级认定', department: 'hrss', kind: 'QR' },
  { name: '城乡居民基本养老保险参保登记', department: 'hrss', kind: 'GG' },
  { name: '灵活就业人员参保登记', department: 'hrss', kind: 'GG' },
  { name: '就业创业证申领', department: 'hrss', kind: 'GG' },
  { name: '一次性创业资助申领', department: 'hrss', kind: 'JF' },
  { name: '人力资源服务许可', department: 'hrss', kind: 'XK' },
  { name: '劳动人事争议仲裁申请', department: 'hrss', kind: 'QT' },
  { name: '教师资格认定', department: 'edu', kind: 'XK', variants: ['幼儿园', '小学', '初级中学', '高级中学'] },
  { name: '民办学校设立审批', department: 'edu', kind: 'XK' },
  { name: '中小学生转学', department: 'edu', kind: 'GG' },
  { name: '中等职业学校国家助学金申请', department: 'edu', kind: 'JF' },
  { name: '适龄儿童入学登记', department: 'edu', kind: 'GG' },
  { name: '城市建筑垃圾处置核准', department: 'ule', kind: 'XK' },
  { name: '设置大型户外广告审批', department: 'ule', kind: 'XK' },
  { name: '临时占用城市道路审批', department: 'ule', kind: 'XK' },
  { name: '挖掘城市道路审批', department: 'ule', kind: 'XK' },
  { name: '户外招牌设置备案', department: 'ule', kind: 'BA' },
  { name: '城市生活垃圾经营性清扫、收集、运输服务审批', department: 'ule', kind: 'XK' },
  { name: '企业投资技术改造项目备案', department: 'eit', kind: 'BA' },
  { name: '专精特新中小企业认定', department: 'eit', kind: 'QR' },
  { name: '中小企业公共服务示范平台认定', department: 'eit', kind: 'QR' },
  { name: '工业企业技术改造事后奖补申请', department: 'eit', kind: 'JF' },
  { name: '企业开办“一网通办”', department: 'gsc', kind: 'GG' },
  { name: '工程建设项目联合审批', department: 'gsc', kind: 'GG' },
  { name: '政务服务帮办代办', department: 'gsc', kind: 'GG' },
];

/** Most items can be done fully online by now (四级); a few still need a visit. */
const ONLINE_LEVELS = new Weighted([['4', 45], ['3', 30], ['2', 20], ['1', 5]] as const);

interface Offering {
  name: string;
  department: string;
  kind: BaseItem['kind'];
  district: (typeof DISTRICTS)[number];
}

function allOfferings(): Offering[] {
  const offerings: Offering[] = [];
  for (const base of BASE_ITEMS) {
    const names = base.variants ? base.variants.map((v) => `${base.name}（${v}）`) : [base.name];
    for (const name of names) {
      for (const district of DISTRICTS) offerings.push({ name, department: departmentName(base.department), kind: base.kind, district });
    }
  }
  return offerings;
}

export function* serviceItemRows(seed: number, count: number): Generator<DemoRow> {
  const rng = new Random(seed, 'serviceItem');
  const offerings = rng.shuffle(allOfferings());
  for (let i = 0; i < count; i++) {
    // Beyond the distinct offerings (more than the demo needs) names repeat under new codes.
    const o = offerings[i % offerings.length];
    yield {
      itemCode: `${o.district.code}-${o.kind}-${String(i + 1).padStart(5, '0')}`,
      name: o.name,
      department: o.department,
      onlineLevel: ONLINE_LEVELS.pick(rng),
      district: o.district.name,
    };
  }
}
