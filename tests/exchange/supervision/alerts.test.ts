/**
 * The alert rules on crafted ledgers: each rule fires on its scenario and stays quiet on a near
 * miss; evaluation is idempotent (again, or by two evaluators at once, it creates nothing twice);
 * an ongoing incident grows its open alert, a window reaching back before the watermark still
 * counts, and activity after an acknowledgement opens a new alert. Departments are kept apart so
 * each scenario touches one rule.
 */
import { expect } from 'chai';
import { isOffHours, type Alert, type Supervision } from '../../../exchange/index.js';
import { ConflictError, NotFoundError } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { clockedLedger, data, local, SUPERVISOR, supervisionOver, workflow, type ClockedLedger } from './fixtures.js';

const EVALUATED_AT = new Date(local('2026-11-17T09:00:00'));

/** `n` instants `stepSeconds` apart from a local time. */
function instants(start: string, n: number, stepSeconds: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.parse(local(start)) + i * stepSeconds * 1000).toISOString());
}

async function appendEach(clocked: ClockedLedger, ats: string[], draft: Parameters<typeof data>[0]): Promise<number[]> {
  const seqs: number[] = [];
  for (const at of ats) seqs.push(...(await clocked.append(at, data(draft))).map((e) => e.seq));
  return seqs;
}

async function alertsOf(supervision: Supervision, rule: string): Promise<Alert[]> {
  return (await supervision.alerts(SUPERVISOR, { first: 500 })).filter((a) => a.rule === rule);
}

describe('Office hours', () => {
  it('are 08:00 to 20:00 in Qingyuan on working days', () => {
    expect(isOffHours(Date.parse(local('2026-11-16T07:59:59')))).to.equal(true);
    expect(isOffHours(Date.parse(local('2026-11-16T08:00:00')))).to.equal(false);
    expect(isOffHours(Date.parse(local('2026-11-16T19:59:59')))).to.equal(false);
    expect(isOffHours(Date.parse(local('2026-11-16T20:00:00')))).to.equal(true);
    expect(isOffHours(Date.parse(local('2026-11-14T11:00:00')))).to.equal(true); // Saturday
    expect(isOffHours(Date.parse(local('2026-10-02T11:00:00')))).to.equal(true); // National Day holiday, a Friday
  });
});

describeEngines('Alert rules on a crafted ledger', (ctx) => {
  let clocked: ClockedLedger;
  let supervision: Supervision;
  const seqs: Record<string, number[]> = {};

  before(async () => {
    clocked = clockedLedger(ctx.db);
    supervision = supervisionOver(ctx.db);
    // (a) amr: 42 reads in the week before (0.25 an hour), then 30 in one hour. hrss: 1,400 the week
    // before (8.3 an hour), then the same 30: not 5× its baseline. ule: 10 in the hour, below the minimum.
    // Baselines come a few per hour, so that no hour of them is a spike itself.
    for (const at of instants('2026-11-12T08:00:00', 7, 3600)) await clocked.repeat(at, 6, data({ department: 'amr' }));
    for (const at of instants('2026-11-10T00:00:00', 70, 3600)) await clocked.repeat(at, 20, data({ department: 'hrss' }));
    seqs.amrSpike = (await clocked.repeat(local('2026-11-16T10:30:00'), 30, data({ department: 'amr' }))).map((e) => e.seq);
    await clocked.repeat(local('2026-11-16T10:30:00'), 30, data({ department: 'hrss' }));
    await clocked.repeat(local('2026-11-16T10:30:00'), 10, data({ department: 'ule' }));
    // (b) gsc: 500 rows at 21:30 (and 500 at 11:00, in office hours); psb: 500 rows on a Saturday; cul: 50 rows at night.
    seqs.gscNight = (await clocked.append(local('2026-11-16T21:30:00'), data({ department: 'gsc', rowCount: 500 }))).map((e) => e.seq);
    seqs.gscDay = (await clocked.append(local('2026-11-16T11:00:00'), data({ department: 'gsc', rowCount: 500 }))).map((e) => e.seq);
    seqs.psbSaturday = (await clocked.append(local('2026-11-14T11:00:00'), data({ department: 'psb', rowCount: 500 }))).map((e) => e.seq);
    await clocked.append(local('2026-11-16T23:00:00'), data({ department: 'cul', rowCount: 50 }));
    // (c) eit: 5 denials in 4 minutes; tax: 4, then 4 more twenty minutes later.
    seqs.eitDenied = await appendEach(clocked, instants('2026-11-16T10:00:00', 5, 60), { department: 'eit', outcome: 'denied', errorCode: 'FORBIDDEN' });
    await appendEach(clocked, [...instants('2026-11-16T10:00:00', 4, 60), ...instants('2026-11-16T10:20:00', 4, 60)], { department: 'tax', outcome: 'denied', errorCode: 'FORBIDDEN' });
    // (d) sport: 6 refusals for its exhausted quota, which are no burst of denials.
    seqs.sportLimited = await appendEach(clocked, instants('2026-11-16T10:40:00', 6, 5), { department: 'sport', grantId: 'g-sport', outcome: 'denied', errorCode: 'RATE_LIMITED' });
    // (e) edu: 12 verify calls in 55 s on one grant; nhc: 12 at two a minute; dot: exactly 10 in 50 s.
    const verify = (department: string, grantId: string) => data({ department, grantId, action: 'verify', rowCount: 0 });
    seqs.eduVerify = await appendEach(clocked, instants('2026-11-16T10:50:00', 12, 5), verify('edu', 'g-edu-fast'));
    await appendEach(clocked, instants('2026-11-16T10:50:00', 12, 30), verify('nhc', 'g-nhc-slow'));
    await appendEach(clocked, instants('2026-11-16T10:50:00', 10, 5), verify('dot', 'g-dot-ten'));
    await clocked.append(local('2026-11-16T12:00:00'), workflow());
  });

  it('evaluates every entry once and reports the alerts opened', async () => {
    const result = await supervision.evaluateAlerts(EVALUATED_AT);
    const head = (await supervision.latest(SUPERVISOR, { first: 1 })).cursor;
    expect(result).to.deep.equal({ fromSeq: 0, toSeq: head, created: 6, updated: 0 });
  });

  it('(a) flags the department whose hour is far above its own baseline, not the busy one at its usual pace nor the small one', async () => {
    const alerts = await alertsOf(supervision, 'volume-spike');
    expect(alerts.map((a) => a.department)).to.deep.equal(['amr']);
    expect(alerts[0]!.entrySeqs).to.deep.equal(seqs.amrSpike);
    expect(alerts[0]!.details).to.include({ hourCount: 30, baselinePerHour: 0.25, factor: 5 });
    expect(alerts[0]).to.include({ severity: 'high', state: 'open', grantId: null });
  });

  it('(b) flags bulk reads at night and on a non-working day, not in office hours nor small ones', async () => {
    const alerts = await alertsOf(supervision, 'off-hours-bulk');
    expect(alerts.map((a) => [a.department, a.entrySeqs]).sort()).to.deep.equal([
      ['gsc', seqs.gscNight],
      ['psb', seqs.psbSaturday],
    ]);
  });

  it('(c) flags a burst of denials from one department, not the same number spread out nor quota refusals', async () => {
    const alerts = await alertsOf(supervision, 'denied-burst');
    expect(alerts.map((a) => [a.department, a.entrySeqs])).to.deep.equal([['eit', seqs.eitDenied]]);
    expect(alerts[0]!.details).to.include({ mostInWindow: 5, threshold: 5 });
  });

  it('(d) flags quota exhaustion per department and grant', async () => {
    const alerts = await alertsOf(supervision, 'quota-exhausted');
    expect(alerts.map((a) => [a.department, a.grantId, a.entrySeqs])).to.deep.equal([['sport', 'g-sport', seqs.sportLimited]]);
  });

  it('(e) flags a verify grant used faster than the limit per minute, not at a normal pace nor at the limit', async () => {
    const alerts = await alertsOf(supervision, 'verify-enumeration');
    expect(alerts.map((a) => [a.department, a.grantId])).to.deep.equal([['edu', 'g-edu-fast']]);
    expect(alerts[0]!.entrySeqs).to.deep.equal(seqs.eduVerify);
    expect(alerts[0]!.details).to.include({ mostPerMinute: 12, threshold: 10 });
  });

  it('creates nothing when run again', async () => {
    const before = await supervision.alerts(SUPERVISOR, { first: 500 });
    const again = await supervision.evaluateAlerts(EVALUATED_AT);
    expect(again).to.include({ created: 0, updated: 0 });
    expect(again.fromSeq).to.equal(again.toSeq);
    expect(await supervision.alerts(SUPERVISOR, { first: 500 })).to.deep.equal(before);
  });

  it('grows the open alert of an ongoing incident instead of opening another', async () => {
    const more = await appendEach(clocked, instants('2026-11-16T10:06:00', 3, 1), { department: 'eit', outcome: 'denied', errorCode: 'FORBIDDEN' });
    expect(await supervision.evaluateAlerts(EVALUATED_AT)).to.include({ created: 0, updated: 1 });
    const [alert] = await alertsOf(supervision, 'denied-burst');
    expect(alert!.entrySeqs).to.deep.equal([...seqs.eitDenied, ...more]);
    expect(alert!.lastSeq).to.equal(more.at(-1));
  });

  it('counts entries evaluated before in the window of new ones', async () => {
    await appendEach(clocked, instants('2026-11-16T12:00:00', 3, 10), { department: 'hk', outcome: 'denied', errorCode: 'FORBIDDEN' });
    expect(await supervision.evaluateAlerts(EVALUATED_AT)).to.include({ created: 0 });
    await appendEach(clocked, instants('2026-11-16T12:02:00', 2, 10), { department: 'hk', outcome: 'denied', errorCode: 'FORBIDDEN' });
    expect(await supervision.evaluateAlerts(EVALUATED_AT)).to.include({ created: 1 });
    const hk = (await alertsOf(supervision, 'denied-burst')).filter((a) => a.department === 'hk');
    expect(hk).to.have.length(1);
    expect(hk[0]!.entrySeqs).to.have.length(5);
  });

  it('opens a new alert for activity after the last one was acknowledged', async () => {
    const [open] = (await alertsOf(supervision, 'denied-burst')).filter((a) => a.department === 'eit');
    const acknowledged = await supervision.acknowledgeAlert(SUPERVISOR, open!.id);
    expect(acknowledged).to.include({ state: 'acknowledged', acknowledgedBy: SUPERVISOR.accountId });
    await appendEach(clocked, instants('2026-11-16T14:00:00', 5, 10), { department: 'eit', outcome: 'denied', errorCode: 'FORBIDDEN' });
    expect(await supervision.evaluateAlerts(EVALUATED_AT)).to.include({ created: 1, updated: 0 });
    const eit = (await alertsOf(supervision, 'denied-burst')).filter((a) => a.department === 'eit');
    expect(eit.map((a) => a.state).sort()).to.deep.equal(['acknowledged', 'open']);
    expect((await supervision.alerts(SUPERVISOR, { state: 'acknowledged' })).map((a) => a.id)).to.deep.equal([open!.id]);
  });

  it('refuses to acknowledge an alert twice, and one that does not exist', async () => {
    const [acknowledged] = await supervision.alerts(SUPERVISOR, { state: 'acknowledged' });
    let err: unknown;
    await supervision.acknowledgeAlert(SUPERVISOR, acknowledged!.id).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(ConflictError);
    await supervision.acknowledgeAlert(SUPERVISOR, 'no-such-alert').catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(NotFoundError);
  });
});

describeEngines('Alert evaluation by several processes', (ctx) => {
  it('evaluates each entry once when two evaluators run at the same time', async () => {
    const clocked = clockedLedger(ctx.db);
    for (const department of ['a1', 'a2', 'a3']) {
      await appendEach(clocked, instants('2026-11-16T10:00:00', 5, 10), { department, outcome: 'denied', errorCode: 'FORBIDDEN' });
    }
    const [one, two] = [supervisionOver(ctx.db), supervisionOver(ctx.db)];
    const results = await Promise.all([one.evaluateAlerts(EVALUATED_AT), two.evaluateAlerts(EVALUATED_AT)]);
    expect(results.reduce((n, r) => n + r.created, 0)).to.equal(3);
    expect(results.reduce((n, r) => n + r.updated, 0)).to.equal(0);
    expect((await one.alerts(SUPERVISOR)).map((a) => a.department).sort()).to.deep.equal(['a1', 'a2', 'a3']);
  });

  it('stays quiet on a quiet ledger', async () => {
    const clocked = clockedLedger(ctx.db);
    const supervision = supervisionOver(ctx.db);
    const before = (await supervision.alerts(SUPERVISOR)).length;
    await appendEach(clocked, instants('2026-11-18T10:00:00', 10, 600), { department: 'quiet', rowCount: 20 });
    await clocked.append(local('2026-11-18T15:00:00'), data({ department: 'quiet', action: 'verify', grantId: 'g-quiet' }), workflow());
    expect(await supervision.evaluateAlerts(EVALUATED_AT)).to.include({ created: 0, updated: 0 });
    expect(await supervision.alerts(SUPERVISOR)).to.have.length(before);
  });
});
