import { expect } from 'chai';
import type { Resource } from '../../../catalog/index.js';
import { DataQuery, type Grant, type ListArgs, type Predicate, type RecordConnection } from '../../../exchange/index.js';
import { ForbiddenError, InputError } from '../../../shared/index.js';
import { rejection } from '../../catalog/fixtures.js';
import { describeEngines } from '../../support/engines.js';
import { loadDemoPersons, matches, NOW, personGrant, readPersons, sortRows, type PersonRow } from './fixtures.js';

const OPEN_KEY = { unmasked: { idNumber: '业务系统按身份证号归档' } };

describeEngines('listing records under a grant', (ctx) => {
  let resource: Resource;
  let persons: PersonRow[];
  let data: DataQuery;
  const scope = (overrides: Partial<Grant> = {}) => ({ grant: personGrant(overrides), resource });

  before(async function () {
    this.timeout(120_000);
    resource = await loadDemoPersons(ctx.db);
    persons = await readPersons(ctx.db);
    data = new DataQuery(ctx.db, { now: () => NOW });
  });

  /** Every page of a query, following endCursor. */
  async function allPages(grant: Partial<Grant>, args: ListArgs): Promise<RecordConnection[]> {
    const pages: RecordConnection[] = [];
    let after: string | null = null;
    do {
      const page = await data.list(scope(grant), { ...args, after });
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
    return pages;
  }

  it('pages through with first=7 to exactly the oracle’s rows, in key order', async () => {
    const rowFilter: Predicate = { field: 'district', op: 'eq', value: '连南瑶族自治县' };
    const grant = { ...OPEN_KEY, fields: ['idNumber', 'district', 'gender'], rowFilter };
    const pages = await allPages(grant, { first: 7 });
    const expected = sortRows(persons.filter((p) => matches(p, rowFilter)), [], 'idNumber');
    expect(expected.length).to.be.greaterThan(14);
    expect(pages.flatMap((p) => p.nodes)).to.deep.equal(expected.map((p) => ({ idNumber: p.idNumber, gender: p.gender, district: p.district })));
    expect(pages.slice(0, -1).every((p) => p.nodes.length === 7)).to.equal(true);
    expect(pages.every((p) => p.totalCount === expected.length)).to.equal(true);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).to.deep.equal(pages.map((_, i) => i > 0));
  });

  it('orders descending with ties broken by the key ascending, stable across pages', async () => {
    const grant = { ...OPEN_KEY, fields: ['idNumber', 'district', 'birthDate'] };
    const where: Predicate = { field: 'birthDate', op: 'gte', value: '1990-01-01' };
    const orderBy = [{ field: 'district', direction: 'desc' as const }];
    const nodes = (await allPages(grant, { where, orderBy, first: 50 })).flatMap((p) => p.nodes);
    const expected = sortRows(persons.filter((p) => matches(p, where)), orderBy, 'idNumber');
    expect(nodes.map((n) => n.idNumber)).to.deep.equal(expected.map((p) => p.idNumber));
    expect(String(nodes[0]!.district) > String(nodes[nodes.length - 1]!.district)).to.equal(true);
  });

  it('puts empty values last ascending and first descending on both engines', async () => {
    const grant = { ...OPEN_KEY, fields: ['idNumber', 'mobile'], unmasked: { ...OPEN_KEY.unmasked, mobile: '电话回访' } };
    for (const direction of ['asc', 'desc'] as const) {
      const nodes = (await allPages(grant, { orderBy: [{ field: 'mobile', direction }], first: 300 })).flatMap((p) => p.nodes);
      const expected = sortRows(persons, [{ field: 'mobile', direction }], 'idNumber');
      expect(nodes.map((n) => n.idNumber)).to.deep.equal(expected.map((p) => p.idNumber));
    }
  });

  it('tie-breaks by row id when the key is masked, and its cursors carry no ID number', async () => {
    const rowFilter: Predicate = { field: 'district', op: 'eq', value: '佛冈县' };
    const pages = await allPages({ rowFilter }, { first: 9 });
    const expected = sortRows(persons.filter((p) => matches(p, rowFilter)), [], '_rowId');
    expect(pages.flatMap((p) => p.nodes).map((n) => n.birthDate)).to.deep.equal(expected.map((p) => p.birthDate));
    const cursors = pages.flatMap((p) => p.edges.map((e) => Buffer.from(e.cursor, 'base64url').toString('utf8')));
    for (const p of expected) expect(cursors.some((c) => c.includes(p.idNumber as string))).to.equal(false);
  });

  it('fetches up to 1,000 keys with one statement for the page and one for the count', async () => {
    const keys = persons.slice(0, 1000).map((p) => p.idNumber as string);
    const statements: string[] = [];
    const count = (q: { sql: string }) => statements.push(q.sql);
    ctx.db.knex.on('query', count);
    let page: RecordConnection;
    try {
      page = await data.list(scope({ ...OPEN_KEY, fields: ['idNumber'] }), { keys, first: 1000 });
    } finally {
      ctx.db.knex.removeListener('query', count);
    }
    expect(statements).to.have.length(2);
    expect(page.nodes.map((n) => n.idNumber)).to.have.members(keys);
    expect(page.totalCount).to.equal(1000);
  });

  it('runs the page alone, with totalCount null, when the caller skips the count', async () => {
    const statements: string[] = [];
    const count = (q: { sql: string }) => statements.push(q.sql);
    ctx.db.knex.on('query', count);
    let page: RecordConnection;
    try {
      page = await data.list(scope(), { first: 10 }, { totalCount: false });
    } finally {
      ctx.db.knex.removeListener('query', count);
    }
    expect(statements).to.have.length(1);
    expect([page.totalCount, page.nodes.length, page.pageInfo.hasNextPage]).to.deep.equal([null, 10, true]);
  });

  it('keeps only the listed keys that pass the row filter and the where', async () => {
    const rowFilter: Predicate = { field: 'gender', op: 'eq', value: '2' };
    const where: Predicate = { field: 'district', op: 'ne', value: '清城区' };
    const keys = persons.slice(0, 200).map((p) => p.idNumber as string);
    const page = await data.list(scope({ ...OPEN_KEY, rowFilter }), { keys, where, first: 1000 });
    const expected = persons.slice(0, 200).filter((p) => matches(p, rowFilter) && matches(p, where));
    expect(page.nodes.map((n) => n.idNumber)).to.have.members(expected.map((p) => p.idNumber));
    expect(page.totalCount).to.equal(expected.length);
  });

  it('pages 100 records by default and no more than 1,000', async () => {
    const page = await data.list(scope());
    expect(page.nodes).to.have.length(100);
    expect(page.totalCount).to.equal(persons.length);
    expect(page.pageInfo.hasNextPage).to.equal(true);
    const err = await rejection(data.list(scope(), { first: 1001 }), InputError);
    expect(err.problems.map((p) => p.field)).to.deep.equal(['first']);
  });

  it('rejects more than 1,000 keys, naming keys', async () => {
    const keys = persons.slice(0, 1000).map((p) => p.idNumber as string);
    const err = await rejection(data.list(scope(), { keys: [...keys, keys[0]!] }), InputError);
    expect(err.problems.map((p) => p.field)).to.deep.equal(['keys']);
  });

  it('names every malformed key in one error', async () => {
    const good = persons[0]!.idNumber as string;
    const err = await rejection(data.list(scope(), { keys: [good, '123', good, 'X'.repeat(18)] }), InputError);
    expect(err.problems.map((p) => p.field)).to.deep.equal(['keys[1]', 'keys[3]']);
  });

  it('rejects a forged cursor and a cursor from another ordering as bad input', async () => {
    const page = await data.list(scope({ ...OPEN_KEY }), { first: 2 });
    const forged = Buffer.from(JSON.stringify({ o: 'idNumber:asc', v: [{ $gt: '' }] })).toString('base64url');
    for (const after of ['not a cursor', forged, Buffer.from('[]').toString('base64url')]) {
      const err = await rejection(data.list(scope({ ...OPEN_KEY }), { after }), InputError);
      expect(err.problems.map((p) => p.field)).to.deep.equal(['after']);
    }
    const other = await rejection(data.list(scope({ ...OPEN_KEY }), { after: page.pageInfo.endCursor, orderBy: [{ field: 'gender', direction: 'asc' }] }), InputError);
    expect(other.problems[0]!.message).to.match(/another orderBy/);
  });

  it('refuses a where or orderBy on a field outside the grant, naming the field', async () => {
    const grant = { fields: ['name', 'district'] };
    const where = await rejection(data.list(scope(grant), { where: { field: 'birthDate', op: 'lt', value: '2000-01-01' } }), ForbiddenError);
    expect(where.message).to.include('birthDate');
    const order = await rejection(data.list(scope(grant), { orderBy: [{ field: 'ethnicity', direction: 'asc' }] }), ForbiddenError);
    expect(order.message).to.include('ethnicity');
  });

  it('refuses filtering or ordering on a masked field, even by equality', async () => {
    const id = persons[0]!.idNumber as string;
    const eq = await rejection(data.list(scope(), { where: { field: 'idNumber', op: 'eq', value: id } }), ForbiddenError);
    expect(eq.message).to.include('idNumber').and.not.include(id);
    await rejection(data.list(scope(), { where: { field: 'name', op: 'prefix', value: '张' } }), ForbiddenError);
    await rejection(data.list(scope(), { orderBy: [{ field: 'address', direction: 'asc' }] }), ForbiddenError);
  });

  it('names unknown fields and bad values as bad input before anything is forbidden', async () => {
    const err = await rejection(
      data.list(scope({ fields: ['name'] }), {
        where: { and: [{ field: 'shoeSize', op: 'eq', value: 42 }, { field: 'birthDate', op: 'gt', value: '2000-02-30' }] },
        orderBy: [{ field: 'height', direction: 'up' as 'asc' }],
        first: -1,
      }),
      InputError,
    );
    expect(err.problems.map((p) => p.field)).to.deep.equal(['first', 'where.and[0].field', 'where.and[1].value', 'orderBy[0].direction', 'orderBy[0].field']);
  });

  it('ANDs the consumer’s where with the grant’s row filter', async () => {
    const rowFilter: Predicate = { field: 'district', op: 'eq', value: '清城区' };
    const outside = await data.list(scope({ rowFilter }), { where: { field: 'district', op: 'eq', value: '英德市' } });
    expect([outside.totalCount, outside.nodes.length]).to.deep.equal([0, 0]);
    const widened = await data.list(scope({ rowFilter }), { where: { or: [{ field: 'district', op: 'eq', value: '英德市' }, { field: 'gender', op: 'eq', value: '1' }] }, first: 1000 });
    expect(widened.nodes.every((n) => n.district === '清城区' && n.gender === '1')).to.equal(true);
    expect(widened.totalCount).to.equal(persons.filter((p) => p.district === '清城区' && p.gender === '1').length);
  });

  it('refuses listing under verify and aggregate grants', async () => {
    await rejection(data.list(scope({ mode: 'verify' })), ForbiddenError);
    await rejection(data.list(scope({ mode: 'aggregate' })), ForbiddenError);
  });
});
