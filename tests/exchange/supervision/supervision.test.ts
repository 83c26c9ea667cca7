/**
 * The supervisor's queries over a ledger built entry by entry at controlled times: volume grouped
 * by department, resource, outcome and Shanghai hour against an oracle; polling the newest entries
 * by cursor; denied requests; who read a subject; grants nearing expiry and overdue approvals
 * delegated to their services; and the supervisor role required throughout.
 */
import { expect } from 'chai';
import { ForbiddenError, InputError } from '../../../shared/index.js';
import type { EntryDraft, LedgerEntry, Supervision, VolumeDimension, VolumeGroup } from '../../../exchange/index.js';
import { describeEngines } from '../../support/engines.js';
import { buildWorld, personsRequest } from '../requests/world.js';
import { clockedLedger, CONSUMER, data, OPERATOR, residentId, SUPERVISOR, supervisionOver, TEST_KEY, workflow, type ClockedLedger } from './fixtures.js';

/** A small seeded generator, so the scenario is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/** The oracle: groups computed from the entries themselves. */
function oracle(entries: readonly LedgerEntry[], from: string, to: string, by: readonly VolumeDimension[]): VolumeGroup[] {
  const groups = new Map<string, VolumeGroup>();
  for (const e of entries) {
    if (e.kind !== 'data' || e.at < from || e.at >= to) continue;
    const group: VolumeGroup = { count: 0 };
    if (by.includes('department')) group.department = e.department;
    if (by.includes('resource')) group.resource = e.resource;
    if (by.includes('outcome')) group.outcome = e.outcome;
    if (by.includes('hour')) group.hour = new Date(Date.parse(e.at) + 8 * 3_600_000).toISOString().slice(0, 13);
    const key = JSON.stringify(by.map((d) => group[d]));
    const found = groups.get(key) ?? group;
    found.count++;
    groups.set(key, found);
  }
  return [...groups.values()];
}

const sorted = (groups: VolumeGroup[]) => [...groups].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

async function rejects(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describeEngines('Supervision: ledger volume', (ctx) => {
  let supervision: Supervision;
  const appended: LedgerEntry[] = [];

  before(async () => {
    const clocked = clockedLedger(ctx.db);
    supervision = supervisionOver(ctx.db);
    const rnd = random(42);
    // 60 instants 47 minutes apart from 2026-11-15 18:00 UTC, crossing Shanghai midnight twice.
    for (let i = 0; i < 60; i++) {
      const at = new Date(Date.parse('2026-11-15T18:00:00.000Z') + i * 47 * 60_000).toISOString();
      const drafts: EntryDraft[] = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        rnd() < 0.15
          ? workflow()
          : data({ department: pick(rnd, ['hrss', 'edu', 'amr', null]), resource: pick(rnd, ['person', 'licence']), outcome: pick(rnd, ['allowed', 'allowed', 'denied', 'error'] as const) }),
      );
      appended.push(...(await clocked.append(at, ...drafts)));
    }
  });

  const FROM = '2026-11-16T02:00:00+08:00';
  const TO = '2026-11-17T04:30:00+08:00';
  const utc = (s: string) => new Date(s).toISOString();
  const COMBINATIONS: VolumeDimension[][] = [[], ['department'], ['hour'], ['resource', 'outcome'], ['department', 'resource', 'outcome', 'hour'], ['hour', 'department']];

  for (const by of COMBINATIONS) {
    it(`counts data entries in [from, to) grouped by [${by.join(', ')}] exactly as the oracle does`, async () => {
      const groups = await supervision.volume(SUPERVISOR, { from: FROM, to: TO, by });
      expect(sorted(groups)).to.deep.equal(sorted(oracle(appended, utc(FROM), utc(TO), by)));
      expect(groups.reduce((n, g) => n + g.count, 0)).to.be.greaterThan(0);
    });
  }

  it('puts an entry at 23:30 UTC into the next day’s 07 hour of Asia/Shanghai', async () => {
    const groups = await supervision.volume(SUPERVISOR, { from: '2026-11-16T07:00:00+08:00', to: '2026-11-16T08:00:00+08:00', by: ['hour'] });
    const inHour = appended.filter((e) => e.kind === 'data' && e.at >= '2026-11-15T23:00:00.000Z' && e.at < '2026-11-16T00:00:00.000Z');
    expect(inHour.length).to.be.greaterThan(0);
    expect(groups).to.deep.equal([{ hour: '2026-11-16T07', count: inHour.length }]);
  });

  it('names every bad argument in one BAD_USER_INPUT', async () => {
    const err = await rejects(supervision.volume(SUPERVISOR, { from: 'yesterday', to: '2026-11-16', by: ['department', 'colour' as VolumeDimension] }));
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.field)).to.deep.equal(['from', 'to', 'by']);
  });

  it('refuses hourly volume over more than 93 days', async () => {
    const err = await rejects(supervision.volume(SUPERVISOR, { from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z', by: ['hour'] }));
    expect(err).to.be.instanceOf(InputError);
  });
});

describeEngines('Supervision: the newest entries by cursor, denied requests, who read a subject', (ctx) => {
  let clocked: ClockedLedger;
  let supervision: Supervision;
  const person = residentId('44180220010203004');
  const other = residentId('44180219991231002');

  before(async () => {
    clocked = clockedLedger(ctx.db);
    supervision = supervisionOver(ctx.db);
    await clocked.append('2026-11-16T01:00:00.000Z', data({ subjects: [TEST_KEY.subject(person)], grantId: 'g-hrss' }));
    await clocked.append('2026-11-16T01:05:00.000Z', data({ outcome: 'denied', errorCode: 'FORBIDDEN', department: 'edu' }));
    await clocked.append('2026-11-16T01:10:00.000Z', workflow());
    await clocked.append(
      '2026-11-16T01:15:00.000Z',
      data({ department: 'edu', action: 'verify', purpose: '入学资格核验', grantId: 'g-edu', subjects: [TEST_KEY.subject(person), TEST_KEY.subject(other)] }),
    );
    await clocked.append('2026-11-16T01:20:00.000Z', data({ outcome: 'denied', errorCode: 'RATE_LIMITED' }));
    await clocked.append('2026-11-16T01:25:00.000Z', data({ resource: 'licence', subjects: [TEST_KEY.subject(other)] }));
    await clocked.append('2026-11-16T01:30:00.000Z', data());
  });

  it('without a cursor gives the newest entries, oldest first, and a cursor at the newest', async () => {
    const page = await supervision.latest(SUPERVISOR, { first: 3 });
    expect(page.entries.map((e) => e.seq)).to.deep.equal([5, 6, 7]);
    expect(page).to.include({ cursor: 7, hasMore: false });
  });

  it('after a cursor gives what came after it, and says when more are waiting', async () => {
    const first = await supervision.latest(SUPERVISOR, { after: 0, first: 3 });
    expect(first.entries.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
    expect(first).to.include({ cursor: 3, hasMore: true });
    const rest = await supervision.latest(SUPERVISOR, { after: first.cursor, first: 10 });
    expect(rest.entries.map((e) => e.seq)).to.deep.equal([4, 5, 6, 7]);
    expect(rest).to.include({ cursor: 7, hasMore: false });
  });

  it('polling at the head returns nothing until an entry arrives, then exactly that entry', async () => {
    const idle = await supervision.latest(SUPERVISOR, { after: 7 });
    expect(idle).to.deep.equal({ entries: [], cursor: 7, hasMore: false });
    await clocked.append('2026-11-16T01:35:00.000Z', data({ department: 'amr' }));
    const arrived = await supervision.latest(SUPERVISOR, { after: idle.cursor });
    expect(arrived.entries.map((e) => [e.seq, e.department])).to.deep.equal([[8, 'amr']]);
    expect(arrived.cursor).to.equal(8);
  });

  it('lists denied data requests only, with their error codes', async () => {
    const page = await supervision.denied(SUPERVISOR, { after: 0 });
    expect(page.entries.map((e) => [e.seq, e.department, e.errorCode])).to.deep.equal([
      [2, 'edu', 'FORBIDDEN'],
      [5, 'hrss', 'RATE_LIMITED'],
    ]);
  });

  it('rejects a cursor or page size out of range', async () => {
    const err = await rejects(supervision.latest(SUPERVISOR, { after: -1, first: 501 }));
    expect((err as InputError).problems.map((p) => p.field)).to.deep.equal(['after', 'first']);
  });

  it('answers who read a subject: when, which department, grant, purpose, resource and action, newest first', async () => {
    const uses = await supervision.subjectHistory(SUPERVISOR, TEST_KEY.subject(person));
    expect(uses).to.deep.equal([
      { seq: 4, at: '2026-11-16T01:15:00.000Z', department: 'edu', grantId: 'g-edu', purpose: '入学资格核验', resource: 'person', action: 'verify' },
      { seq: 1, at: '2026-11-16T01:00:00.000Z', department: 'hrss', grantId: 'g-hrss', purpose: '社保参保资格核验', resource: 'person', action: 'list' },
    ]);
  });

  it('takes the raw ID, checks it, and hashes it with the ledger key (a lower-case x is the same ID)', async () => {
    const raw = residentId('11010519491231002');
    expect(raw.endsWith('X')).to.equal(true);
    await clocked.append('2026-11-16T01:40:00.000Z', data({ subjects: [TEST_KEY.subject(raw)] }));
    const uses = await supervision.whoRead(SUPERVISOR, raw.toLowerCase());
    expect(uses.map((u) => u.seq)).to.deep.equal([9]);
    expect(await supervision.whoRead(SUPERVISOR, other)).to.have.length(2);
  });

  it('refuses an ID with a wrong check digit without repeating it', async () => {
    const bad = person.slice(0, 17) + (person[17] === '0' ? '1' : '0');
    const err = await rejects(supervision.whoRead(SUPERVISOR, bad));
    expect(err).to.be.instanceOf(InputError);
    expect(err.message).not.to.contain(bad);
    expect(JSON.stringify((err as InputError).problems)).not.to.contain(bad.slice(6, 14));
  });

  it('forbids every supervision read to a consumer and to an operator', async () => {
    for (const who of [CONSUMER, OPERATOR]) {
      const calls: Promise<unknown>[] = [
        supervision.volume(who, { from: '2026-11-16T00:00:00Z', to: '2026-11-17T00:00:00Z', by: [] }),
        supervision.latest(who),
        supervision.denied(who),
        supervision.subjectHistory(who, TEST_KEY.subject(person)),
        supervision.whoRead(who, person),
        supervision.grantsNearingExpiry(who, 30),
        supervision.overdueApprovals(who),
        supervision.alerts(who),
        supervision.acknowledgeAlert(who, 'any'),
        supervision.entries(who, [1]),
      ];
      for (const call of calls) expect(await rejects(call)).to.be.instanceOf(ForbiddenError);
    }
  });
});

describeEngines('Supervision: grants nearing expiry and overdue approvals', (ctx) => {
  it('lists the grants ending within the days asked and the requests escalated past their deadline', async () => {
    const world = await buildWorld(ctx.db);
    const supervision = supervisionOver(ctx.db, { now: () => world.clock.now });
    const hrss = await world.principal('hrss', 'consumer');
    const edu = await world.principal('edu', 'consumer');
    const psbApprover = await world.principal('psb', 'approver');
    // Monday 28 September 2026: one request approved with an end date, one left unanswered.
    const ignored = await world.requests.submit(edu, personsRequest({ purpose: '入学资格核验' }));
    const dueOn = ignored.dueOn!;
    const day = (offset: number) => new Date(Date.parse(`${dueOn}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const approved = await world.requests.submit(hrss, personsRequest());
    await world.requests.approve(psbApprover, approved.id, { endsOn: day(4) });
    expect(await supervision.overdueApprovals(SUPERVISOR)).to.deep.equal([]);

    // 04:00 in Qingyuan the day after the deadline.
    world.clock.set(`${dueOn}T20:00:00.000Z`);
    const ending = await supervision.grantsNearingExpiry(SUPERVISOR, 7);
    expect(ending.map((g) => g.consumer)).to.deep.equal(['hrss']);
    expect(await supervision.grantsNearingExpiry(SUPERVISOR, 1)).to.deep.equal([]);

    await world.requests.sweep(world.clock.now);
    const overdue = await supervision.overdueApprovals(SUPERVISOR);
    expect(overdue.map((r) => [r.id, r.state])).to.deep.equal([[ignored.id, 'escalated']]);
  });
});
