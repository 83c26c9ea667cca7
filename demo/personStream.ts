/**
 * Persons drawn one at a time in constant memory, for large syncs in tests and the ingest
 * benchmark. Unlike `personRows`, no registry is kept: each index maps to a distinct (district,
 * birth date, sequence), so resident IDs are unique by construction, and each carries its check
 * digit. The same seed, start and count always give the same persons.
 */
import { compactDate, dayOf, isoDate, LAST_DAY, yearOf } from './calendar.js';
import { ETHNICITY_BY_DISTRICT } from './ethnicities.js';
import { residentId } from './identities.js';
import { DISTRICTS, homeAddress } from './places.js';
import { Random } from './random.js';
import type { DemoRow } from './rows.js';
import { personName } from './words.js';

const FIRST_BIRTH = dayOf(1940, 1, 1);
const SPAN = LAST_DAY - FIRST_BIRTH + 1;
/** Steps through the birth days in a scattered order; coprime to SPAN, so no day repeats within it. */
const STRIDE = 7919;
const SEQUENCES = 1000;
const PREFIXES = ['130', '135', '138', '139', '150', '158', '186', '189', '199'];

/** How many distinct persons the construction can give. */
export const MAX_STREAMED_PERSONS = DISTRICTS.length * SEQUENCES * SPAN;

/** The person at `index` (0-based) of the stream of `seed`. */
export function streamedPerson(rng: Random, index: number): DemoRow {
  const district = DISTRICTS[index % DISTRICTS.length]!;
  const rest = Math.floor(index / DISTRICTS.length);
  const sequence = rest % SEQUENCES;
  const birth = FIRST_BIRTH + ((Math.floor(rest / SEQUENCES) * STRIDE) % SPAN);
  const male = sequence % 2 === 1;
  const ethnicity = ETHNICITY_BY_DISTRICT.get(district.code)!.pick(rng);
  return {
    idNumber: residentId(district.code, compactDate(birth), sequence),
    name: personName(rng, male, ethnicity),
    gender: male ? '1' : '2',
    birthDate: isoDate(birth),
    ethnicity,
    district: district.name,
    address: homeAddress(rng, district),
    mobile: yearOf(birth) <= 2013 ? rng.pick(PREFIXES) + rng.chars('0123456789', 8) : null,
  };
}

export function* personStream(count: number, seed = 1, from = 0): Generator<DemoRow> {
  if (from + count > MAX_STREAMED_PERSONS) throw new RangeError(`at most ${MAX_STREAMED_PERSONS} streamed persons`);
  const rng = new Random(seed, `person/stream/${from}`);
  for (let i = from; i < from + count; i++) yield streamedPerson(rng, i);
}
