/**
 * A generated catalog of N resources for the search benchmark, written in bulk (no data tables,
 * which search never reads) and then indexed by `reindexCatalog`, the function the catalog's own
 * writes and the migration use — so the index is exactly what the catalog would have built.
 */
import { reindexCatalog, type DataItem, type ResourceInput } from '../catalog/index.js';
import { insertRows, type Database } from '../shared/index.js';

const TOPICS = Array.from(
  '人口 户籍 法人 企业 个体工商户 社会保险 医疗保险 养老 就业 失业 教育 学校 学生 交通 车辆 道路 公交 环境 水质 空气 气象 税务 发票 住房 公积金 不动产 婚姻 出生 殡葬 食品 药品 医疗器械 证照 许可 执法 处罚 信用 金融 农业 林业 渔业 旅游 文化 体育 卫生 医院 疫苗 民政 残疾人 工资 规划 土地 建设 工程 消防 安全生产 应急 地震 水利 电力 燃气 通信 邮政 知识产权 专利 商标 统计 审计 财政 预算 采购 招标 档案 宗教 民族 退役军人 扶贫 乡村振兴 生态 森林 矿产 海关 口岸 物流'.split(' '),
);
const KINDS = '基础信息 登记信息 统计数据 名录 目录 台账 备案信息 审批信息 监测数据 许可信息 核验信息 变更记录 年报信息 明细 汇总'.split(' ');
const PLACES = '清远市 清城区 清新区 英德市 连州市 佛冈县 阳山县 连山 连南'.split(' ');
const ITEM_NAMES =
  '统一社会信用代码 公民身份号码 姓名 名称 地址 联系电话 登记日期 行政区划 经度 纬度 状态 备注 金额 编号 类型 负责人 有效期 发证机关 审批结果 办理时限 数量 面积 等级 单位名称 更新时间'.split(' ');
const ENGLISH = 'open data statistics registry licence permit archive index report'.split(' ');
const DEPARTMENT_NAMES = '公安局 市场监督管理局 人力资源和社会保障局 教育局 交通运输局 生态环境局 税务局 住房和城乡建设局 民政局 卫生健康委员会 自然资源局 农业农村局 文化广电旅游体育局 应急管理局 水利局 财政局 审计局 统计局 医疗保障局 退役军人事务局'.split(' ');

/** mulberry32: a small seeded generator, so every run builds the same catalog. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SearchWorld {
  /** Texts the queries draw from: real substrings of generated names and summaries. */
  names: string[];
  topics: string[];
  departments: string[];
}

const SHARING = ['unconditional', 'conditional', 'none'] as const;
const OPEN = ['open', 'conditional', 'closed'] as const;
const FORMATS = ['database', 'file', 'interface'] as const;
const CYCLES = ['real-time', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;

/** Writes `count` published resources over 60 departments and indexes them; `now` dates the syncs. */
export async function generateSearchWorld(db: Database, count: number, now: Date, seed = 1): Promise<SearchWorld> {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const stamp = now.toISOString();
  const departments = Array.from({ length: 60 }, (_, i) => ({
    code: `d${String(i).padStart(3, '0')}`,
    name: `${PLACES[i % PLACES.length]}${DEPARTMENT_NAMES[i % DEPARTMENT_NAMES.length]}`,
    credit_code: `11441800${String(i).padStart(9, '0')}X`,
    parent_code: null,
    contact: '{}',
    created_at: stamp,
    updated_at: stamp,
  }));
  await db.knex('departments').insert(departments);
  const names: string[] = [];
  const resources: unknown[][] = [];
  const versions: unknown[][] = [];
  const items: unknown[][] = [];
  for (let id = 1; id <= count; id++) {
    const topic = pick(TOPICS);
    const name = `${random() < 0.3 ? pick(PLACES) : ''}${topic}${pick(KINDS)}`;
    names.push(name);
    const category = 1 + Math.floor(random() * 3);
    const classification = { categoryCode: String(category), categoryName: ['基础信息资源类', '主题信息资源类', '部门信息资源类'][category - 1]!, itemCode: String(1 + Math.floor(random() * 20)).padStart(2, '0'), itemName: topic, catalogCode: '001', catalogName: name };
    const code = `${classification.categoryCode}${classification.itemCode}001/${String(id).padStart(6, '0')}`;
    const open = pick(OPEN);
    const sharing = pick(SHARING);
    const itemList: DataItem[] = Array.from({ length: 6 + Math.floor(random() * 7) }, (_, i) => ({
      name: i === 0 ? '记录编号' : pick(ITEM_NAMES),
      apiName: i === 0 ? 'recordId' : `field${i}`,
      dataType: 'string',
      length: 50,
      required: i === 0,
      key: i === 0,
      sensitivity: 'public',
      mask: 'none',
    }));
    const input: Omit<ResourceInput, 'items'> = {
      code,
      apiName: `resource${id}`,
      name,
      provider: departments[Math.floor(random() * departments.length)]!.code,
      classification,
      summary: `${pick(PLACES)}${topic}相关的${pick(KINDS)}，包括${pick(ITEM_NAMES)}、${pick(ITEM_NAMES)}和${pick(ITEM_NAMES)}，用于${pick(TOPICS)}和${pick(TOPICS)}业务协同。${random() < 0.2 ? `${pick(ENGLISH)} ${pick(ENGLISH)}` : ''}`,
      format: pick(FORMATS),
      sharing: sharing === 'none' ? { type: 'none', legalBasis: '法律法规规定' } : { type: sharing },
      open: open === 'closed' ? { type: 'closed' } : { type: open, licence: 'CC BY 4.0' },
      updateCycle: pick(CYCLES),
      publishedOn: `202${Math.floor(random() * 6)}-0${1 + Math.floor(random() * 9)}-15`,
      tags: [...new Set([topic, pick(TOPICS), pick(KINDS)])],
    };
    const synced = random() < 0.1 ? null : new Date(now.getTime() - random() * 400 * 86_400_000).toISOString();
    resources.push([id, code, input.apiName, name, input.provider, 'published', 1, 1, classification.categoryCode, classification.itemCode, '001', null, sharing, open, input.format, input.updateCycle, input.publishedOn, stamp, stamp, synced]);
    versions.push([id, 1, 'published', JSON.stringify(input), '["created"]', stamp, stamp]);
    itemList.forEach((item, position) => items.push([id, 1, position, item.apiName, item.name, 'string', 50, null, item.required, item.key, 'public', 'none', null, null, null, null]));
  }
  await db.knex.transaction(async (trx) => {
    const resourceColumns = ['id', 'code', 'api_name', 'name', 'provider_code', 'status', 'version', 'latest_version', 'category_code', 'item_code', 'catalog_code', 'subitem_code', 'sharing_type', 'open_type', 'format', 'update_cycle', 'published_on', 'created_at', 'updated_at', 'last_synced_at'];
    await insertRows(trx, db.dialect, 'resources', resourceColumns, resources);
    await insertRows(trx, db.dialect, 'resource_versions', ['resource_id', 'version', 'status', 'metadata', 'changes', 'created_at', 'published_at'], versions);
    const itemColumns = ['resource_id', 'version', 'position', 'api_name', 'name', 'data_type', 'length', 'scale', 'required', 'is_key', 'sensitivity', 'mask', 'format', 'code_set', 'description', 'references'];
    await insertRows(trx, db.dialect, 'data_items', itemColumns, items);
    await reindexCatalog(trx);
  });
  if (db.dialect.name === 'postgres') {
    await db.knex.raw(`select setval(pg_get_serial_sequence('resources', 'id'), ?)`, [count]);
    await db.knex.raw('analyze');
  }
  return { names, topics: [...TOPICS], departments: departments.map((d) => d.code) };
}
