import { expect } from 'chai';
import { NotFoundError } from '../../../shared/index.js';
import type { Acting } from '../../../exchange/index.js';
import { describeEngines } from '../../support/engines.js';
import { buildWorld, rejects, personsRequest, type World } from './world.js';

describeEngines('access requests: reads', (ctx) => {
  let w: World;
  let consumer: Acting;
  let approver: Acting;

  before(async () => {
    w = await buildWorld(ctx.db);
    consumer = await w.principal('hrss', 'consumer');
    approver = await w.principal('psb', 'approver');
  });

  it('lists a department’s own requests, newest first', async () => {
    w.clock.set('2026-09-28T02:00:00.000Z');
    const first = await w.requests.submit(consumer, personsRequest());
    w.clock.set('2026-09-29T02:00:00.000Z');
    const second = await w.requests.submit(consumer, personsRequest({ purpose: '第二次申请' }));
    const edu = await w.principal('edu', 'consumer');
    expect((await w.requests.myRequests(consumer)).map((r) => r.id)).to.deep.equal([second.id, first.id]);
    expect(await w.requests.myRequests(edu)).to.deep.equal([]);
  });

  it('shows the provider’s approver what awaits a decision, with working days left', async () => {
    w.clock.set('2026-09-30T02:00:00.000Z'); // the first request (due 10-16) has 8 working days left
    const pending = await w.requests.pendingApprovals(approver);
    expect(pending.map((r) => [r.dueOn, r.workingDaysLeft])).to.deep.equal([
      ['2026-10-16', 8],
      ['2026-10-19', 9],
    ]);
    expect(await w.requests.pendingApprovals(await w.principal('amr', 'approver'))).to.deep.equal([]);
    expect(await w.requests.pendingApprovals(consumer)).to.deep.equal([]);
  });

  it('lets the consumer, the provider, the operator and the supervisor read a request; others find nothing', async () => {
    const [request] = await w.requests.myRequests(consumer);
    for (const reader of [consumer, approver, await w.principal('eit', 'operator'), await w.principal('edu', 'supervisor')]) {
      expect((await w.requests.get(reader, request!.id)).id).to.equal(request!.id);
    }
    expect(await rejects(w.requests.get(await w.principal('edu', 'consumer'), request!.id))).to.be.instanceOf(NotFoundError);
    expect(await rejects(w.requests.get(consumer, 'no-such-request'))).to.be.instanceOf(NotFoundError);
    expect(await rejects(w.requests.events('no-such-request'))).to.be.instanceOf(NotFoundError);
  });
});
