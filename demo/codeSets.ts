/**
 * The code sets (代码集) the demo resources' code items draw on. National standards keep their
 * standard's own identifier; the platform's own sets are prefixed `govshare/`.
 */
import type { CodeSet } from '../catalog/index.js';

export const GENDER = 'GB/T 2261.1-2003';
export const ETHNICITY = 'GB/T 3304-1991';
export const ENTITY_TYPE = 'govshare/entity-type';
export const ENTITY_STATUS = 'govshare/entity-status';
export const LICENCE_TYPE = 'govshare/licence-type';
export const HOLDER_TYPE = 'govshare/holder-type';
export const LICENCE_STATUS = 'govshare/licence-status';
export const PENALTY_KIND = 'govshare/penalty-kind';
export const ONLINE_LEVEL = 'govshare/online-level';

/** The 56 nationalities in GB/T 3304 order; the code is the position, 01 to 56. */
const NATIONALITIES = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
];

export function ethnicityCode(name: string): string {
  const i = NATIONALITIES.indexOf(name);
  if (i < 0) throw new RangeError(`"${name}" is not a nationality of GB/T 3304`);
  return String(i + 1).padStart(2, '0');
}

/** Licence types (电子证照类型): 1x are held by natural persons, 2x by legal entities. */
export const LICENCE_TYPES: Record<string, string> = {
  '11': '机动车驾驶证',
  '12': '社会保障卡',
  '13': '职业技能等级证书',
  '14': '教师资格证书',
  '15': '就业创业证',
  '16': '专业技术人员职业资格证书',
  '21': '营业执照',
  '22': '食品经营许可证',
  '23': '药品经营许可证',
  '24': '特种设备使用登记证',
  '25': '城市建筑垃圾处置核准',
  '26': '户外广告设施设置许可',
  '27': '人力资源服务许可证',
  '28': '民办学校办学许可证',
};

export function demoCodeSets(): CodeSet[] {
  return [
    { id: GENDER, name: '人的性别代码', standard: 'GB/T 2261.1-2003', values: { '0': '未知的性别', '1': '男', '2': '女', '9': '未说明的性别' } },
    {
      id: ETHNICITY,
      name: '中国各民族名称代码',
      standard: 'GB/T 3304-1991',
      values: Object.fromEntries(NATIONALITIES.map((n, i) => [String(i + 1).padStart(2, '0'), n])),
    },
    {
      id: ENTITY_TYPE,
      name: '市场主体类型',
      values: {
        '11': '有限责任公司', '12': '股份有限公司', '13': '个人独资企业', '14': '合伙企业', '15': '分公司',
        '21': '个体工商户', '31': '农民专业合作社',
      },
    },
    {
      id: ENTITY_STATUS,
      name: '市场主体登记状态',
      values: { '1': '存续（在营、开业、在册）', '2': '吊销，未注销', '3': '注销', '4': '迁出', '5': '歇业' },
    },
    { id: LICENCE_TYPE, name: '电子证照类型', values: LICENCE_TYPES },
    { id: HOLDER_TYPE, name: '持证主体类型', values: { '1': '自然人', '2': '法人' } },
    { id: LICENCE_STATUS, name: '证照状态', values: { '1': '有效', '2': '已过期', '3': '已注销', '4': '已吊销' } },
    {
      id: PENALTY_KIND,
      name: '行政处罚种类',
      standard: '《中华人民共和国行政处罚法》第九条',
      values: {
        '01': '警告', '02': '通报批评', '03': '罚款', '04': '没收违法所得、没收非法财物', '05': '暂扣许可证件',
        '06': '降低资质等级', '07': '吊销许可证件', '08': '限制开展生产经营活动', '09': '责令停产停业',
        '10': '责令关闭', '11': '限制从业', '12': '行政拘留',
      },
    },
    {
      id: ONLINE_LEVEL,
      name: '网上办理深度',
      values: { '1': '一级（网上咨询）', '2': '二级（在线预约、表格下载）', '3': '三级（在线预审）', '4': '四级（全程网办）' },
    },
  ];
}
