/**
 * The county-level units of Qingyuan (GB/T 2260 codes 4418xx), their towns and sub-districts, and
 * the street words addresses are built from. Weights follow the 2020 census population and, for
 * businesses, the weight of each district's economy.
 */
import { type Random, Weighted } from './random.js';

export interface District {
  /** GB/T 2260 code, also the first six digits of resident IDs registered there. */
  code: string;
  name: string;
  /** The short form used in document numbers, e.g. 清城 in 清城综执罚〔2025〕12号. */
  abbr: string;
  /** What a business or a town is prefixed with: 清远市 for urban districts, the unit's own name otherwise. */
  namePrefix: string;
  population: number;
  businesses: number;
  /** 街道 and 镇; 街道 addresses are street addresses, 镇 addresses may be villages. */
  towns: readonly string[];
}

export const DISTRICTS: readonly District[] = [
  {
    code: '441802', name: '清城区', abbr: '清城', namePrefix: '清远市', population: 120, businesses: 150,
    towns: ['凤城街道', '东城街道', '洲心街道', '横荷街道', '源潭镇', '龙塘镇', '石角镇', '飞来峡镇'],
  },
  {
    code: '441803', name: '清新区', abbr: '清新', namePrefix: '清远市', population: 57, businesses: 60,
    towns: ['太和镇', '太平镇', '山塘镇', '三坑镇', '龙颈镇', '禾云镇', '浸潭镇', '石潭镇'],
  },
  {
    code: '441881', name: '英德市', abbr: '英德', namePrefix: '英德市', population: 95, businesses: 80,
    towns: ['英城街道', '英红镇', '东华镇', '大站镇', '望埠镇', '浛洸镇', '连江口镇', '九龙镇', '西牛镇', '青塘镇'],
  },
  {
    code: '441882', name: '连州市', abbr: '连州', namePrefix: '连州市', population: 39, businesses: 30,
    towns: ['连州镇', '星子镇', '大路边镇', '龙坪镇', '西岸镇', '保安镇', '丰阳镇', '东陂镇', '九陂镇'],
  },
  {
    code: '441821', name: '佛冈县', abbr: '佛冈', namePrefix: '佛冈县', population: 33, businesses: 35,
    towns: ['石角镇', '汤塘镇', '高岗镇', '龙山镇', '水头镇', '迳头镇'],
  },
  {
    code: '441823', name: '阳山县', abbr: '阳山', namePrefix: '阳山县', population: 37, businesses: 25,
    towns: ['阳城镇', '七拱镇', '太平镇', '杜步镇', '黎埠镇', '小江镇', '青莲镇', '岭背镇'],
  },
  {
    code: '441825', name: '连山壮族瑶族自治县', abbr: '连山', namePrefix: '连山壮族瑶族自治县', population: 10, businesses: 8,
    towns: ['吉田镇', '太保镇', '禾洞镇', '福堂镇', '小三江镇', '上帅镇', '永和镇'],
  },
  {
    code: '441826', name: '连南瑶族自治县', abbr: '连南', namePrefix: '连南瑶族自治县', population: 14, businesses: 10,
    towns: ['三江镇', '寨岗镇', '大麦山镇', '香坪镇', '大坪镇', '涡水镇', '三排镇'],
  },
];

export const DISTRICT_BY_CODE: ReadonlyMap<string, District> = new Map(DISTRICTS.map((d) => [d.code, d]));

export const byPopulation = new Weighted(DISTRICTS.map((d) => [d, d.population] as const));
export const byBusinesses = new Weighted(DISTRICTS.map((d) => [d, d.businesses] as const));

const ROADS = [
  '人民路', '建设路', '新城路', '城南大道', '府前路', '广场路', '健康路', '中山路', '和平路', '文化路',
  '站前路', '环城路', '北门街', '沿江路', '学院路', '银泉路', '东风路', '江滨路', '五一路', '先锋路',
  '北江路', '桥北路', '松岗路', '连江路', '新华路', '振兴路', '工业大道', '龙塘路', '富强路', '朝阳路',
];

const VILLAGES = [
  '大塘', '石岭', '新联', '黄坑', '水边', '上坪', '下坪', '横坑', '白石', '沙坪', '长岗', '塘头', '坑口',
  '南岗', '河口', '田心', '高田', '新村', '石门', '大岭', '东坑', '西岭', '上洞', '车头', '莲塘', '松林',
  '竹山', '油岭', '黄沙', '石灰', '良田', '鱼坝',
];

const SHOP_SUFFIXES = ['', '', '', '首层', '101房', '二楼', '之一', '商铺'];

/** A residential address: `清远市清城区凤城街道人民路12号`, or a village in a town. */
export function homeAddress(rng: Random, district: District, town: string = rng.pick(district.towns)): string {
  const head = `清远市${district.name}${town}`;
  if (town.endsWith('街道') || rng.chance(0.55)) return `${head}${rng.pick(ROADS)}${rng.int(1, 388)}号`;
  return `${head}${rng.pick(VILLAGES)}村${rng.int(1, 120)}号`;
}

/** A business address, which may name a floor or shop unit. */
export function businessAddress(rng: Random, district: District): string {
  const town = rng.pick(district.towns);
  return `清远市${district.name}${town}${rng.pick(ROADS)}${rng.int(1, 288)}号${rng.pick(SHOP_SUFFIXES)}`;
}

/** A town of the district, for co-operatives named after where they farm. */
export function townOf(rng: Random, district: District): string {
  return rng.pick(district.towns.filter((t) => t.endsWith('镇')));
}
