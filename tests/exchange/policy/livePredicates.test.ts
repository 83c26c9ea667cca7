/**
 * Row predicates where live sources need them: compiled for MySQL/MariaDB (a real table in the test
 * MariaDB, default `utf8mb4_general_ci` collation) and evaluated in memory for key-lookup sources.
 * Both are held to the oracle of the query tests, written apart from the code under test.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import knexFactory, { type Knex } from 'knex';
import type { DataItem } from '../../../catalog/index.js';
import { applyPredicate, matchesPredicate, validatePredicate, type Predicate } from '../../../exchange/index.js';
import { item, keyItem } from '../../catalog/fixtures.js';
import { matches, type Value } from '../query/fixtures.js';

type Row = Record<string, Value>;

const ITEMS: DataItem[] = [
  keyItem('recordId'),
  item({ apiName: 'title', dataType: 'string', length: 100 }),
  item({ apiName: 'kind', dataType: 'code', length: 1 }),
  item({ apiName: 'amount', dataType: 'integer' }),
  item({ apiName: 'price', dataType: 'decimal', length: 10, scale: 2 }),
  item({ apiName: 'active', dataType: 'boolean' }),
  item({ apiName: 'issuedOn', dataType: 'date' }),
  item({ apiName: 'stampedAt', dataType: 'datetime' }),
];

const ROWS: Row[] = [
  { recordId: 'r1', title: 'abc', kind: '1', amount: 1, price: 1.5, active: true, issuedOn: '2025-01-01', stampedAt: '2025-01-01T08:00:00.000Z' },
  { recordId: 'r2', title: 'ABC def', kind: '2', amount: 5, price: 2.25, active: false, issuedOn: '2025-06-30', stampedAt: '2025-06-30T23:59:59.000Z' },
  { recordId: 'r3', title: '100%_off', kind: '1', amount: 10, price: 10, active: true, issuedOn: '2025-07-01', stampedAt: '2025-07-01T00:00:00.000Z' },
  { recordId: 'r4', title: '100 off', kind: '2', amount: -3, price: 0.01, active: false, issuedOn: '2024-12-31', stampedAt: '2024-12-31T16:00:00.000Z' },
  { recordId: 'r5', title: '100_yes', kind: '9', amount: 7, price: 99.99, active: true, issuedOn: '2025-03-15', stampedAt: '2025-03-15T12:30:00.500Z' },
  { recordId: 'r6', title: '100xyes', kind: '0', amount: 7, price: 7, active: false, issuedOn: '2025-03-16', stampedAt: '2025-03-16T12:30:00.000Z' },
  { recordId: 'r7', title: 'back\\slash', kind: '1', amount: 0, price: 0, active: true, issuedOn: '2000-02-29', stampedAt: '2000-02-29T00:00:00.000Z' },
  { recordId: 'r8', title: null, kind: null, amount: null, price: null, active: null, issuedOn: null, stampedAt: null },
  { recordId: 'r9', title: '清城区人民路', kind: '1', amount: 1000000, price: 12345.67, active: true, issuedOn: '2026-11-29', stampedAt: '2026-11-29T02:15:00.000Z' },
];

const oracle = (p: Predicate) => ROWS.filter((r) => matches(r, p)).map((r) => r.recordId as string).sort();

describe('row predicates compiled for a MySQL/MariaDB live source', () => {
  const table = `pred_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let knex: Knex;

  before(async () => {
    knex = knexFactory({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', database: 'test', charset: 'utf8mb4', dateStrings: true } });
    await knex.schema.createTable(table, (t) => {
      t.charset('utf8mb4');
      t.string('record_id', 10).primary();
      t.string('title', 100);
      t.string('kind', 1);
      t.bigInteger('amount');
      t.decimal('price', 10, 2);
      t.boolean('active');
      t.date('issued_on');
      t.datetime('stamped_at', { precision: 3 });
    });
    await knex(table).insert(ROWS.map((r) => ({
      record_id: r.recordId, title: r.title, kind: r.kind, amount: r.amount, price: r.price, active: r.active, issued_on: r.issuedOn,
      // DATETIME holds no zone: live rows keep UTC wall-clock time.
      stamped_at: r.stampedAt && String(r.stampedAt).slice(0, 23).replace('T', ' '),
    })));
  });
  after(async () => {
    await knex?.schema.dropTableIfExists(table);
    await knex?.destroy();
  });

  const selected = async (p: Predicate) => {
    expect(validatePredicate(p, ITEMS), 'the predicate is valid').to.deep.equal([]);
    const rows: { record_id: string }[] = await applyPredicate(knex(table).select('record_id'), p, ITEMS).orderBy('record_id');
    return rows.map((r) => r.record_id);
  };

  const cases: [string, Predicate, string[]][] = [
    ['prefix is case-sensitive under a _ci collation', { field: 'title', op: 'prefix', value: 'ab' }, ['r1']],
    ['prefix takes % literally', { field: 'title', op: 'prefix', value: '100%' }, ['r3']],
    ['prefix takes _ literally', { field: 'title', op: 'prefix', value: '100_' }, ['r5']],
    ['prefix takes a backslash literally', { field: 'title', op: 'prefix', value: 'back\\' }, ['r7']],
    ['prefix on Chinese text', { field: 'title', op: 'prefix', value: '清城' }, ['r9']],
    ['booleans bind as 1/0', { field: 'active', op: 'eq', value: true }, ['r1', 'r3', 'r5', 'r7', 'r9']],
    ['ne leaves empty values out', { field: 'active', op: 'ne', value: true }, ['r2', 'r4', 'r6']],
    ['date-times compare as instants, milliseconds included', { field: 'stampedAt', op: 'gt', value: '2025-03-15T12:30:00.000Z' }, ['r2', 'r3', 'r5', 'r6', 'r9']],
    ['between includes both ends', { field: 'stampedAt', op: 'between', value: ['2024-12-31T16:00:00.000Z', '2025-03-15T12:30:00.500Z'] }, ['r1', 'r4', 'r5']],
    ['dates and decimals', { and: [{ field: 'issuedOn', op: 'lt', value: '2025-03-16' }, { field: 'price', op: 'gte', value: 1.5 }] }, ['r1', 'r5']],
    ['in and or', { or: [{ field: 'kind', op: 'in', value: ['9', '0'] }, { field: 'amount', op: 'lt', value: 0 }] }, ['r4', 'r5', 'r6']],
  ];
  for (const [name, p, expected] of cases) {
    it(name, async () => {
      expect(oracle(p), 'the oracle agrees with the expectation').to.deep.equal(expected);
      expect(await selected(p)).to.deep.equal(expected);
    });
  }
});

describe('row predicates evaluated on one record in memory', () => {
  const pools: Record<string, Value[]> = Object.fromEntries(ITEMS.map((i) => [i.apiName, [...new Set(ROWS.map((r) => r[i.apiName]).filter((v) => v !== null))]]));

  const leaf = fc.constantFrom(...ITEMS.filter((i) => !i.key)).chain((it) => {
    const value = fc.constantFrom(...(pools[it.apiName] as (string | number | boolean)[]));
    const ops = it.dataType === 'boolean' ? ['eq', 'ne', 'in'] : ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'between', ...(['string', 'code'].includes(it.dataType) ? ['prefix'] : [])];
    return fc.constantFrom(...ops).chain((op): fc.Arbitrary<Predicate> => {
      if (op === 'in') return fc.array(value, { minLength: 1, maxLength: 3 }).map((v) => ({ field: it.apiName, op, value: v }));
      if (op === 'between') return fc.tuple(value, value).map((v) => ({ field: it.apiName, op, value: v }));
      if (op === 'prefix') return fc.tuple(value, fc.nat(4)).map(([v, n]) => ({ field: it.apiName, op, value: Array.from(String(v)).slice(0, n).join('') }));
      return value.map((v) => ({ field: it.apiName, op, value: v }) as Predicate);
    });
  });
  const predicate: fc.Arbitrary<Predicate> = fc.letrec<{ p: Predicate }>((tie) => ({
    p: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('p'), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
      fc.array(tie('p'), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
    ),
  })).p;

  it('selects exactly the rows the SQL oracle selects, for any valid predicate', () => {
    fc.assert(
      fc.property(predicate, (p) => {
        fc.pre(validatePredicate(p, ITEMS).length === 0);
        const evaluated = ROWS.filter((r) => matchesPredicate(r as Record<string, string | number | boolean | null>, p, ITEMS)).map((r) => r.recordId);
        expect(evaluated.sort(), JSON.stringify(p)).to.deep.equal(oracle(p));
      }),
      { numRuns: 500 },
    );
  });

  it('orders text by code point, past the BMP too', () => {
    const text = [item({ apiName: 'text', dataType: 'string' })];
    // U+FF5E sorts before U+20000 by code point, though its UTF-16 unit is greater than a surrogate's.
    expect(matchesPredicate({ text: '～' }, { field: 'text', op: 'lt', value: '𠀀' }, text)).to.equal(true);
    expect(matchesPredicate({ text: '𠀀' }, { field: 'text', op: 'lt', value: '～' }, text)).to.equal(false);
  });
});
