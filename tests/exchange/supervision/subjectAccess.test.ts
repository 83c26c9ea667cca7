/**
 * Subject access tickets: an operator issues one for a checked resident ID or credit code; the
 * ticket alone opens that subject's history until it expires; a changed, re-signed or foreign
 * ticket opens nothing; the approval and each use are recorded in the ledger.
 */
import { expect } from 'chai';
import { LedgerKey, SubjectAccess } from '../../../exchange/index.js';
import { creditCodeCheckChar, ForbiddenError, InputError, UnauthenticatedError } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { acting, clockedLedger, CONSUMER, data, OPERATOR, residentId, SUPERVISOR, TEST_KEY } from './fixtures.js';

async function rejects(work: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describeEngines('Subject access tickets', (ctx) => {
  const person = residentId('44180220010203004');
  const firmBody = '91441800MA4UJ3JX0';
  const firm = firmBody + creditCodeCheckChar(firmBody);
  let clock: Date;
  let access: SubjectAccess;

  before(async () => {
    const clocked = clockedLedger(ctx.db);
    await clocked.append('2026-11-16T01:00:00.000Z', data({ subjects: [TEST_KEY.subject(person)], grantId: 'g-hrss' }));
    await clocked.append('2026-11-16T01:05:00.000Z', data({ department: 'amr', resource: 'legalEntity', subjects: [TEST_KEY.subject(firm)] }));
    clock = new Date('2026-11-16T02:00:00.000Z');
    access = new SubjectAccess(ctx.db, TEST_KEY, { now: () => clock, ledger: clocked.ledger });
  });

  it('opens the history of the subject it was issued for, and only that', async () => {
    const { ticket, expiresAt } = await access.approve(OPERATOR, person, 10);
    expect(expiresAt).to.equal('2026-11-16T02:10:00.000Z');
    expect(ticket).not.to.contain(person);
    const uses = await access.history(ticket);
    expect(uses.map((u) => [u.seq, u.department, u.grantId])).to.deep.equal([[1, 'hrss', 'g-hrss']]);
    const firmTicket = await access.approve(OPERATOR, firm);
    expect((await access.history(firmTicket.ticket)).map((u) => u.resource)).to.deep.equal(['legalEntity']);
  });

  it('records the approval and each use in the ledger, naming the subject only by its keyed hash', async () => {
    const rows: { action: string; detail: string; actor: string | null }[] = await ctx.db.knex('ledger_entries').where('kind', 'workflow').orderBy('seq').select('action', 'detail', 'actor');
    expect(rows.map((r) => r.action)).to.deep.equal(['subject-access.approved', 'subject-access.viewed', 'subject-access.approved', 'subject-access.viewed']);
    expect(JSON.parse(rows[0]!.detail).subject).to.equal(TEST_KEY.subject(person));
    expect(rows[0]!.actor).to.equal(OPERATOR.accountId);
    expect(JSON.stringify(rows)).not.to.contain(person);
  });

  it('stops working when it expires', async () => {
    const { ticket } = await access.approve(OPERATOR, person, 5);
    clock = new Date(clock.getTime() + 5 * 60_000);
    expect(await rejects(access.history(ticket))).to.be.instanceOf(UnauthenticatedError);
    clock = new Date('2026-11-16T02:00:00.000Z');
  });

  it('refuses a ticket whose payload was changed, one signed with another key, and garbage', async () => {
    const { ticket } = await access.approve(OPERATOR, person, 5);
    const [prefix, body, mac] = ticket.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    const longer = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 86_400 })).toString('base64url');
    const foreign = await new SubjectAccess(ctx.db, new LedgerKey(Buffer.alloc(32, 9)), { now: () => clock }).approve(OPERATOR, person, 5);
    for (const forged of [`${prefix}.${longer}.${mac}`, foreign.ticket, `${ticket}x`, 'gsa1..', '', undefined, 'a'.repeat(5000)]) {
      expect(await rejects(access.history(forged))).to.be.instanceOf(UnauthenticatedError);
    }
  });

  it('is issued by operators only', async () => {
    for (const who of [SUPERVISOR, CONSUMER, acting('psb', 'approver', 'publisher')]) {
      expect(await rejects(access.approve(who, person))).to.be.instanceOf(ForbiddenError);
    }
  });

  it('is refused for an ID with a wrong check digit and for a bad lifetime, in one error that does not repeat the ID', async () => {
    const bad = person.slice(0, 17) + (person[17] === '0' ? '1' : '0');
    const err = await rejects(access.approve(OPERATOR, bad, 0));
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.field)).to.deep.equal(['id', 'ttlMinutes']);
    expect((err as InputError).message).not.to.contain(bad);
  });
});
