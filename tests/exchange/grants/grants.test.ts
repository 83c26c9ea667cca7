import { expect } from 'chai';
import { grantSetKey, isInForce, type Acting, type Grant, type GrantInput } from '../../../exchange/index.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { buildWorld, PERSONS, type World } from '../requests/world.js';

async function rejects(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

function input(overrides: Partial<GrantInput> = {}): GrantInput {
  return {
    consumer: 'hrss',
    resource: 'persons',
    fields: ['idNumber', 'fullName', 'district'],
    mode: 'query',
    purpose: '社保参保资格核验',
    validFrom: '2026-09-28T02:00:00.000Z',
    validUntil: null,
    ...overrides,
  };
}

describeEngines('grants', (ctx) => {
  let w: World;
  let approver: Acting;
  const create = (overrides: Partial<GrantInput> = {}): Promise<Grant> => ctx.db.knex.transaction((trx) => w.grants.create(trx, input(overrides)));

  before(async () => {
    w = await buildWorld(ctx.db);
    approver = await w.principal('psb', 'approver');
  });

  beforeEach(() => w.clock.set('2026-09-28T02:00:00.000Z'));

  it('keeps the catalog’s masks and records the mask of every granted field', async () => {
    const grant = await create();
    expect(grant.masks).to.deep.equal({ idNumber: 'residentId', fullName: 'name', district: 'none' });
    expect(await w.grants.get(grant.id)).to.deep.equal(grant);
  });

  it('may strengthen: mask a field the catalog leaves open, restate a catalog mask', async () => {
    const grant = await create({ masks: { district: 'address', idNumber: 'residentId' } });
    expect(grant.masks).to.deep.equal({ idNumber: 'residentId', fullName: 'name', district: 'address' });
  });

  it('rejects weakening or replacing a catalog mask without a reason, naming each field', async () => {
    const err = await rejects(create({ masks: { idNumber: 'none', fullName: 'mobile' } }));
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.field)).to.have.members(['masks.idNumber', 'masks.fullName']);
  });

  it('unmasks a field only with a reason, and only one the catalog masks', async () => {
    const err = await rejects(create({ unmasked: { fullName: '', district: '区县不脱敏' } }));
    expect((err as InputError).problems.map((p) => [p.field, p.message])).to.deep.equal([
      ['unmask.fullName', 'needs a reason'],
      ['unmask.district', 'is not masked in the catalog'],
    ]);
    const grant = await create({ unmasked: { fullName: '需核对姓名' } });
    expect(grant.masks.fullName).to.equal('none');
    expect(grant.unmasked).to.deep.equal({ fullName: '需核对姓名' });
  });

  it('names every bad part of a grant in one InputError and writes nothing', async () => {
    const before = await ctx.db.knex('grants').count({ n: '*' });
    const err = await rejects(
      create({
        consumer: 'nobody',
        fields: ['idNumber', 'salary'],
        rowFilter: { field: 'district', op: 'between', value: ['a'] } as never,
        mode: 'download' as never,
        purpose: ' ',
        validFrom: '2026-10-01T00:00:00.000Z',
        validUntil: '2026-09-01T00:00:00.000Z',
        quota: { requestsPerMinute: -5, rowsPerDay: 1.5 },
      }),
    );
    expect((err as InputError).problems.map((p) => p.field)).to.have.members([
      'consumer',
      'fields[1]',
      'rowFilter.value',
      'mode',
      'purpose',
      'validUntil',
      'quota.requestsPerMinute',
      'quota.rowsPerDay',
    ]);
    expect(await ctx.db.knex('grants').count({ n: '*' })).to.deep.equal(before);
  });

  it('rejects a grant on a resource that is not published', async () => {
    expect(await rejects(create({ resource: 'drafts', fields: ['recordId'] }))).to.be.instanceOf(NotFoundError);
  });

  it('is active from validFrom up to, not including, validUntil — by the injected clock', async () => {
    const grant = await create({ consumer: 'edu', validFrom: '2026-10-01T00:00:00.000Z', validUntil: '2026-10-16T16:00:00.000Z' });
    const activeAt = async (iso: string) => (await w.grants.active('edu', new Date(iso))).map((g) => g.id).includes(grant.id);
    expect(await activeAt('2026-09-30T23:59:59.999Z')).to.equal(false);
    expect(await activeAt('2026-10-01T00:00:00.000Z')).to.equal(true);
    expect(await activeAt('2026-10-16T15:59:59.999Z')).to.equal(true);
    expect(await activeAt('2026-10-16T16:00:00.000Z')).to.equal(false);
    w.clock.set('2026-10-16T15:59:59.999Z');
    expect((await w.grants.active('edu')).map((g) => g.id)).to.include(grant.id);
    w.clock.set('2026-10-16T16:00:00.000Z');
    expect((await w.grants.active('edu')).map((g) => g.id)).not.to.include(grant.id);
    expect((await w.grants.list({ consumer: 'edu' })).map((g) => g.id)).not.to.include(grant.id);
    expect((await w.grants.list({ consumer: 'edu', includeInactive: true })).map((g) => g.id)).to.include(grant.id);
  });

  it('answers active() with one query', async () => {
    await create();
    const queries: string[] = [];
    const listen = (q: { sql: string }) => queries.push(q.sql);
    ctx.db.knex.on('query', listen);
    try {
      await w.grants.active('hrss');
    } finally {
      ctx.db.knex.off('query', listen);
    }
    expect(queries).to.have.length(1);
  });

  it('revokes with a reason: the grant stops being active at once and keeps who and why', async () => {
    const grant = await create();
    w.clock.set('2026-10-09T03:00:00.000Z');
    const revoked = await w.grants.revoke(approver, grant.id, '用途已完成');
    expect(revoked).to.include({ revokedAt: '2026-10-09T03:00:00.000Z', revokedBy: approver.accountId, revokeReason: '用途已完成' });
    expect((await w.grants.active('hrss')).map((g) => g.id)).not.to.include(grant.id);
    expect(await rejects(w.grants.revoke(approver, grant.id, '再次撤销'))).to.be.instanceOf(ConflictError);
  });

  it('needs a reason to revoke and changes nothing without one', async () => {
    const grant = await create();
    const err = await rejects(w.grants.revoke(approver, grant.id, '  '));
    expect(err).to.be.instanceOf(InputError);
    expect((await w.grants.get(grant.id)).revokedAt).to.equal(null);
  });

  it('lets the operator revoke any grant but not another department’s approver', async () => {
    const grant = await create();
    expect(await rejects(w.grants.revoke(await w.principal('amr', 'approver'), grant.id, '越权'))).to.be.instanceOf(ForbiddenError);
    const revoked = await w.grants.revoke(await w.principal('eit', 'operator'), grant.id, '平台督办撤销');
    expect(revoked.revokeReason).to.equal('平台督办撤销');
  });

  it('unmasks a granted field in place for the provider’s approver, keeping the reason', async () => {
    const grant = await create();
    const changed = await w.grants.unmask(approver, grant.id, 'fullName', '需核对姓名');
    expect(changed.id).to.equal(grant.id);
    expect(changed.masks).to.deep.equal({ idNumber: 'residentId', fullName: 'none', district: 'none' });
    expect(changed.unmasked).to.deep.equal({ fullName: '需核对姓名' });
    const err = await rejects(w.grants.unmask(approver, grant.id, 'district', '区县'));
    expect((err as InputError).problems[0]!.message).to.contain('not masked');
    expect(await rejects(w.grants.unmask(approver, grant.id, 'mobile', '手机'))).to.be.instanceOf(InputError);
    expect(await rejects(w.grants.unmask(approver, grant.id, 'idNumber', ''))).to.be.instanceOf(InputError);
    expect(await rejects(w.grants.unmask(await w.principal('psb', 'publisher'), grant.id, 'idNumber', '核对'))).to.be.instanceOf(ForbiddenError);
    expect((await w.grants.get(grant.id)).masks.idNumber).to.equal('residentId');
  });

  it('lists grants ending within a number of days, soonest first', async () => {
    const soon = await create({ consumer: 'amr', validUntil: '2026-10-01T00:00:00.000Z' });
    const later = await create({ consumer: 'amr', validUntil: '2026-10-20T00:00:00.000Z' });
    const ids = (await w.grants.expiringWithin(7)).map((g) => g.id);
    expect(ids).to.include(soon.id);
    expect(ids).not.to.include(later.id);
    expect((await w.grants.expiringWithin(30)).filter((g) => g.consumer === 'amr').map((g) => g.id)).to.deep.equal([soon.id, later.id]);
  });

  it('filters the list by consumer, provider and resource apiName or code', async () => {
    const grant = await create({ consumer: 'eit' });
    expect((await w.grants.list({ consumer: 'eit', resource: 'persons' })).map((g) => g.id)).to.deep.equal([grant.id]);
    expect((await w.grants.list({ consumer: 'eit', provider: 'psb' })).map((g) => g.id)).to.deep.equal([grant.id]);
    expect(await w.grants.list({ consumer: 'eit', provider: 'amr' })).to.deep.equal([]);
    expect((await w.grants.list({ consumer: 'eit', resource: PERSONS.code })).map((g) => g.id)).to.deep.equal([grant.id]);
    expect(await w.grants.list({ consumer: 'eit', resource: 'entities' })).to.deep.equal([]);
  });

  it('stops a grant when its resource is retired', async () => {
    const grant = await create({ resource: 'entities', consumer: 'edu', fields: ['creditCode'] });
    expect((await w.grants.active('edu')).map((g) => g.id)).to.include(grant.id);
    await w.catalog.retireResource('entities');
    expect((await w.grants.active('edu')).map((g) => g.id)).not.to.include(grant.id);
  });

  it('keys a set of grants so that an unmask in place changes the key, and order does not', async () => {
    const a = await create();
    const b = await create({ consumer: 'hrss', fields: ['idNumber'] });
    const key = grantSetKey([a, b]);
    expect(grantSetKey([b, a])).to.equal(key);
    const unmasked = await w.grants.unmask(approver, a.id, 'fullName', '需核对姓名');
    expect(grantSetKey([unmasked, b])).not.to.equal(key);
  });

  it('tells whether a grant is in force at an instant without the database', async () => {
    const grant = await create({ validFrom: '2026-10-01T00:00:00.000Z', validUntil: '2026-10-02T00:00:00.000Z' });
    expect(isInForce(grant, new Date('2026-09-30T23:59:59.999Z'))).to.equal(false);
    expect(isInForce(grant, new Date('2026-10-01T00:00:00.000Z'))).to.equal(true);
    expect(isInForce(grant, new Date('2026-10-02T00:00:00.000Z'))).to.equal(false);
    expect(isInForce({ ...grant, revokedAt: '2026-09-30T00:00:00.000Z' }, new Date('2026-10-01T12:00:00.000Z'))).to.equal(false);
  });
});
