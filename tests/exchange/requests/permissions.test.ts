/**
 * The role × action permission matrix. "own" is the department that owns what is acted on (the
 * provider for decisions and revocation, the consumer for withdrawal and reading, the principal's
 * own resource for submission); "other" is an uninvolved department. A denied read is NotFound,
 * so that it cannot tell whether a request exists; every other denial is ForbiddenError, and
 * changes nothing.
 */
import { expect } from 'chai';
import { ROLES, type Acting, type Role } from '../../../exchange/index.js';
import { ForbiddenError, NotFoundError } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { buildWorld, personsRequest, type World } from './world.js';

type Action = 'submit' | 'startReview' | 'approve' | 'refuse' | 'withdraw' | 'revoke' | 'read';
type Side = 'own' | 'other';
type Outcome = 'allowed' | 'forbidden' | 'not found';

const PROVIDER = 'psb';
const CONSUMER = 'hrss';
const OUTSIDER = 'edu';

/** The department a principal acts from in each cell. */
function departmentOf(action: Action, side: Side): string {
  if (side === 'other') return action === 'submit' ? CONSUMER : OUTSIDER;
  switch (action) {
    case 'submit': // a department's own resource
    case 'startReview':
    case 'approve':
    case 'refuse':
    case 'revoke':
      return PROVIDER;
    case 'withdraw':
    case 'read':
      return CONSUMER;
  }
}

const EXPECTED: Record<Action, Record<Side, readonly Role[]>> = {
  submit: { own: ['consumer'], other: ['consumer'] },
  startReview: { own: ['approver'], other: [] },
  approve: { own: ['approver'], other: [] },
  refuse: { own: ['approver'], other: [] },
  withdraw: { own: ['consumer'], other: [] },
  revoke: { own: ['approver', 'operator'], other: ['operator'] },
  read: { own: ROLES, other: ['operator', 'supervisor'] },
};

function expected(action: Action, side: Side, role: Role): Outcome {
  if (EXPECTED[action][side].includes(role)) return 'allowed';
  return action === 'read' ? 'not found' : 'forbidden';
}

describeEngines('access requests and grants: role × action permission matrix', (ctx) => {
  let w: World;
  let consumer: Acting;
  let approver: Acting;

  before(async function () {
    this.timeout(120_000);
    w = await buildWorld(ctx.db);
    consumer = await w.principal(CONSUMER, 'consumer');
    approver = await w.principal(PROVIDER, 'approver');
    // Every principal of the matrix, made up front (hashing their secrets side by side).
    await Promise.all([PROVIDER, CONSUMER, OUTSIDER].flatMap((d) => ROLES.map((r) => w.principal(d, r))));
  });

  /** Runs one cell; returns what happened and whether anything changed when it was denied. */
  async function attempt(action: Action, actor: Acting): Promise<{ outcome: Outcome; unchanged: boolean }> {
    const request = await w.requests.submit(consumer, personsRequest());
    const grantId = action === 'revoke' ? (await w.requests.approve(approver, request.id)).grantId! : undefined;
    const state = async () => JSON.stringify([await ctx.db.knex('access_requests').orderBy('id'), await ctx.db.knex('request_events').orderBy(['request_id', 'seq']), await ctx.db.knex('grants').orderBy('id')]);
    const before = await state();
    try {
      switch (action) {
        case 'submit':
          await w.requests.submit(actor, personsRequest());
          break;
        case 'startReview':
          await w.requests.startReview(actor, request.id);
          break;
        case 'approve':
          await w.requests.approve(actor, request.id);
          break;
        case 'refuse':
          await w.requests.refuse(actor, request.id, '不符合共享条件');
          break;
        case 'withdraw':
          await w.requests.withdraw(actor, request.id, '不再需要');
          break;
        case 'revoke':
          await w.grants.revoke(actor, grantId!, '停止使用');
          break;
        case 'read':
          await w.requests.get(actor, request.id);
          break;
      }
      return { outcome: 'allowed', unchanged: true };
    } catch (err) {
      const outcome: Outcome = err instanceof ForbiddenError ? 'forbidden' : err instanceof NotFoundError ? 'not found' : 'allowed';
      if (outcome === 'allowed') throw err;
      return { outcome, unchanged: (await state()) === before };
    }
  }

  const actions = Object.keys(EXPECTED) as Action[];
  for (const action of actions) {
    for (const side of ['own', 'other'] as const) {
      for (const role of ROLES) {
        const outcome = expected(action, side, role);
        it(`${action} by ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} of the ${side} department: ${outcome}`, async () => {
          const actor = await w.principal(departmentOf(action, side), role);
          const result = await attempt(action, actor);
          expect(result.outcome).to.equal(outcome);
          expect(result.unchanged, 'a denied call changes nothing').to.equal(true);
        });
      }
    }
  }
});
