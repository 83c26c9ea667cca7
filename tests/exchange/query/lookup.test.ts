import { expect } from 'chai';
import type { Resource } from '../../../catalog/index.js';
import { DataQuery, type Grant } from '../../../exchange/index.js';
import { ForbiddenError, InputError, maskResidentId, residentIdCheckChar } from '../../../shared/index.js';
import { rejection } from '../../catalog/fixtures.js';
import { describeEngines } from '../../support/engines.js';
import { loadDemoPersons, NOW, personGrant, readPersons, type PersonRow } from './fixtures.js';

describeEngines('looking up records under a grant', (ctx) => {
  let resource: Resource;
  let persons: PersonRow[];
  let data: DataQuery;
  const scope = (overrides: Partial<Grant> = {}) => ({ grant: personGrant(overrides), resource });
  const someone = (district: string) => persons.find((p) => p.district === district && p.mobile !== null)!;

  before(async function () {
    this.timeout(120_000);
    resource = await loadDemoPersons(ctx.db);
    persons = await readPersons(ctx.db);
    data = new DataQuery(ctx.db, { now: () => NOW });
  });

  it('masks the ID number as 441802********1234 and the name as 张** by the catalog’s rules', async () => {
    const p = someone('清城区');
    const record = await data.lookup(scope(), p.idNumber as string);
    expect(record!.idNumber).to.equal(maskResidentId(p.idNumber as string));
    expect(record!.idNumber).to.match(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(record!.name).to.equal(Array.from(p.name as string)[0] + '*'.repeat(Array.from(p.name as string).length - 1));
    expect(record!.mobile).to.match(/^1\d{2}\*{4}\d{4}$/);
  });

  it('returns the granted fields only, leaving the others out entirely', async () => {
    const p = someone('英德市');
    const record = await data.lookup(scope({ fields: ['gender', 'district'] }), p.idNumber as string);
    expect(record).to.deep.equal({ gender: p.gender, district: '英德市' });
  });

  it('shows a field the approver unmasked as stored, with values in their types', async () => {
    const p = someone('清新区');
    const record = await data.lookup(scope({ fields: ['name', 'birthDate'], unmasked: { name: '需核对完整姓名' } }), p.idNumber as string);
    expect(record).to.deep.equal({ name: p.name, birthDate: p.birthDate });
    expect(record!.birthDate).to.match(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('answers null for a record outside the row filter, as for one that does not exist', async () => {
    const filtered = scope({ rowFilter: { field: 'district', op: 'eq', value: '清城区' } });
    expect(await data.lookup(filtered, someone('英德市').idNumber as string)).to.equal(null);
    expect(await data.lookup(filtered, someone('清城区').idNumber as string)).to.not.equal(null);
  });

  it('answers null for a well-formed ID number that is not in the store', async () => {
    const taken = new Set(persons.map((p) => p.idNumber));
    const idOf = (seq: number) => `44180219900101${seq}${residentIdCheckChar(`44180219900101${seq}`)}`;
    let seq = 999;
    while (taken.has(idOf(seq))) seq--;
    const absent = idOf(seq);
    expect(taken.has(absent)).to.equal(false);
    expect(await data.lookup(scope(), absent)).to.equal(null);
  });

  it('rejects a resident ID key with a wrong check digit as bad input naming key, without echoing it', async () => {
    const id = someone('清城区').idNumber as string;
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const err = await rejection(data.lookup(scope(), wrong), InputError);
    expect(err.problems.map((p) => p.field)).to.deep.equal(['key']);
    expect(err.message).to.not.include(wrong);
    expect(err.message).to.not.include(wrong.slice(6, 14));
  });

  it('rejects a key that is not shaped like a resident ID as bad input', async () => {
    for (const key of ['', '12345', '44180219900101123x', '441802199002301234']) {
      const err = await rejection(data.lookup(scope(), key), InputError);
      expect(err.problems[0]!.field).to.equal('key');
    }
  });

  it('looks up many keys in one statement, leaving out absent and filtered records', async () => {
    const inside = persons.filter((p) => p.district === '连州市').slice(0, 30).map((p) => p.idNumber as string);
    const outside = persons.filter((p) => p.district === '清城区').slice(0, 5).map((p) => p.idNumber as string);
    const statements: string[] = [];
    const count = (q: { sql: string }) => statements.push(q.sql);
    ctx.db.knex.on('query', count);
    try {
      const found = await data.lookupMany(scope({ rowFilter: { field: 'district', op: 'eq', value: '连州市' } }), [...inside, ...outside, 'not-a-key']);
      expect([...found.keys()]).to.have.members(inside);
      expect(found.get(inside[0]!)!.idNumber).to.equal(maskResidentId(inside[0]!));
    } finally {
      ctx.db.knex.removeListener('query', count);
    }
    expect(statements).to.have.length(1);
  });

  it('refuses a revoked, expired or not yet valid grant', async () => {
    const key = someone('清城区').idNumber as string;
    for (const overrides of [
      { revokedAt: '2026-11-01T00:00:00.000Z', revokedBy: 'psb-approver', revokeReason: '用途已完成' },
      { validUntil: '2026-11-29T02:15:30.000Z' },
      { validFrom: '2026-11-29T02:15:31.000Z' },
    ]) {
      await rejection(data.lookup(scope(overrides), key), ForbiddenError);
    }
  });

  it('stops a grant on the first request after it is revoked', async () => {
    const grant = personGrant();
    const key = someone('清城区').idNumber as string;
    expect(await data.lookup({ grant, resource }, key)).to.not.equal(null);
    const revoked = { ...grant, revokedAt: NOW.toISOString(), revokedBy: 'psb-approver', revokeReason: '用途已完成' };
    await rejection(data.lookup({ grant: revoked, resource }, key), ForbiddenError);
  });

  it('refuses lookups under verify and aggregate grants', async () => {
    const key = someone('清城区').idNumber as string;
    for (const mode of ['verify', 'aggregate'] as const) {
      const err = await rejection(data.lookup(scope({ mode }), key), ForbiddenError);
      expect(err.message).to.include(mode);
      await rejection(data.lookupMany(scope({ mode }), [key]), ForbiddenError);
    }
  });
});
