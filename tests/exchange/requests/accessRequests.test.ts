import { expect } from 'chai';
import { ConflictError, InputError, NotFoundError, type Database } from '../../../shared/index.js';
import type { Acting } from '../../../exchange/index.js';
import { describeEngines } from '../../support/engines.js';
import { buildWorld, rejects, LEGAL_BASIS, personsRequest, type World } from './world.js';

/** Everything a failed call must leave as it was: the request, its history, the grants. */
async function snapshot(db: Database, id: string) {
  return {
    request: await db.knex('access_requests').where({ id }).first(),
    events: await db.knex('request_events').where({ request_id: id }).orderBy('seq'),
    grants: (await db.knex('grants').count({ n: '*' }))[0],
  };
}

describeEngines('access requests: the state machine', (ctx) => {
  let w: World;
  let consumer: Acting;
  let approver: Acting;
  let operator: Acting;

  before(async () => {
    w = await buildWorld(ctx.db);
    consumer = await w.principal('hrss', 'consumer');
    approver = await w.principal('psb', 'approver');
    operator = await w.principal('eit', 'operator');
  });

  beforeEach(() => w.clock.set('2026-09-28T02:00:00.000Z')); // Monday 10:00 in Qingyuan

  it('waits as submitted on a conditional resource, due 10 working days later across National Day', async () => {
    const request = await w.requests.submit(consumer, personsRequest());
    expect(request).to.include({ state: 'submitted', consumer: 'hrss', resource: 'persons', provider: 'psb', dueOn: '2026-10-16', grantId: null });
    expect(request.wantedFrom).to.equal('2026-09-28');
    const events = await w.requests.events(request.id);
    expect(events.map((e) => [e.seq, e.from, e.to, e.actor])).to.deep.equal([[1, null, 'submitted', consumer.accountId]]);
  });

  it('dates a submission on a holiday from the next working day', async () => {
    w.clock.set('2026-10-03T03:00:00.000Z');
    const request = await w.requests.submit(consumer, personsRequest());
    expect(request.dueOn).to.equal('2026-10-20');
  });

  it('submit → approve creates a grant in force with the request’s fields and the catalog’s masks', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    w.clock.set('2026-09-29T06:00:00.000Z');
    const approved = await w.requests.approve(approver, submitted.id, { note: '同意' });
    expect(approved.state).to.equal('approved');
    const grant = await w.grants.get(approved.grantId!);
    expect(grant).to.deep.include({
      consumer: 'hrss',
      resource: 'persons',
      requestId: submitted.id,
      fields: ['idNumber', 'fullName', 'birthDate', 'district'],
      masks: { idNumber: 'residentId', fullName: 'name', birthDate: 'none', district: 'none' },
      unmasked: {},
      mode: 'query',
      purpose: '社保参保资格核验',
      validFrom: '2026-09-29T06:00:00.000Z',
      validUntil: null,
    });
    const events = await w.requests.events(submitted.id);
    expect(events.map((e) => [e.from, e.to, e.actor, e.reason, e.at])).to.deep.equal([
      [null, 'submitted', consumer.accountId, null, '2026-09-28T02:00:00.000Z'],
      ['submitted', 'approved', approver.accountId, '同意', '2026-09-29T06:00:00.000Z'],
    ]);
    expect((await w.grants.active('hrss')).map((g) => g.id)).to.include(grant.id);
  });

  it('submit → review → refuse records the reviewer, the refusal and its reason, and grants nothing', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    await w.requests.startReview(approver, submitted.id);
    const refused = await w.requests.refuse(approver, submitted.id, '  用途与所申请字段不符  ');
    expect(refused).to.include({ state: 'refused', grantId: null });
    const events = await w.requests.events(submitted.id);
    expect(events.map((e) => [e.seq, e.from, e.to, e.actor, e.reason])).to.deep.equal([
      [1, null, 'submitted', consumer.accountId, null],
      [2, 'submitted', 'under_review', approver.accountId, null],
      [3, 'under_review', 'refused', approver.accountId, '用途与所申请字段不符'],
    ]);
    expect(await ctx.db.knex('grants').where({ request_id: submitted.id })).to.have.length(0);
  });

  it('refuses to refuse without a reason (InputError) and changes nothing', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    const before = await snapshot(ctx.db, submitted.id);
    for (const reason of ['', '   ', undefined as unknown as string]) {
      const err = await rejects(w.requests.refuse(approver, submitted.id, reason));
      expect(err).to.be.instanceOf(InputError);
      expect((err as InputError).problems.map((p) => p.field)).to.deep.equal(['reason']);
    }
    expect(await snapshot(ctx.db, submitted.id)).to.deep.equal(before);
  });

  it('submit → withdraw by the consumer department, with its reason', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    const withdrawn = await w.requests.withdraw(consumer, submitted.id, '业务调整');
    expect(withdrawn.state).to.equal('withdrawn');
    const last = (await w.requests.events(submitted.id)).at(-1)!;
    expect([last.from, last.to, last.actor, last.reason]).to.deep.equal(['submitted', 'withdrawn', consumer.accountId, '业务调整']);
  });

  it('submit → escalate (sweep after the deadline) → approve by the provider’s approver', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest({ purpose: '逾期测试' }));
    w.clock.set('2026-10-16T09:00:00.000Z'); // 17:00 on the deadline: still in time
    expect((await w.requests.sweep()).escalated.map((r) => r.id)).not.to.include(submitted.id);
    w.clock.set('2026-10-16T16:00:00.000Z'); // midnight: the deadline has passed
    const swept = await w.requests.sweep();
    expect(swept.escalated.map((r) => r.id)).to.include(submitted.id);
    const escalatedEvent = (await w.requests.events(submitted.id)).at(-1)!;
    expect([escalatedEvent.from, escalatedEvent.to, escalatedEvent.actor]).to.deep.equal(['submitted', 'escalated', 'system']);
    expect(escalatedEvent.reason).to.contain('2026-10-16');
    expect((await w.requests.escalated()).map((r) => r.id)).to.include(submitted.id);
    const forOperator = await w.requests.pendingApprovals(operator);
    expect(forOperator.find((r) => r.id === submitted.id)).to.include({ state: 'escalated', dueOn: '2026-10-16', workingDaysLeft: -1 });
    const approved = await w.requests.approve(approver, submitted.id);
    expect(approved.state).to.equal('approved');
    expect((await w.requests.events(submitted.id)).map((e) => e.to)).to.deep.equal(['submitted', 'escalated', 'approved']);
  });

  it('sweeps idempotently: a second sweep at the same time changes nothing', async () => {
    await w.requests.submit(consumer, personsRequest({ purpose: '幂等测试' }));
    w.clock.set('2026-10-20T01:00:00.000Z');
    const first = await w.requests.sweep();
    expect(first.escalated.length).to.be.greaterThan(0);
    const rows = await ctx.db.knex('request_events').count({ n: '*' });
    expect(await w.requests.sweep()).to.deep.equal({ escalated: [], expired: [] });
    expect(await ctx.db.knex('request_events').count({ n: '*' })).to.deep.equal(rows);
  });

  it('expires an undecided request whose wanted period has ended, even an escalated one', async () => {
    const short = await w.requests.submit(consumer, personsRequest({ wantedUntil: '2026-10-05' }));
    const long = await w.requests.submit(consumer, personsRequest({ wantedUntil: '2026-10-20' }));
    await w.requests.startReview(approver, short.id);
    w.clock.set('2026-10-05T15:00:00.000Z'); // 23:00 on the last wanted day
    expect((await w.requests.sweep()).expired.map((r) => r.id)).not.to.include(short.id);
    w.clock.set('2026-10-19T02:00:00.000Z');
    const swept = await w.requests.sweep();
    expect(swept.expired.map((r) => r.id)).to.include(short.id);
    expect(swept.escalated.map((r) => r.id)).to.include(long.id);
    w.clock.set('2026-10-21T02:00:00.000Z');
    expect((await w.requests.sweep()).expired.map((r) => r.id)).to.include(long.id);
    expect((await w.requests.get(consumer, long.id)).state).to.equal('expired');
    const events = await w.requests.events(short.id);
    expect(events.map((e) => [e.to, e.actor])).to.deep.equal([['submitted', consumer.accountId], ['under_review', approver.accountId], ['expired', 'system']]);
  });

  it('refuses to approve a refused request (ConflictError naming both states) and changes nothing', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    await w.requests.refuse(approver, submitted.id, '不符合共享条件');
    const before = await snapshot(ctx.db, submitted.id);
    const err = await rejects(w.requests.approve(approver, submitted.id));
    expect(err).to.be.instanceOf(ConflictError);
    expect(err.message).to.contain('approve').and.contain('refused').and.contain('submitted');
    expect(await snapshot(ctx.db, submitted.id)).to.deep.equal(before);
  });

  it('refuses to withdraw an approved request and changes nothing', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    await w.requests.approve(approver, submitted.id);
    const before = await snapshot(ctx.db, submitted.id);
    const err = await rejects(w.requests.withdraw(consumer, submitted.id));
    expect(err).to.be.instanceOf(ConflictError);
    expect(err.message).to.contain('withdraw').and.contain('approved');
    expect(await snapshot(ctx.db, submitted.id)).to.deep.equal(before);
  });

  it('approves a request once: a second approval is a conflict and no second grant is made', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    await w.requests.approve(approver, submitted.id);
    expect(await rejects(w.requests.approve(approver, submitted.id))).to.be.instanceOf(ConflictError);
    expect(await ctx.db.knex('grants').where({ request_id: submitted.id })).to.have.length(1);
  });

  it('lets only one of two simultaneous decisions through; the other is a conflict', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    const results = await Promise.allSettled([
      w.requests.approve(approver, submitted.id),
      w.requests.refuse(approver, submitted.id, '同时拒绝'),
      w.requests.approve(approver, submitted.id),
    ]);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    for (const f of failures) expect(f.reason).to.be.instanceOf(ConflictError);
    const events = await w.requests.events(submitted.id);
    expect(events.map((e) => e.seq)).to.deep.equal([1, 2]);
    const grants = await ctx.db.knex('grants').where({ request_id: submitted.id });
    expect(grants).to.have.length(events[1]!.to === 'approved' ? 1 : 0);
  });

  it('refuses to review a request twice', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    await w.requests.startReview(approver, submitted.id);
    const err = await rejects(w.requests.startReview(approver, submitted.id));
    expect(err).to.be.instanceOf(ConflictError);
    expect(err.message).to.contain('under_review');
  });

  it('grants an unconditional resource at once, keeping personal items masked and recording why unmasking is wanted', async () => {
    const request = await w.requests.submit(consumer, {
      resource: 'entities',
      fields: ['creditCode', 'entityName', 'representative'],
      purpose: '参保单位登记核验',
      basis: '《社会保险登记管理暂行办法》',
      mode: 'query',
      unmaskReason: '需核对法定代表人姓名',
      wantedUntil: '2026-12-31',
    });
    expect(request).to.include({ state: 'approved', dueOn: null, unmaskReason: '需核对法定代表人姓名', provider: 'amr' });
    const grant = await w.grants.get(request.grantId!);
    expect(grant.masks).to.deep.equal({ creditCode: 'none', entityName: 'none', representative: 'name' });
    expect(grant.unmasked).to.deep.equal({});
    expect(grant.validUntil).to.equal('2026-12-31T16:00:00.000Z');
    const events = await w.requests.events(request.id);
    expect(events.map((e) => [e.from, e.to, e.actor])).to.deep.equal([
      [null, 'submitted', consumer.accountId],
      ['submitted', 'approved', 'system'],
    ]);
    // The provider acts on the reason later, explicitly.
    const amrApprover = await w.principal('amr', 'approver');
    const unmasked = await w.grants.unmask(amrApprover, grant.id, 'representative', '核对法定代表人姓名，依申请理由同意');
    expect(unmasked.masks.representative).to.equal('none');
  });

  it('refuses a not-shared resource at once, citing its recorded legal basis', async () => {
    const request = await w.requests.submit(consumer, { ...personsRequest(), resource: 'secrets', fields: ['recordId', 'title'] });
    expect(request).to.include({ state: 'refused', grantId: null, dueOn: null });
    const last = (await w.requests.events(request.id)).at(-1)!;
    expect([last.from, last.to, last.actor]).to.deep.equal(['submitted', 'refused', 'system']);
    expect(last.reason).to.contain(LEGAL_BASIS);
  });

  it('lets a department request its own resource like any other', async () => {
    const psbConsumer = await w.principal('psb', 'consumer');
    const own = await w.requests.submit(psbConsumer, personsRequest());
    expect(own).to.include({ consumer: 'psb', provider: 'psb', state: 'submitted' });
  });
});

describeEngines('access requests: input and decisions', (ctx) => {
  let w: World;
  let consumer: Acting;
  let approver: Acting;

  before(async () => {
    w = await buildWorld(ctx.db);
    consumer = await w.principal('hrss', 'consumer');
    approver = await w.principal('psb', 'approver');
  });

  beforeEach(() => w.clock.set('2026-09-28T02:00:00.000Z'));

  it('names every unknown field, an invalid row scope and missing purpose and basis in one InputError', async () => {
    const err = await rejects(
      w.requests.submit(consumer, personsRequest({
        fields: ['idNumber', 'salary', 'religion'],
        purpose: ' ',
        basis: '',
        mode: 'download',
        rowScope: { field: 'district', op: 'gt', value: 3 },
      })),
    );
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.field)).to.have.members(['fields[1]', 'fields[2]', 'purpose', 'basis', 'mode', 'rowScope.value']);
    expect(err.message).to.contain('"salary"').and.contain('"religion"');
    expect(await ctx.db.knex('access_requests')).to.have.length(0);
  });

  it('accepts a valid row scope and keeps it', async () => {
    const scope = { field: 'district', op: 'in' as const, value: ['清城区', '英德市'] };
    const request = await w.requests.submit(consumer, personsRequest({ rowScope: scope }));
    expect(request.rowScope).to.deep.equal(scope);
  });

  it('rejects a wanted period that ends before it starts or starts in the past', async () => {
    const err = await rejects(w.requests.submit(consumer, personsRequest({ wantedFrom: '2026-11-01', wantedUntil: '2026-10-31' })));
    expect((err as InputError).problems.map((p) => p.field)).to.deep.equal(['wantedUntil']);
    const past = await rejects(w.requests.submit(consumer, personsRequest({ wantedFrom: '2026-09-27' })));
    expect((past as InputError).problems.map((p) => p.field)).to.deep.equal(['wantedFrom']);
    const malformed = await rejects(w.requests.submit(consumer, personsRequest({ wantedUntil: '2026-02-30' })));
    expect((malformed as InputError).problems.map((p) => p.field)).to.deep.equal(['wantedUntil']);
  });

  it('treats a draft or unknown resource as not found', async () => {
    expect(await rejects(w.requests.submit(consumer, personsRequest({ resource: 'drafts', fields: ['recordId'] })))).to.be.instanceOf(NotFoundError);
    expect(await rejects(w.requests.submit(consumer, personsRequest({ resource: 'nothing' })))).to.be.instanceOf(NotFoundError);
  });

  it('approves narrowed fields with the approver’s filter ANDed to the request’s scope, quotas and an end date', async () => {
    const scope = { field: 'district', op: 'eq' as const, value: '清城区' };
    const submitted = await w.requests.submit(consumer, personsRequest({ rowScope: scope, wantedUntil: '2027-06-30' }));
    const filter = { field: 'birthDate', op: 'lt' as const, value: '2010-01-01' };
    const approved = await w.requests.approve(approver, submitted.id, {
      fields: ['idNumber', 'birthDate'],
      rowFilter: filter,
      quota: { requestsPerMinute: 60, rowsPerDay: 10_000 },
      endsOn: '2027-03-31',
    });
    const grant = await w.grants.get(approved.grantId!);
    expect(grant.fields).to.deep.equal(['idNumber', 'birthDate']);
    expect(grant.rowFilter).to.deep.equal({ and: [scope, filter] });
    expect(grant.quota).to.deep.equal({ requestsPerMinute: 60, rowsPerDay: 10_000 });
    expect(grant.validUntil).to.equal('2027-03-31T16:00:00.000Z');
  });

  it('rejects a decision that widens the request, weakens a mask without a reason or ends after the wanted period', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest({ wantedUntil: '2027-06-30' }));
    const before = await snapshot(ctx.db, submitted.id);
    const err = await rejects(
      w.requests.approve(approver, submitted.id, {
        fields: ['idNumber', 'fullName', 'mobile'],
        masks: { idNumber: 'none' },
        endsOn: '2027-07-01',
        quota: { requestsPerMinute: 0 },
      }),
    );
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.field)).to.have.members(['fields[2]', 'endsOn', 'quota.requestsPerMinute']);
    const masks = await rejects(w.requests.approve(approver, submitted.id, { masks: { idNumber: 'none', fullName: 'address' } }));
    expect((masks as InputError).problems.map((p) => p.field)).to.have.members(['masks.idNumber', 'masks.fullName']);
    const noReason = await rejects(w.requests.approve(approver, submitted.id, { unmask: { fullName: ' ' } }));
    expect((noReason as InputError).problems.map((p) => p.field)).to.deep.equal(['unmask.fullName']);
    expect(await snapshot(ctx.db, submitted.id)).to.deep.equal(before);
  });

  it('unmasks a field with a reason and masks a field the catalog leaves open', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest());
    const approved = await w.requests.approve(approver, submitted.id, {
      unmask: { fullName: '需核对参保人姓名' },
      masks: { idNumber: 'residentId', district: 'address' },
    });
    const grant = await w.grants.get(approved.grantId!);
    expect(grant.masks).to.deep.equal({ idNumber: 'residentId', fullName: 'none', birthDate: 'none', district: 'address' });
    expect(grant.unmasked).to.deep.equal({ fullName: '需核对参保人姓名' });
  });

  it('starts the grant on the first wanted day when that is later than the approval', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest({ wantedFrom: '2026-11-02' }));
    const approved = await w.requests.approve(approver, submitted.id);
    const grant = await w.grants.get(approved.grantId!);
    expect(grant.validFrom).to.equal('2026-11-01T16:00:00.000Z');
    expect((await w.grants.active('hrss')).map((g) => g.id)).not.to.include(grant.id);
    expect((await w.grants.active('hrss', new Date('2026-11-01T16:00:00.000Z'))).map((g) => g.id)).to.include(grant.id);
  });

  it('will not approve once the wanted period has ended', async () => {
    const submitted = await w.requests.submit(consumer, personsRequest({ wantedUntil: '2026-09-30' }));
    w.clock.set('2026-10-08T02:00:00.000Z');
    const err = await rejects(w.requests.approve(approver, submitted.id));
    expect(err).to.be.instanceOf(ConflictError);
    expect(err.message).to.contain('2026-09-30');
  });
});
