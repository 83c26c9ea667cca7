import { hostname } from 'node:os';
import { expect } from 'chai';
import { CYCLE_INTERVAL_MS, dueResources, rowsSource, startSyncScheduler, SyncRunner } from '../../adapters/index.js';
import { silentLogger } from '../support/server.js';
import { describeEngines } from '../support/engines.js';
import { bindPerson, count, persons, syncWorld, type SyncWorld } from './syncSupport.js';

const HOUR = 3_600_000;

describeEngines('sync scheduler', (ctx) => {
  let w: SyncWorld;
  let runner: SyncRunner;
  const opened: string[] = [];

  before(async () => {
    w = await syncWorld(ctx.db);
    // The scheduler reads each binding's own source; here every source is generated persons.
    runner = new SyncRunner(ctx.db, w.catalog, w.bindings, {
      openSource: (binding) => {
        opened.push(binding.resource);
        return rowsSource(persons(20));
      },
    });
  });

  it('maps update cycles to intervals, and never schedules irregular resources', () => {
    expect(CYCLE_INTERVAL_MS['real-time']).to.equal(5 * 60_000);
    expect(CYCLE_INTERVAL_MS.daily).to.equal(24 * HOUR);
    expect(CYCLE_INTERVAL_MS.irregular).to.equal(null);
  });

  it('finds a bound resource never synced due, and not again until its cycle has passed', async () => {
    await bindPerson(w.bindings);
    const now = new Date();
    expect(await dueResources(runner, w.bindings, w.catalog, now)).to.deep.equal(['101001/000001']);
    expect((await runner.run('person')).status).to.equal('succeeded');
    expect(await dueResources(runner, w.bindings, w.catalog, new Date(now.getTime() + 23 * HOUR))).to.deep.equal([]);
    expect(await dueResources(runner, w.bindings, w.catalog, new Date(now.getTime() + 25 * HOUR))).to.deep.equal(['101001/000001']);
  });

  it('follows a binding\'s own schedule, and 0 turns scheduling off', async () => {
    await bindPerson(w.bindings, { scheduleMinutes: 10 });
    const now = Date.now();
    expect(await dueResources(runner, w.bindings, w.catalog, new Date(now + 11 * 60_000))).to.deep.equal(['101001/000001']);
    await bindPerson(w.bindings, { scheduleMinutes: 0 });
    expect(await dueResources(runner, w.bindings, w.catalog, new Date(now + 1000 * HOUR))).to.deep.equal([]);
  });

  it('leaves live bindings alone', async () => {
    await w.bindings.set({ resource: 'licence', kind: 'sql', location: 'sqlite:/tmp/none.sqlite', options: { table: 'licences' }, live: true });
    expect(await dueResources(runner, w.bindings, w.catalog, new Date(Date.now() + 1000 * HOUR))).to.deep.equal([]);
    await w.bindings.remove('licence');
  });

  it('waits before retrying a failed run', async () => {
    await bindPerson(w.bindings, { scheduleMinutes: 60 });
    const failed = await new SyncRunner(ctx.db, w.catalog, w.bindings, { openSource: () => rowsSource([{ nonsense: 'x' }]) }).run('person');
    expect(failed.status).to.equal('failed');
    const started = new Date(failed.startedAt).getTime();
    const later = (minutes: number) => new Date(started + minutes * 60_000);
    await ctx.db.knex('resources').where({ code: '101001/000001' }).update({ last_synced_at: new Date(started - 2 * HOUR).toISOString() });
    expect(await dueResources(runner, w.bindings, w.catalog, later(10))).to.deep.equal([]);
    expect(await dueResources(runner, w.bindings, w.catalog, later(31))).to.deep.equal(['101001/000001']);
  });

  it('runs what is due on its timer, skips a resource another process is syncing, and stops', async () => {
    await bindPerson(w.bindings);
    await ctx.db.knex('resources').where({ code: '101001/000001' }).update({ last_synced_at: null });
    // Earlier failed runs are an hour old, so they hold no retry back.
    const hourAgo = new Date(Date.now() - HOUR).toISOString();
    await ctx.db.knex('adapter_runs').update({ started_at: hourAgo });
    const [{ id: other }] = await ctx.db.knex('adapter_runs')
      .insert({ resource: '101001/000001', mode: 'full', status: 'running', host: `${hostname()}-other`, pid: 1, heartbeat_at: new Date().toISOString(), started_at: hourAgo })
      .returning('id');
    opened.length = 0;
    const stop = startSyncScheduler(runner, w.bindings, w.catalog, { logger: silentLogger, intervalMs: 20 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(opened, 'no run while another holds the lock').to.deep.equal([]);
      await ctx.db.knex('adapter_runs').where({ id: other }).update({ status: 'failed' });
      const deadline = Date.now() + 10_000;
      while (!(await runner.runs('person', 1))[0]?.status.startsWith('succ') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await stop();
    }
    expect((await runner.runs('person', 1))[0]!.status).to.equal('succeeded');
    expect(opened.length, 'one run, not stacked').to.equal(1);
    expect(await count(ctx.db, 'data_person')).to.equal(20);
  });
});
