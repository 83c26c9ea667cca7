/**
 * Persons (人口基础信息). Identities — ID number, name, ethnicity, birth date — are drawn first and
 * kept, because legal entities and licences point at them; the rest of a person's row is drawn
 * from its own stream while rows are written.
 */
import { addYears, compactDate, dayOf, isoDate, LAST_DAY, yearOf } from './calendar.js';
import { ETHNICITY_BY_DISTRICT } from './ethnicities.js';
import { residentId } from './identities.js';
import { byPopulation, DISTRICT_BY_CODE, homeAddress } from './places.js';
import { Random, Weighted } from './random.js';
import type { DemoRow } from './rows.js';
import { personName } from './words.js';

export interface PersonRegistry {
  ids: string[];
  names: string[];
  ethnicities: string[];
  birthDays: Int32Array;
  /** Indices of persons who are adults at the demo epoch: legal representatives and most licence holders. */
  adults: Int32Array;
}

/** Birth years by decade, shaped like Qingyuan's age pyramid. */
const BIRTH_SPANS = new Weighted<readonly [number, number]>([
  [[1931, 1939], 1], [[1940, 1949], 3], [[1950, 1959], 7], [[1960, 1969], 12], [[1970, 1979], 14],
  [[1980, 1989], 15], [[1990, 1999], 14], [[2000, 2009], 12], [[2010, 2019], 14], [[2020, 2025], 6],
]);

/** Persons born before this day turn eighteen within the demo world. */
const ADULT_BEFORE = addYears(dayOf(2026, 1, 1), -18);
/** Mobile number segments of the three carriers (13x, 15x, 18x, 19x). */
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156',
  '157', '158', '159', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199',
];

export function registerPersons(seed: number, count: number): PersonRegistry {
  const rng = new Random(seed, 'person/identity');
  const registry: PersonRegistry = {
    ids: new Array<string>(count),
    names: new Array<string>(count),
    ethnicities: new Array<string>(count),
    birthDays: new Int32Array(count),
    adults: new Int32Array(0),
  };
  const issued = new Set<string>();
  const adults: number[] = [];
  for (let i = 0; i < count; i++) {
    const district = byPopulation.pick(rng);
    const male = rng.chance(0.515);
    const [from, to] = BIRTH_SPANS.pick(rng);
    const birth = rng.int(dayOf(from, 1, 1), Math.min(dayOf(to, 12, 31), LAST_DAY));
    let id: string;
    // The three-digit sequence is odd for men and even for women; a clash just draws another.
    do id = residentId(district.code, compactDate(birth), rng.int(0, 499) * 2 + (male ? 1 : 0));
    while (issued.has(id));
    issued.add(id);
    const ethnicity = ETHNICITY_BY_DISTRICT.get(district.code)!.pick(rng);
    registry.ids[i] = id;
    registry.names[i] = personName(rng, male, ethnicity);
    registry.ethnicities[i] = ethnicity;
    registry.birthDays[i] = birth;
    if (birth < ADULT_BEFORE) adults.push(i);
  }
  registry.adults = Int32Array.from(adults);
  return registry;
}

export function* personRows(seed: number, registry: PersonRegistry): Generator<DemoRow> {
  const rng = new Random(seed, 'person/rows');
  for (let i = 0; i < registry.ids.length; i++) {
    const id = registry.ids[i];
    const district = DISTRICT_BY_CODE.get(id.slice(0, 6))!;
    const birth = registry.birthDays[i];
    const address = homeAddress(rng, district);
    // Children under twelve have no phone of their own; their guardian's is on another record.
    const mobile = yearOf(birth) <= 2013 ? rng.pick(MOBILE_PREFIXES) + rng.chars('0123456789', 8) : null;
    yield {
      idNumber: id,
      name: registry.names[i],
      gender: Number(id[16]) % 2 === 1 ? '1' : '2',
      birthDate: isoDate(birth),
      ethnicity: registry.ethnicities[i],
      district: district.name,
      address,
      mobile,
    };
  }
}
