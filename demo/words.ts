/**
 * Words the demo world's names are made of. Surname weights approximate their frequency in
 * Guangdong (per ten thousand); Yao and Zhuang families draw from the surnames common among the
 * Pai Yao of Liannan and the Zhuang of Lianshan.
 */
import { Weighted, type Random } from './random.js';

const SURNAMES: readonly (readonly [string, number])[] = [
  ['陈', 950], ['李', 720], ['黄', 700], ['张', 480], ['梁', 400], ['刘', 380], ['林', 350], ['何', 280],
  ['罗', 280], ['吴', 250], ['郑', 220], ['谢', 200], ['朱', 180], ['王', 180], ['杨', 170], ['周', 160],
  ['邓', 160], ['冯', 150], ['曾', 150], ['叶', 140], ['钟', 140], ['彭', 120], ['苏', 120], ['潘', 120],
  ['卢', 120], ['蔡', 110], ['赖', 100], ['廖', 100], ['温', 90], ['许', 90], ['邱', 90], ['莫', 90],
  ['赵', 80], ['徐', 80], ['胡', 80], ['余', 80], ['邹', 60], ['袁', 60], ['唐', 60], ['江', 50],
  ['麦', 50], ['伍', 50], ['范', 40], ['汤', 40], ['韦', 40], ['孔', 30], ['骆', 30], ['严', 30],
  ['龚', 30], ['区', 30], ['沈', 30], ['邝', 30], ['欧阳', 30], ['房', 20], ['盘', 20], ['覃', 20],
  ['司徒', 10], ['植', 10],
];

const YAO_SURNAMES: readonly (readonly [string, number])[] = [
  ['房', 30], ['唐', 25], ['邓', 25], ['盘', 20], ['沈', 15], ['李', 10], ['赵', 10], ['黄', 8], ['陈', 5],
];

const ZHUANG_SURNAMES: readonly (readonly [string, number])[] = [
  ['韦', 30], ['莫', 25], ['覃', 20], ['黄', 15], ['陆', 10], ['廖', 10], ['李', 8], ['陈', 6], ['蒙', 6],
];

const MALE_CHARS = Array.from('伟强军杰明华建国志文斌浩宇俊鹏辉健峰涛超勇锋东海荣家子梓晨轩昊博泽德永耀振锦炜展新豪杰');
const FEMALE_CHARS = Array.from('芳丽敏静燕玲婷娟霞红梅莉秀英慧颖琳欣怡佳雪晓诗雨思可妍彤淑美凤碧翠惠珊洁倩月嘉');
const NEUTRAL_CHARS = Array.from('文明嘉晓思家志永春秋雅安宁诗');

const general = new Weighted(SURNAMES);
const yao = new Weighted(YAO_SURNAMES);
const zhuang = new Weighted(ZHUANG_SURNAMES);

/** GB/T 3304 codes of the two minorities the demo districts are home to. */
export const ZHUANG = '08';
export const YAO = '13';

/** A Chinese name: a surname, then one or (mostly) two given characters. */
export function personName(rng: Random, male: boolean, ethnicity: string): string {
  const table = ethnicity === YAO ? yao : ethnicity === ZHUANG ? zhuang : general;
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const given = () => (rng.chance(0.15) ? rng.pick(NEUTRAL_CHARS) : rng.pick(chars));
  const first = given();
  if (!rng.chance(0.8)) return table.pick(rng) + first;
  let second = given();
  while (second === first) second = given();
  return table.pick(rng) + first + second;
}

/** 字号: the distinctive part of a business name. */
export const TRADE_NAME_CHARS = Array.from('华盛鑫宏达兴隆恒泰丰源瑞祥富安康嘉信德和顺昌联创汇通宝金凯锦星辉明诚宇海天力新佳益永中南粤清远峰骏');

export const INDUSTRIES = [
  '贸易', '商贸', '实业', '科技', '建筑工程', '建材', '物流', '餐饮管理', '农业发展', '茶业', '食品', '电子',
  '机械设备', '房地产开发', '物业管理', '旅游开发', '文化传播', '信息技术', '环保科技', '新材料', '水泥', '陶瓷',
  '五金制品', '家具', '服装', '医药', '汽车销售服务', '装饰工程', '人力资源服务', '教育咨询', '石材', '生态农业',
];

export const SHOPS = [
  '便利店', '小食店', '五金店', '理发店', '餐馆', '粉店', '农资店', '水果店', '手机维修店', '茶庄', '士多店',
  '服装店', '烧腊店', '肠粉店', '建材店', '电器店', '副食店', '汽车修理厂', '药店', '早餐店', '面包店',
];

export const CO_OPERATIVE_TRADES = ['茶叶种植', '水果种植', '蔬菜种植', '生猪养殖', '清远鸡养殖', '水稻种植', '油茶种植', '沙糖桔种植'];
