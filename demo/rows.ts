/**
 * The rows of the demo world, keyed by item apiName. Generation is a pure function of the seed and
 * the counts: each resource draws from its own stream, and the identities other resources point
 * at (persons, entities) are drawn once and shared, so the iterables may be read in any order,
 * more than once, and always yield the same rows.
 */
import { enforcementCaseRows } from './enforcementCases.js';
import { legalEntityRows, registerLegalEntities, type LegalEntity } from './legalEntities.js';
import { licenceRows } from './licences.js';
import { personRows, registerPersons, type PersonRegistry } from './persons.js';
import { serviceItemRows } from './serviceItems.js';

export const DEMO_RESOURCES = ['person', 'legalEntity', 'licence', 'enforcementCase', 'serviceItem'] as const;
export type DemoResourceName = (typeof DEMO_RESOURCES)[number];
export type DemoCounts = Record<DemoResourceName, number>;
export type DemoRow = Record<string, string | number | null>;
export type DemoRows = Record<DemoResourceName, Iterable<DemoRow>>;

export const DEFAULT_PERSONS = 20_000;
export const DEFAULT_SEED = 1;
/** The catalog of service items does not grow with the population. */
const SERVICE_ITEMS = 500;

/** Row counts for a population: a quarter as many entities, 0.4 licences and 0.15 cases per person. */
export function demoCounts(persons: number = DEFAULT_PERSONS): DemoCounts {
  return {
    person: persons,
    legalEntity: Math.round(persons / 4),
    licence: Math.round(persons * 0.4),
    enforcementCase: Math.round(persons * 0.15),
    serviceItem: SERVICE_ITEMS,
  };
}

export function generateDemoRows(seed: number, counts: DemoCounts): DemoRows {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`the seed must be an integer, got ${seed}`);
  for (const name of DEMO_RESOURCES) {
    if (!Number.isSafeInteger(counts[name]) || counts[name] < 0) throw new RangeError(`the count of ${name} must be a non-negative integer`);
  }
  let persons: PersonRegistry | undefined;
  let entities: LegalEntity[] | undefined;
  const personRegistry = () => (persons ??= registerPersons(seed, counts.person));
  const entityRegistry = () => (entities ??= registerLegalEntities(seed, counts.legalEntity, personRegistry()));
  const rows = (start: () => Iterator<DemoRow>): Iterable<DemoRow> => ({ [Symbol.iterator]: start });
  return {
    person: rows(() => personRows(seed, personRegistry())),
    legalEntity: rows(() => legalEntityRows(entityRegistry())),
    licence: rows(() => licenceRows(seed, counts.licence, personRegistry(), entityRegistry())),
    enforcementCase: rows(() => enforcementCaseRows(seed, counts.enforcementCase, entityRegistry())),
    serviceItem: rows(() => serviceItemRows(seed, counts.serviceItem)),
  };
}
