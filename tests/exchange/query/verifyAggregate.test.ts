import { expect } from 'chai';
import type { Resource } from '../../../catalog/index.js';
import { DataQuery, type Grant, type Predicate } from '../../../exchange/index.js';
import { ForbiddenError, InputError, residentIdCheckChar } from '../../../shared/index.js';
import { rejection } from '../../catalog/fixtures.js';
import { describeEngines } from '../../support/engines.js';
import { loadDemoPersons, matches, NOW, personGrant, readPersons, type PersonRow } from './fixtures.js';

/** Counts by the given fields, computed from the full table. */
function oracleGroups(rows: PersonRow[], fields: string[]): { group: Record<string, unknown>; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify(fields.map((f) => r[f]));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const values = JSON.parse(key) as unknown[];
    return { group: Object.fromEntries(fields.map((f, i) => [f, values[i]])), count };
  });
}

describeEngines('verifying claims and counting groups under a grant', (ctx) => {
  let resource: Resource;
  let persons: PersonRow[];
  let data: DataQuery;
  let p: PersonRow;
  const scope = (overrides: Partial<Grant> = {}) => ({ grant: personGrant(overrides), resource });
  const verifyGrant = (overrides: Partial<Grant> = {}) => scope({ mode: 'verify', fields: ['idNumber', 'name', 'birthDate'], ...overrides });

  before(async function () {
    this.timeout(120_000);
    resource = await loadDemoPersons(ctx.db);
    persons = await readPersons(ctx.db);
    data = new DataQuery(ctx.db, { now: () => NOW });
    p = persons.find((x) => x.district === '阳山县')!;
  });

  it('verifies true when every claimed field equals the stored value, masked fields included', async () => {
    const result = await data.verify(verifyGrant(), p.idNumber as string, { name: p.name as string, birthDate: p.birthDate as string });
    expect(result).to.deep.equal({ match: true });
  });

  it('verifies false when one claim differs, and returns nothing but the match', async () => {
    const result = await data.verify(verifyGrant(), p.idNumber as string, { name: `${p.name}甲`, birthDate: p.birthDate as string });
    expect(result).to.deep.equal({ match: false });
    expect(Object.keys(result)).to.deep.equal(['match']);
  });

  it('verifies false for a record outside the row filter or not in the store', async () => {
    const claims = { name: p.name as string };
    expect(await data.verify(verifyGrant({ rowFilter: { field: 'district', op: 'ne', value: '阳山县' } }), p.idNumber as string, claims)).to.deep.equal({ match: false });
    const other = persons.find((x) => x.name !== p.name)!;
    expect(await data.verify(verifyGrant(), other.idNumber as string, claims)).to.deep.equal({ match: false });
  });

  it('refuses claims on fields outside the grant and rejects unknown fields and mistyped values', async () => {
    const outside = await rejection(data.verify(verifyGrant(), p.idNumber as string, { mobile: '13800000000' }), ForbiddenError);
    expect(outside.message).to.include('mobile').and.not.include('13800000000');
    const bad = await rejection(data.verify(verifyGrant(), p.idNumber as string, { shoeSize: '42', birthDate: '1990/01/01' }), InputError);
    expect(bad.problems.map((x) => x.field)).to.deep.equal(['claims.shoeSize', 'claims.birthDate']);
    await rejection(data.verify(verifyGrant(), p.idNumber as string, {}), InputError);
    const body = '44180219900101123';
    const wrongCheck = body + (residentIdCheckChar(body) === '0' ? '1' : '0');
    const key = await rejection(data.verify(verifyGrant(), wrongCheck, { name: '张三' }), InputError);
    expect(key.problems.map((x) => x.field)).to.deep.equal(['key']);
  });

  it('lets a query grant verify only fields it sees unmasked', async () => {
    expect(await data.verify(scope(), p.idNumber as string, { birthDate: p.birthDate as string })).to.deep.equal({ match: true });
    const err = await rejection(data.verify(scope(), p.idNumber as string, { name: p.name as string }), ForbiddenError);
    expect(err.message).to.include('name').and.include('masked');
  });

  it('keeps a verify grant to verify', async () => {
    await rejection(data.lookup(verifyGrant(), p.idNumber as string), ForbiddenError);
    await rejection(data.list(verifyGrant()), ForbiddenError);
    await rejection(data.aggregate(verifyGrant(), { groupBy: ['birthDate'] }), ForbiddenError);
  });

  it('counts records by group exactly as the full table does', async () => {
    const groups = await data.aggregate(scope({ mode: 'aggregate' }), { groupBy: ['district', 'gender'] });
    expect(groups).to.have.deep.members(oracleGroups(persons, ['district', 'gender']));
    expect(groups.reduce((n, g) => n + g.count, 0)).to.equal(persons.length);
  });

  it('counts within the row filter and the where', async () => {
    const rowFilter: Predicate = { field: 'birthDate', op: 'between', value: ['1960-01-01', '1989-12-31'] };
    const where: Predicate = { or: [{ field: 'district', op: 'in', value: ['清城区', '英德市'] }, { field: 'ethnicity', op: 'ne', value: '01' }] };
    const groups = await data.aggregate(scope({ mode: 'aggregate', rowFilter }), { groupBy: ['ethnicity'], where });
    expect(groups).to.have.deep.members(oracleGroups(persons.filter((x) => matches(x, rowFilter) && matches(x, where)), ['ethnicity']));
  });

  it('gives one group with the total when grouping by nothing, under a query grant too', async () => {
    expect(await data.aggregate(scope(), { groupBy: [] })).to.deep.equal([{ group: {}, count: persons.length }]);
  });

  it('refuses grouping by a masked field or a field outside the grant, and by the key', async () => {
    await rejection(data.aggregate(scope({ mode: 'aggregate' }), { groupBy: ['name'] }), ForbiddenError);
    await rejection(data.aggregate(scope({ mode: 'aggregate', fields: ['gender'] }), { groupBy: ['district'] }), ForbiddenError);
    const key = await rejection(data.aggregate(scope({ mode: 'aggregate', unmasked: { idNumber: '统计' } }), { groupBy: ['idNumber'] }), InputError);
    expect(key.problems.map((x) => x.field)).to.deep.equal(['groupBy[0]']);
  });

  it('keeps an aggregate grant to counts', async () => {
    await rejection(data.lookup(scope({ mode: 'aggregate' }), p.idNumber as string), ForbiddenError);
    await rejection(data.list(scope({ mode: 'aggregate' })), ForbiddenError);
    await rejection(data.verify(scope({ mode: 'aggregate' }), p.idNumber as string, { gender: '1' }), ForbiddenError);
  });
});
