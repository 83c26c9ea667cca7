/**
 * Electronic licences (电子证照). Every licence is held by a person or an entity that exists in the
 * demo world, is issued by the department responsible for it, and is valid, expired, cancelled or
 * revoked consistently with its dates and its holder's own status.
 */
import { addYears, dayOf, isoDate, LAST_DAY, pad, yearOf } from './calendar.js';
import { departmentName } from './departments.js';
import { isClosed, type LegalEntity } from './legalEntities.js';
import type { PersonRegistry } from './persons.js';
import { Random, Weighted } from './random.js';
import type { DemoRow } from './rows.js';

interface LicenceKind {
  type: string;
  issuer: string;
  /** Years of validity; null for licences valid until revoked (长期). */
  validity: readonly number[] | null;
  /** Entity types that may hold it (entity licences only). */
  entityTypes?: readonly string[];
}

const PERSON_KINDS = new Weighted<LicenceKind>([
  [{ type: '11', issuer: 'psb', validity: [6, 10] }, 30],
  [{ type: '12', issuer: 'hrss', validity: [10] }, 25],
  [{ type: '13', issuer: 'hrss', validity: null }, 15],
  [{ type: '14', issuer: 'edu', validity: null }, 8],
  [{ type: '15', issuer: 'hrss', validity: null }, 10],
  [{ type: '16', issuer: 'hrss', validity: null }, 8],
]);

const ENTITY_KINDS = new Weighted<LicenceKind>([
  [{ type: '21', issuer: 'amr', validity: null }, 40],
  [{ type: '22', issuer: 'amr', validity: [5], entityTypes: ['11', '13', '21'] }, 22],
  [{ type: '23', issuer: 'amr', validity: [5], entityTypes: ['11', '21'] }, 4],
  [{ type: '24', issuer: 'amr', validity: null, entityTypes: ['11', '12', '15'] }, 5],
  [{ type: '25', issuer: 'ule', validity: [2], entityTypes: ['11'] }, 3],
  [{ type: '26', issuer: 'ule', validity: [3], entityTypes: ['11', '13', '15', '21'] }, 4],
  [{ type: '27', issuer: 'hrss', validity: [5], entityTypes: ['11'] }, 2],
  [{ type: '28', issuer: 'edu', validity: [5], entityTypes: ['11'] }, 2],
]);

const BUSINESS_LICENCE = '21';
/** Electronic licences were issued from 2016 on; older paper licences were re-issued then. */
const E_LICENCE_START = dayOf(2016, 1, 1);
const EPOCH_DAY = LAST_DAY + 1;

/** Chooses holders: business licences go to each entity once before any gets a second. */
class Holders {
  private readonly byType = new Map<string, number[]>();
  private readonly eligible = new Map<string, number[]>();
  private readonly unlicensed: number[];

  constructor(private readonly rng: Random, readonly entities: readonly LegalEntity[]) {
    entities.forEach((e, i) => {
      const list = this.byType.get(e.entityType) ?? [];
      list.push(i);
      this.byType.set(e.entityType, list);
    });
    this.unlicensed = rng.shuffle(entities.map((_, i) => i));
  }

  entityFor(kind: LicenceKind): LegalEntity | undefined {
    if (kind.type === BUSINESS_LICENCE && this.unlicensed.length) return this.entities[this.unlicensed.pop()!];
    let eligible = this.eligible.get(kind.type);
    if (!eligible) {
      eligible = (kind.entityTypes ?? [...this.byType.keys()]).flatMap((t) => this.byType.get(t) ?? []);
      this.eligible.set(kind.type, eligible);
    }
    return eligible.length ? this.entities[this.rng.pick(eligible)] : undefined;
  }
}

function status(rng: Random, expiry: number | null, entity?: LegalEntity): string {
  if (entity && isClosed(entity)) return entity.status === '2' ? '4' : '3';
  if (expiry !== null && expiry < EPOCH_DAY) return '2';
  const r = rng.next();
  return r < 0.985 ? '1' : r < 0.995 ? '3' : '4';
}

export function* licenceRows(seed: number, count: number, persons: PersonRegistry, entities: readonly LegalEntity[]): Generator<DemoRow> {
  if (count > 0 && !persons.adults.length && !entities.length) throw new RangeError('licences need adult persons or legal entities to hold them');
  const rng = new Random(seed, 'licence');
  const holders = new Holders(new Random(seed, 'licence/holders'), entities);
  for (let i = 0; i < count; i++) {
    const toPerson = !entities.length || (persons.adults.length > 0 && rng.chance(0.45));
    let holderId: string;
    let kind: LicenceKind;
    let issue: number;
    let entity: LegalEntity | undefined;
    if (toPerson) {
      kind = PERSON_KINDS.pick(rng);
      const p = persons.adults[rng.int(0, persons.adults.length - 1)];
      holderId = persons.ids[p];
      issue = rng.int(Math.max(dayOf(2012, 1, 1), addYears(persons.birthDays[p], 18)), LAST_DAY);
    } else {
      do kind = ENTITY_KINDS.pick(rng);
      while (!(entity = holders.entityFor(kind)));
      holderId = entity.creditCode;
      const start = Math.max(entity.established, E_LICENCE_START);
      // A business licence is usually issued the day the entity is registered.
      issue = kind.type === BUSINESS_LICENCE && entity.established >= E_LICENCE_START && rng.chance(0.7) ? start : rng.int(Math.min(start, LAST_DAY), LAST_DAY);
    }
    const expiry = kind.validity ? addYears(issue, rng.pick(kind.validity)) - 1 : null;
    yield {
      licenceNo: `QY${kind.type}${yearOf(issue)}${pad(i + 1, 7)}`,
      licenceType: kind.type,
      holderType: toPerson ? '1' : '2',
      holderId,
      issuer: departmentName(kind.issuer),
      issueDate: isoDate(issue),
      expiryDate: expiry === null ? null : isoDate(expiry),
      status: status(rng, expiry, entity),
    };
  }
}
