/**
 * Grants built in memory, the demo world's person table read once, and an oracle that answers
 * queries in plain JavaScript — written apart from the code under test, so the two can disagree.
 */
import { Catalog, type Resource } from '../../../catalog/index.js';
import { loadDemoWorld } from '../../../demo/index.js';
import type { Grant, Predicate, Scalar } from '../../../exchange/index.js';
import type { Database } from '../../../shared/index.js';

export const NOW = new Date('2026-11-29T02:15:30.000Z'); // 10:15:30 in Qingyuan
export const PERSON_FIELDS = ['idNumber', 'name', 'gender', 'birthDate', 'ethnicity', 'district', 'address', 'mobile'] as const;

/** A query grant on `person` with every field, catalog masks, no row filter and no quotas, unless overridden. */
export function personGrant(overrides: Partial<Grant> = {}): Grant {
  return {
    id: 'g-test',
    consumer: 'hrss',
    resource: 'person',
    requestId: null,
    fields: [...PERSON_FIELDS],
    masks: {},
    unmasked: {},
    rowFilter: null,
    mode: 'query',
    purpose: '社保参保资格核验',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: null,
    quota: { requestsPerMinute: null, rowsPerDay: null },
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Loads the demo world (1,000 persons, seed 5) and returns the person resource. */
export async function loadDemoPersons(db: Database): Promise<Resource> {
  const catalog = new Catalog(db);
  await loadDemoWorld(db, catalog, { persons: 1000, seed: 5 });
  return catalog.getResource('person');
}

export type Value = string | number | boolean | null;
/** A stored person: apiName-keyed values plus the store's row id. */
export type PersonRow = Record<string, Value> & { _rowId: number };

/** The whole person table, read once; every stored value of person is text or a date. */
export async function readPersons(db: Database): Promise<PersonRow[]> {
  const rows: Record<string, unknown>[] = await db.knex('data_person').select();
  return rows.map((r) => {
    const out: Record<string, Value> = { _rowId: Number(r._row_id) };
    for (const f of PERSON_FIELDS) {
      const v = r[f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
      if (typeof v === 'string' && /[\ud800-\udfff]/.test(v)) throw new Error('the oracle compares UTF-16 units and assumes BMP text');
      out[f] = v === null || v === undefined ? null : String(v);
    }
    return out as PersonRow;
  });
}

/** Code-point order for BMP text (checked on reading), numeric order for numbers. */
export function compare(a: Scalar, b: Scalar): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SQL semantics: a comparison with an empty stored value is false; `prefix` is case-sensitive. */
export function matches(row: Record<string, Value>, p: Predicate): boolean {
  if ('and' in p) return p.and.every((s) => matches(row, s));
  if ('or' in p) return p.or.some((s) => matches(row, s));
  const v = row[p.field];
  if (v === null || v === undefined) return false;
  switch (p.op) {
    case 'eq':
      return compare(v, p.value) === 0;
    case 'ne':
      return compare(v, p.value) !== 0;
    case 'lt':
      return compare(v, p.value) < 0;
    case 'lte':
      return compare(v, p.value) <= 0;
    case 'gt':
      return compare(v, p.value) > 0;
    case 'gte':
      return compare(v, p.value) >= 0;
    case 'in':
      return p.value.some((x) => compare(v, x) === 0);
    case 'between':
      return compare(v, p.value[0]) >= 0 && compare(v, p.value[1]) <= 0;
    case 'prefix':
      return String(v).startsWith(String(p.value));
  }
}

/** Sorts like the API: each term with empty values last ascending / first descending, then the tie. */
export function sortRows<T extends Record<string, Value>>(rows: T[], terms: { field: string; direction: 'asc' | 'desc' }[], tie: string): T[] {
  const all = [...terms, { field: tie, direction: 'asc' as const }];
  return [...rows].sort((x, y) => {
    for (const { field, direction } of all) {
      const [a, b] = [x[field] ?? null, y[field] ?? null];
      if (a === b) continue;
      // null is the greatest value: last ascending, first descending
      const c = a === null ? 1 : b === null ? -1 : compare(a, b);
      if (c !== 0) return direction === 'asc' ? c : -c;
    }
    return 0;
  });
}
