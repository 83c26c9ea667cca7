/**
 * Random grants × random queries against the demo world, checked against an oracle computed in
 * JavaScript from the full person table (read once): a result never holds a field outside the
 * grant, a row outside its filter, or a value its mask hides, and paging to the end yields exactly
 * the oracle's rows in the oracle's order. Runs: GOVSHARE_PROPERTY_RUNS (default 2,000).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { Resource } from '../../../catalog/index.js';
import { DataQuery, type Grant, type OrderTerm, type Predicate } from '../../../exchange/index.js';
import { applyMask, ForbiddenError, type MaskRule } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { loadDemoPersons, matches, NOW, PERSON_FIELDS, personGrant, readPersons, sortRows, type PersonRow, type Value } from './fixtures.js';

const RUNS = Number(process.env.GOVSHARE_PROPERTY_RUNS ?? 2000);
const STRING_FIELDS = ['idNumber', 'name', 'district', 'address', 'mobile'];
const CATALOG_MASKS: Record<string, MaskRule> = { idNumber: 'residentId', name: 'name', address: 'address', mobile: 'mobile' };
const FILTER_FIELDS = ['district', 'gender', 'birthDate', 'ethnicity'];
const RULES: MaskRule[] = ['residentId', 'mobile', 'name', 'address', 'none'];
const COMPARISONS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'between', 'prefix'] as const;

type Pools = Record<string, string[]>;

/** The oracle's own reading of a grant's masks: unmasked wins, then the grant's rule, then the catalog's. */
function oracleMask(grant: Grant, field: string): MaskRule {
  if (field in grant.unmasked) return 'none';
  const own = grant.masks[field];
  return own && own !== 'none' ? own : (CATALOG_MASKS[field] ?? 'none');
}

function leaf(fields: string[], pools: Pools): fc.Arbitrary<Predicate> {
  return fc.constantFrom(...fields).chain((field) => {
    const value = fc.constantFrom(...pools[field]!);
    const ops = COMPARISONS.filter((op) => op !== 'prefix' || field !== 'birthDate');
    return fc.constantFrom(...ops).chain((op): fc.Arbitrary<Predicate> => {
      switch (op) {
        case 'in':
          return fc.array(value, { minLength: 1, maxLength: 4 }).map((v) => ({ field, op, value: v }));
        case 'between':
          return fc.tuple(value, value).map((v) => ({ field, op, value: v }));
        case 'prefix':
          return fc.tuple(value, fc.nat(4)).map(([v, n]) => ({ field, op, value: Array.from(v).slice(0, n).join('') }));
        default:
          return value.map((v) => ({ field, op, value: v }));
      }
    });
  });
}

function predicate(fields: string[], pools: Pools, depth: number): fc.Arbitrary<Predicate> {
  if (depth === 0) return leaf(fields, pools);
  const sub = predicate(fields, pools, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf(fields, pools) },
    { weight: 1, arbitrary: fc.array(sub, { minLength: 1, maxLength: 3 }).map((and) => ({ and })) },
    { weight: 1, arbitrary: fc.array(sub, { minLength: 1, maxLength: 3 }).map((or) => ({ or })) },
  );
}

function grantArbitrary(pools: Pools): fc.Arbitrary<Grant> {
  return fc
    .record({
      fields: fc.subarray<string>([...PERSON_FIELDS], { minLength: 1 }),
      masks: fc.tuple(...STRING_FIELDS.map(() => fc.option(fc.constantFrom(...RULES), { nil: undefined }))),
      unmasked: fc.subarray(Object.keys(CATALOG_MASKS)),
      rowFilter: fc.option(predicate(FILTER_FIELDS, pools, 2), { nil: null, freq: 4 }),
    })
    .map(({ fields, masks, unmasked, rowFilter }) =>
      personGrant({
        fields,
        masks: Object.fromEntries(STRING_FIELDS.flatMap((f, i) => (masks[i] && fields.includes(f) ? [[f, masks[i]!]] : []))),
        unmasked: Object.fromEntries(unmasked.filter((f) => fields.includes(f)).map((f) => [f, '测试'])),
        rowFilter,
      }),
    );
}

interface Query {
  where: Predicate | null;
  orderBy: OrderTerm[];
  first: number;
  pages: number;
  /** Size pages so that `pages` pages reach the end, instead of using `first`. */
  toTheEnd: boolean;
}

function queryArbitrary(grant: Grant, pools: Pools): fc.Arbitrary<Query> {
  const visible = grant.fields.filter((f) => oracleMask(grant, f) === 'none');
  // One query in ten may filter on any field, to see masked and ungranted ones refused.
  const whereFields = fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 || visible.length === 0 ? [...PERSON_FIELDS] : visible));
  return fc.record({
    where: whereFields.chain((fields) => fc.option(predicate(fields, pools, 2), { nil: null, freq: 3 })),
    orderBy: fc
      .tuple(fc.shuffledSubarray(visible, { maxLength: Math.min(2, visible.length) }), fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }))
      .map(([fields, desc]) => fields.map((field, i) => ({ field, direction: desc[i] ? ('desc' as const) : ('asc' as const) }))),
    first: fc.integer({ min: 1, max: 60 }),
    pages: fc.integer({ min: 1, max: 3 }),
    toTheEnd: fc.boolean(),
  });
}

function fieldsOf(p: Predicate): string[] {
  if ('and' in p) return p.and.flatMap(fieldsOf);
  if ('or' in p) return p.or.flatMap(fieldsOf);
  return [p.field];
}

/** What the consumer should see of a stored row. */
function shown(grant: Grant, row: PersonRow): Record<string, Value> {
  return Object.fromEntries(
    PERSON_FIELDS.filter((f) => grant.fields.includes(f)).map((f) => {
      const rule = oracleMask(grant, f);
      const v = row[f] ?? null;
      return [f, rule === 'none' || v === null ? v : applyMask(rule, String(v))];
    }),
  );
}

describeEngines('data queries under random grants (property)', (ctx) => {
  let resource: Resource;
  let persons: PersonRow[];
  let pools: Pools;
  let data: DataQuery;

  before(async function () {
    this.timeout(120_000);
    resource = await loadDemoPersons(ctx.db);
    persons = await readPersons(ctx.db);
    pools = Object.fromEntries(PERSON_FIELDS.map((f) => [f, [...new Set(persons.map((p) => p[f]).filter((v): v is string => typeof v === 'string'))].sort()]));
    data = new DataQuery(ctx.db, { now: () => NOW });
  });

  it('never shows a field, row or unmasked value the grant withholds, and pages to exactly the oracle’s rows', async function () {
    this.timeout(600_000);
    const started = Date.now();
    const seen = { refused: 0, withRows: 0, pagedToEndOverPages: 0 };
    const cases = grantArbitrary(pools).chain((grant) => queryArbitrary(grant, pools).map((query) => ({ grant, query })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ grant, query }) => {
        const scope = { grant, resource };
        const visible = new Set(grant.fields.filter((f) => oracleMask(grant, f) === 'none'));
        if (query.where && fieldsOf(query.where).some((f) => !visible.has(f))) {
          const err = await data.list(scope, { where: query.where }).then(() => undefined, (e: unknown) => e);
          expect(err).to.be.instanceOf(ForbiddenError);
          seen.refused++;
          return;
        }
        const tie = visible.has('idNumber') ? 'idNumber' : '_rowId';
        const wanted = persons.filter((p) => (!grant.rowFilter || matches(p, grant.rowFilter)) && (!query.where || matches(p, query.where)));
        const expected = sortRows(wanted, query.orderBy, tie);
        const allowed = new Set(grant.fields);
        const first = query.toTheEnd ? Math.min(1000, Math.max(1, Math.ceil(expected.length / query.pages))) : query.first;
        if (expected.length) seen.withRows++;
        let after: string | null = null;
        for (let page = 0; page < query.pages; page++) {
          const result = await data.list(scope, { where: query.where, orderBy: query.orderBy, first, after });
          const slice = expected.slice(page * first, (page + 1) * first);
          const masked = grant.fields.map((f) => [f, oracleMask(grant, f)] as const).filter(([, rule]) => rule !== 'none');
          result.nodes.forEach((node, i) => {
            const outside = Object.keys(node).find((f) => !allowed.has(f));
            if (outside) expect.fail(`field ${outside} is outside the grant`);
            for (const [f, rule] of masked) {
              const stored = slice[i]?.[f] ?? null;
              if (stored !== null && node[f] !== applyMask(rule, String(stored))) expect.fail(`${f} is not masked by ${rule}`);
            }
          });
          const want = slice.map((row) => shown(grant, row));
          // Both sides list fields in the resource's order, so equal JSON means equal records;
          // chai's slower deep comparison only runs to describe a difference.
          if (JSON.stringify(result.nodes) !== JSON.stringify(want)) expect(result.nodes).to.deep.equal(want);
          expect(result.totalCount).to.equal(expected.length);
          expect(result.pageInfo.hasNextPage).to.equal(expected.length > (page + 1) * first);
          if (!result.pageInfo.hasNextPage) {
            if (page > 0) seen.pagedToEndOverPages++;
            break;
          }
          after = result.pageInfo.endCursor;
        }
      }),
      { numRuns: RUNS },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`      ${RUNS} runs on ${ctx.db.engine} in ${seconds} s: ${seen.refused} refused, ${seen.withRows} with rows, ${seen.pagedToEndOverPages} paged to the end over 2+ pages`);
  });
});
