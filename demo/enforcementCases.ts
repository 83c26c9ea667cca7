/**
 * Administrative penalty decisions (行政处罚决定) of the city-management enforcement bureaus. Each
 * names an entity of the demo world, is decided after it was registered, and is numbered per
 * district and year the way decision documents are: 清城综执罚〔2025〕123号.
 */
import { chineseDate, dayOf, isoDate, LAST_DAY, yearOf } from './calendar.js';
import type { LegalEntity } from './legalEntities.js';
import { Random, Weighted } from './random.js';
import type { DemoRow } from './rows.js';

interface Violation {
  act: string;
  law: string;
}

/** What any shop or company may be penalised for. */
const STREET_VIOLATIONS = new Weighted<Violation>([
  [{ act: '擅自占用城市道路摆卖经营', law: '城市道路管理条例' }, 20],
  [{ act: '未经批准擅自设置户外广告设施', law: '城市市容和环境卫生管理条例' }, 15],
  [{ act: '未按规定分类投放生活垃圾', law: '广东省城乡生活垃圾管理条例' }, 15],
  [{ act: '未安装油烟净化设施直接排放餐饮油烟', law: '中华人民共和国大气污染防治法' }, 12],
]);

/** What takes a building site: only companies are charged with these. */
const SITE_VIOLATIONS = new Weighted<Violation>([
  [{ act: '随意倾倒、抛撒建筑垃圾', law: '城市建筑垃圾管理规定' }, 10],
  [{ act: '夜间进行产生噪声的建筑施工作业', law: '中华人民共和国噪声污染防治法' }, 8],
  [{ act: '未取得建设工程规划许可证进行建设', law: '中华人民共和国城乡规划法' }, 6],
  [{ act: '未经批准擅自挖掘城市道路', law: '城市道路管理条例' }, 4],
  [{ act: '擅自砍伐、损毁城市绿化及其设施', law: '城市绿化条例' }, 4],
  [{ act: '运输渣土车辆未密闭、沿途撒漏', law: '城市市容和环境卫生管理条例' }, 6],
]);

const COMPANIES = new Set(['11', '12', '15']);

/** 警告, 罚款, 没收违法所得, 暂扣许可证件, 责令停产停业 — the kinds a city-management bureau imposes. */
const PENALTIES = new Weighted([['03', 70], ['01', 18], ['04', 6], ['09', 4], ['05', 2]] as const);
const FINES = new Weighted([[200, 10], [500, 20], [1000, 20], [2000, 15], [3000, 10], [5000, 12], [10000, 8], [20000, 4], [50000, 1]] as const);

const FIRST_DECISION = dayOf(2019, 1, 1);

export function* enforcementCaseRows(seed: number, count: number, entities: readonly LegalEntity[]): Generator<DemoRow> {
  if (count > 0 && !entities.length) throw new RangeError('enforcement cases need legal entities to be decided against');
  const rng = new Random(seed, 'enforcementCase');
  const numbers = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const entity = rng.pick(entities);
    const decided = rng.int(Math.min(Math.max(entity.established + 30, FIRST_DECISION), LAST_DAY), LAST_DAY);
    const committed = Math.max(entity.established, decided - rng.int(15, 90));
    const violation = (COMPANIES.has(entity.entityType) && rng.chance(0.5) ? SITE_VIOLATIONS : STREET_VIOLATIONS).pick(rng);
    const penalty = PENALTIES.pick(rng);
    const fine = penalty === '03' || (penalty === '04' && rng.chance(0.5)) ? FINES.pick(rng) : 0;
    const series = `${entity.district.abbr}综执罚〔${yearOf(decided)}〕`;
    const number = (numbers.get(series) ?? 0) + 1;
    numbers.set(series, number);
    yield {
      caseNo: `${series}${number}号`,
      subjectCreditCode: entity.creditCode,
      violation: `当事人${entity.name}于${chineseDate(committed)}在${entity.address}${violation.act}，违反了《${violation.law}》的有关规定。`,
      penalty,
      fineAmount: fine,
      decisionDate: isoDate(decided),
      district: entity.district.name,
    };
  }
}
