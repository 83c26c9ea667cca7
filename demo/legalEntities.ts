/**
 * Legal entities (法人基础信息): companies, sole traders (个体工商户) and farmers' co-operatives
 * registered in Qingyuan. They are few enough to keep whole, and licences and enforcement cases
 * point at them.
 */
import { CREDIT_CODE_ALPHABET } from '../shared/index.js';
import { dayOf, isoDate, LAST_DAY } from './calendar.js';
import { creditCode } from './identities.js';
import type { PersonRegistry } from './persons.js';
import { businessAddress, byBusinesses, homeAddress, townOf, type District } from './places.js';
import { Random, Weighted } from './random.js';
import type { DemoRow } from './rows.js';
import { CO_OPERATIVE_TRADES, INDUSTRIES, personName, SHOPS, TRADE_NAME_CHARS } from './words.js';

export interface LegalEntity {
  row: DemoRow;
  creditCode: string;
  name: string;
  entityType: string;
  status: string;
  district: District;
  address: string;
  established: number;
}

const ENTITY_TYPES = new Weighted([['11', 30], ['12', 1], ['13', 3], ['14', 1], ['15', 4], ['21', 58], ['31', 3]] as const);

/** Registered capital in 万元; sole traders declare their funds, branches have none of their own. */
const CAPITAL: Record<string, readonly number[]> = {
  '11': [3, 5, 10, 10, 20, 30, 50, 50, 100, 100, 200, 300, 500, 1000, 2000, 5000],
  '12': [1000, 2000, 5000, 8000, 10000, 30000],
  '13': [1, 3, 5, 10, 20, 50],
  '14': [10, 50, 100, 500, 1000],
  '15': [0],
  '21': [0.5, 1, 2, 3, 5, 5, 8, 10, 10, 20, 30, 50],
  '31': [5, 10, 20, 50, 100, 200],
};

const PARENT_CITIES = ['广州', '深圳', '佛山', '东莞', '广东'];
/** Organisation codes given out since the 2015 reform start with MA; older ones are all digits. */
const REFORM_DAY = dayOf(2015, 10, 1);

function tradeName(rng: Random): string {
  const first = rng.pick(TRADE_NAME_CHARS);
  let second = rng.pick(TRADE_NAME_CHARS);
  while (second === first) second = rng.pick(TRADE_NAME_CHARS);
  return first + second;
}

function entityName(rng: Random, type: string, district: District, town: string, representative: string): string {
  const urban = district.namePrefix === '清远市';
  const local = urban ? `清远市${district.name}` : district.namePrefix;
  switch (type) {
    case '11':
      return `${rng.chance(0.8) ? district.namePrefix : '清远'}${tradeName(rng)}${rng.pick(INDUSTRIES)}有限公司`;
    case '12':
      return `广东${tradeName(rng)}${rng.pick(INDUSTRIES)}股份有限公司`;
    case '13':
      return `${district.namePrefix}${tradeName(rng)}${rng.pick(INDUSTRIES)}商行`;
    case '14':
      return `清远${tradeName(rng)}${rng.pick(['投资', '企业管理', '股权投资'])}合伙企业（有限合伙）`;
    case '15':
      return `${rng.pick(PARENT_CITIES)}${tradeName(rng)}${rng.pick(INDUSTRIES)}有限公司${district.abbr}分公司`;
    case '21': {
      // Sole traders trade as 陈记, 阿华 or a lucky pair of characters.
      const r = rng.next();
      const brand = r < 0.3 ? `${Array.from(representative)[0]}记` : r < 0.45 ? `阿${Array.from(representative).at(-1)}` : tradeName(rng);
      return `${local}${brand}${rng.pick(SHOPS)}`;
    }
    case '31':
      return `${local}${town}${tradeName(rng)}${rng.pick(CO_OPERATIVE_TRADES)}专业合作社`;
    default:
      throw new RangeError(`unknown entity type ${type}`);
  }
}

/** Older entities are more often closed down (注销) or struck off (吊销). */
function entityStatus(rng: Random, type: string, established: number): string {
  const age = (LAST_DAY - established) / 365;
  const r = rng.next();
  if (r < Math.min(0.3, 0.012 * age)) return '3';
  if (r < Math.min(0.3, 0.012 * age) + Math.min(0.08, 0.004 * age)) return '2';
  if (r > 0.995) return '4';
  if (type === '21' && r > 0.985) return '5';
  return '1';
}

export function registerLegalEntities(seed: number, count: number, persons: PersonRegistry): LegalEntity[] {
  const rng = new Random(seed, 'legalEntity');
  const organisationCodes = new Set<string>();
  const names = new Set<string>();
  const entities: LegalEntity[] = [];
  for (let i = 0; i < count; i++) {
    const type = ENTITY_TYPES.pick(rng);
    const district = byBusinesses.pick(rng);
    // Most entities are young: registrations have grown year on year since the 1990s.
    let year = 2025 - Math.floor(30 * rng.next() ** 2);
    // Farmers' co-operatives exist only since the 农民专业合作社法 of 2007.
    if (type === '31' && year < 2008) year = rng.int(2008, 2025);
    const established = rng.int(dayOf(year, 1, 1), Math.min(dayOf(year, 12, 31), LAST_DAY));
    let organisation: string;
    do organisation = established >= REFORM_DAY ? `MA${rng.chars(CREDIT_CODE_ALPHABET, 6)}` : rng.chars('0123456789', 8);
    while (organisationCodes.has(organisation));
    organisationCodes.add(organisation);
    const kind = type === '21' ? '2' : type === '31' ? '3' : '1';
    const code = creditCode('9', kind, district.code, organisation);
    const representative = persons.adults.length
      ? persons.names[persons.adults[rng.int(0, persons.adults.length - 1)]]
      : personName(rng, rng.chance(0.6), '01');
    const town = townOf(rng, district);
    let name = entityName(rng, type, district, town, representative);
    // Names are unique within a registration area; a handful of draws always finds a free one.
    for (let tries = 0; names.has(name) && tries < 20; tries++) name = entityName(rng, type, district, town, representative);
    names.add(name);
    const address = type === '31' ? homeAddress(rng, district, town) : businessAddress(rng, district);
    const status = entityStatus(rng, type, established);
    const row: DemoRow = {
      creditCode: code,
      name,
      legalRepresentative: representative,
      entityType: type,
      registeredCapital: rng.pick(CAPITAL[type]),
      establishedDate: isoDate(established),
      district: district.name,
      address,
      status,
    };
    entities.push({ row, creditCode: code, name, entityType: type, status, district, address, established });
  }
  return entities;
}

export function* legalEntityRows(entities: readonly LegalEntity[]): Generator<DemoRow> {
  for (const e of entities) yield e.row;
}

/** Used by licences: whether the entity's own status ends its licences. */
export function isClosed(entity: LegalEntity): boolean {
  return entity.status === '2' || entity.status === '3';
}
