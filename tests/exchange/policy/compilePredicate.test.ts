import { expect } from 'chai';
import { Catalog, dataTableName, type DataItem } from '../../../catalog/index.js';
import { applyPredicate, escapeLike, validatePredicate, type Predicate } from '../../../exchange/index.js';
import { CODE_SETS, DEPARTMENTS, GENDER_CODES, item, keyItem, resourceInput } from '../../catalog/fixtures.js';
import { describeEngines } from '../../support/engines.js';
import { matches, type Value } from '../query/fixtures.js';

type Row = Record<string, Value>;

const ITEMS: DataItem[] = [
  keyItem('recordId'),
  item({ apiName: 'title', dataType: 'string', length: 100 }),
  item({ apiName: 'kind', dataType: 'code', length: 1, codeSet: GENDER_CODES.id }),
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
  { recordId: 'r5', title: '100_yes', kind: '9', amount: 7, price: 99.99, active: true, issuedOn: '2025-03-15', stampedAt: '2025-03-15T12:30:00.000Z' },
  { recordId: 'r6', title: '100xyes', kind: '0', amount: 7, price: 7, active: false, issuedOn: '2025-03-16', stampedAt: '2025-03-16T12:30:00.000Z' },
  { recordId: 'r7', title: 'back\\slash', kind: '1', amount: 0, price: 0, active: true, issuedOn: '2000-02-29', stampedAt: '2000-02-29T00:00:00.000Z' },
  { recordId: 'r8', title: null, kind: null, amount: null, price: null, active: null, issuedOn: null, stampedAt: null },
  { recordId: 'r9', title: '清城区人民路', kind: '1', amount: 1000000, price: 12345.67, active: true, issuedOn: '2026-11-29', stampedAt: '2026-11-29T02:15:00.000Z' },
];

const column = (apiName: string) => apiName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describeEngines('row predicates compiled to SQL', (ctx) => {
  let table: string;

  before(async () => {
    const catalog = new Catalog(ctx.db);
    for (const d of DEPARTMENTS) await catalog.putDepartment(d);
    for (const s of CODE_SETS) await catalog.putCodeSet(s);
    const input = resourceInput(41, { items: ITEMS });
    await catalog.createResource(input);
    await catalog.publishResource(input.code);
    table = dataTableName(input.apiName);
    await ctx.db.knex(table).insert(ROWS.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [column(k), v]))));
  });

  async function selected(p: Predicate): Promise<string[]> {
    expect(validatePredicate(p, ITEMS), 'the predicate is valid').to.deep.equal([]);
    const rows: { record_id: string }[] = await applyPredicate(ctx.db.knex(table).select('record_id'), p, ITEMS).orderBy('record_id');
    return rows.map((r) => r.record_id);
  }

  const oracle = (p: Predicate) => ROWS.filter((r) => matches(r, p)).map((r) => r.recordId as string).sort();

  async function expectSame(p: Predicate, expected?: string[]): Promise<void> {
    const found = await selected(p);
    expect(found, JSON.stringify(p)).to.deep.equal(oracle(p));
    if (expected) expect(found, JSON.stringify(p)).to.deep.equal(expected);
  }

  it('eq matches equal values of every data type', async () => {
    await expectSame({ field: 'title', op: 'eq', value: 'abc' }, ['r1']);
    await expectSame({ field: 'kind', op: 'eq', value: '2' }, ['r2', 'r4']);
    await expectSame({ field: 'amount', op: 'eq', value: 7 }, ['r5', 'r6']);
    await expectSame({ field: 'price', op: 'eq', value: 2.25 }, ['r2']);
    await expectSame({ field: 'active', op: 'eq', value: true }, ['r1', 'r3', 'r5', 'r7', 'r9']);
    await expectSame({ field: 'active', op: 'eq', value: false }, ['r2', 'r4', 'r6']);
    await expectSame({ field: 'issuedOn', op: 'eq', value: '2000-02-29' }, ['r7']);
    await expectSame({ field: 'stampedAt', op: 'eq', value: '2026-11-29T02:15:00.000Z' }, ['r9']);
  });

  it('ne matches different values and, as in SQL, never an empty one', async () => {
    await expectSame({ field: 'kind', op: 'ne', value: '1' }, ['r2', 'r4', 'r5', 'r6']);
    await expectSame({ field: 'active', op: 'ne', value: true }, ['r2', 'r4', 'r6']);
  });

  it('lt, lte, gt and gte order numbers, decimals, dates, date-times and text', async () => {
    for (const op of ['lt', 'lte', 'gt', 'gte'] as const) {
      await expectSame({ field: 'amount', op, value: 7 });
      await expectSame({ field: 'price', op, value: 2.25 });
      await expectSame({ field: 'issuedOn', op, value: '2025-03-15' });
      await expectSame({ field: 'stampedAt', op, value: '2025-03-15T12:30:00.000Z' });
      await expectSame({ field: 'title', op, value: '100_yes' });
      await expectSame({ field: 'kind', op, value: '1' });
    }
    await expectSame({ field: 'amount', op: 'lt', value: 1 }, ['r4', 'r7']);
    await expectSame({ field: 'issuedOn', op: 'gte', value: '2025-07-01' }, ['r3', 'r9']);
  });

  it('in matches any listed value', async () => {
    await expectSame({ field: 'title', op: 'in', value: ['abc', '100 off', 'nothing'] }, ['r1', 'r4']);
    await expectSame({ field: 'amount', op: 'in', value: [7, -3] }, ['r4', 'r5', 'r6']);
    await expectSame({ field: 'kind', op: 'in', value: ['9'] }, ['r5']);
  });

  it('between includes both ends', async () => {
    await expectSame({ field: 'issuedOn', op: 'between', value: ['2025-01-01', '2025-06-30'] }, ['r1', 'r2', 'r5', 'r6']);
    await expectSame({ field: 'price', op: 'between', value: [1.5, 10] }, ['r1', 'r2', 'r3', 'r6']);
    await expectSame({ field: 'amount', op: 'between', value: [10, 1] }, []);
  });

  it('prefix treats % and _ in the value as themselves', async () => {
    await expectSame({ field: 'title', op: 'prefix', value: '100%' }, ['r3']);
    await expectSame({ field: 'title', op: 'prefix', value: '100_' }, ['r5']);
    await expectSame({ field: 'title', op: 'prefix', value: '100%_' }, ['r3']);
    await expectSame({ field: 'title', op: 'prefix', value: '%' }, []);
    await expectSame({ field: 'title', op: 'prefix', value: '_' }, []);
  });

  it('prefix escapes the LIKE pattern it binds and declares the escape character', () => {
    const { sql, bindings } = applyPredicate(ctx.db.knex(table), { field: 'title', op: 'prefix', value: '1\\0%_' }, ITEMS).toSQL();
    expect(sql).to.match(/like \? escape '\\'/);
    expect(bindings).to.include('1\\\\0\\%\\_%');
  });

  it('prefix treats a backslash in the value as itself', async () => {
    await expectSame({ field: 'title', op: 'prefix', value: 'back\\' }, ['r7']);
    await expectSame({ field: 'title', op: 'prefix', value: 'back\\s' }, ['r7']);
  });

  it('prefix is case-sensitive on both engines and handles Chinese text', async () => {
    await expectSame({ field: 'title', op: 'prefix', value: 'abc' }, ['r1']);
    await expectSame({ field: 'title', op: 'prefix', value: 'ABC' }, ['r2']);
    await expectSame({ field: 'title', op: 'prefix', value: '清城区' }, ['r9']);
    await expectSame({ field: 'kind', op: 'prefix', value: '1' }, ['r1', 'r3', 'r7', 'r9']);
    await expectSame({ field: 'title', op: 'prefix', value: '' }, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r9']);
  });

  it('nests and/or to any depth with the grouping of the predicate', async () => {
    const p: Predicate = {
      or: [
        { and: [{ field: 'kind', op: 'eq', value: '1' }, { field: 'amount', op: 'gt', value: 5 }] },
        {
          and: [
            { field: 'active', op: 'eq', value: false },
            { or: [{ field: 'title', op: 'prefix', value: 'ABC' }, { field: 'price', op: 'lt', value: 1 }] },
          ],
        },
      ],
    };
    await expectSame(p, ['r2', 'r3', 'r4', 'r9']);
    await expectSame({ and: [p, { field: 'issuedOn', op: 'lt', value: '2025-07-01' }] }, ['r2', 'r4']);
  });

  it('keeps an or inside its own parentheses next to other conditions', async () => {
    const p: Predicate = { or: [{ field: 'amount', op: 'eq', value: 1 }, { field: 'amount', op: 'eq', value: 7 }] };
    const rows: { record_id: string }[] = await applyPredicate(ctx.db.knex(table).select('record_id').where('kind', '1'), p, ITEMS).orderBy('record_id');
    expect(rows.map((r) => r.record_id)).to.deep.equal(['r1']);
  });

  it('sends every value as a bound parameter and none as SQL text', async () => {
    const hostile = "x' or '1'='1";
    const p: Predicate = { or: [{ field: 'title', op: 'eq', value: hostile }, { field: 'title', op: 'prefix', value: hostile }] };
    const sql = applyPredicate(ctx.db.knex(table).select('record_id'), p, ITEMS).toSQL();
    expect(sql.sql).not.to.include('or \'1\'');
    expect(sql.bindings).to.include(hostile);
    expect(await selected(p)).to.deep.equal([]);
  });

  it('binds booleans as the engine stores them (0/1 on SQLite)', () => {
    const { bindings } = applyPredicate(ctx.db.knex(table), { field: 'active', op: 'eq', value: true }, ITEMS).toSQL();
    expect(bindings).to.deep.equal([ctx.db.engine === 'sqlite' ? 1 : true]);
  });
});

describe('escapeLike', () => {
  it('escapes %, _ and the backslash and nothing else', () => {
    expect(escapeLike('a%b_c\\d清')).to.equal('a\\%b\\_c\\\\d清');
  });
});
