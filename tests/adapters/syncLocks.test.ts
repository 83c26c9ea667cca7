import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { expect } from 'chai';
import { rowsSource, type SourceAdapter } from '../../adapters/index.js';
import { dataTableName, stagingTableName } from '../../catalog/index.js';
import { ConflictError, openDatabase } from '../../shared/index.js';
import { rejection } from '../catalog/fixtures.js';
import { describeEngines } from '../support/engines.js';
import { bindPerson, count, persons, syncWorld, tableRows, type Record, type SyncWorld } from './syncSupport.js';

/** A source that stops after `after` rows until `open()` is called; `reached` resolves when it stops. */
function gatedSource(rows: Record[], after: number): { source: SourceAdapter; open: () => void; reached: Promise<void> } {
  let open!: () => void;
  let reach!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (reach = resolve));
  async function* generate() {
    for (const [i, row] of rows.entries()) {
      if (i === after) {
        reach();
        await gate;
      }
      yield row;
    }
  }
  return { source: rowsSource(generate, { columns: Object.keys(rows[0]!) }), open, reached };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEngines('SyncRunner locks and crash recovery', (ctx) => {
  let w: SyncWorld;
  const code = '101001/000001';
  const table = dataTableName('person');

  before(async () => {
    w = await syncWorld(ctx.db, { commitRows: 10, batchSize: 5, heartbeatMs: 25 });
    await bindPerson(w.bindings);
    await w.runner.run('person', { source: rowsSource(persons(50)) });
  });

  it('refuses a second run of the same resource while one runs, naming it', async () => {
    const gated = gatedSource(persons(40, 100), 30);
    const first = w.runner.run('person', { source: gated.source });
    await gated.reached;
    const running = (await w.runner.runs('person', 1))[0]!;
    const err = await rejection(w.runner.run('person', { source: rowsSource(persons(5, 200)) }), ConflictError);
    expect(err.message).to.match(new RegExp(`already being synced by run ${running.id} \\(${hostname()}:${process.pid}:${running.id}\\)`));
    gated.open();
    expect((await first).status).to.equal('succeeded');
    expect(await count(ctx.db, table)).to.equal(40);
  });

  it('keeps its heartbeat and progress fresh while it runs', async () => {
    const gated = gatedSource(persons(40, 100), 30);
    const run = w.runner.run('person', { source: gated.source });
    await gated.reached;
    const before = await ctx.db.knex('adapter_runs').where({ status: 'running' }).first();
    await sleep(150);
    const after = await ctx.db.knex('adapter_runs').where({ status: 'running' }).first();
    expect(Number(before.read)).to.be.greaterThan(0);
    expect(new Date(after.heartbeat_at).getTime()).to.be.greaterThan(new Date(before.heartbeat_at).getTime());
    gated.open();
    await run;
  });

  it('stops, leaving the live data, when another run took its lock over', async () => {
    const before = await tableRows(ctx.db, w.person);
    const gated = gatedSource(persons(40, 300), 30);
    const run = w.runner.run('person', { source: gated.source });
    await gated.reached;
    await ctx.db.knex('adapter_runs').where({ status: 'running' }).update({ status: 'failed', error: 'interrupted: taken over in a test' });
    await sleep(150);
    gated.open();
    const report = await run;
    expect(report).to.deep.include({ status: 'failed', error: 'interrupted: taken over in a test' });
    expect(await tableRows(ctx.db, w.person)).to.deep.equal(before);
  });

  it('stops when its signal is aborted, and the next run proceeds', async () => {
    const before = await tableRows(ctx.db, w.person);
    const gated = gatedSource(persons(40, 300), 30);
    const controller = new AbortController();
    const run = w.runner.run('person', { source: gated.source, signal: controller.signal });
    await gated.reached;
    controller.abort();
    gated.open();
    expect(await run).to.deep.include({ status: 'failed', error: 'aborted' });
    expect(await tableRows(ctx.db, w.person)).to.deep.equal(before);
    expect((await w.runner.run('person', { source: rowsSource(persons(40, 100)) })).status).to.equal('succeeded');
  });

  it('takes over the lock of a run whose process is gone, marking it interrupted and dropping its staging table', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const at = new Date().toISOString();
    const [{ id }] = await ctx.db.knex('adapter_runs').insert({ resource: code, mode: 'full', status: 'running', host: hostname(), pid: dead, heartbeat_at: at, started_at: at }).returning('id');
    await ctx.db.knex.schema.createTable(stagingTableName('person'), (t) => t.integer('leftover'));
    const report = await w.runner.run('person', { source: rowsSource(persons(30, 400)) });
    expect(report.status).to.equal('succeeded');
    const old = await ctx.db.knex('adapter_runs').where({ id }).first();
    expect(old.status).to.equal('failed');
    expect(old.error).to.equal(`interrupted: its process ${hostname()}:${dead}:${id} is gone`);
    expect(await ctx.db.knex.schema.hasTable(stagingTableName('person'))).to.equal(false);
    expect(await count(ctx.db, table)).to.equal(30);
  });

  it('takes over a lock whose heartbeat is older than two minutes, and respects a fresh one', async () => {
    const stale = new Date(Date.now() - 3 * 60_000).toISOString();
    const [{ id }] = await ctx.db.knex('adapter_runs').insert({ resource: code, mode: 'full', status: 'running', host: 'elsewhere.example', pid: 1, heartbeat_at: stale, started_at: stale }).returning('id');
    expect((await w.runner.run('person', { source: rowsSource(persons(30, 400)) })).status).to.equal('succeeded');
    expect((await ctx.db.knex('adapter_runs').where({ id }).first()).error).to.match(/^interrupted: elsewhere\.example:1:\d+ sent no heartbeat for 18\d s$/);

    const fresh = new Date().toISOString();
    const [{ id: live }] = await ctx.db.knex('adapter_runs').insert({ resource: code, mode: 'full', status: 'running', host: 'elsewhere.example', pid: 1, heartbeat_at: fresh, started_at: fresh }).returning('id');
    const err = await rejection(w.runner.run('person', { source: rowsSource(persons(3)) }), ConflictError);
    expect(err.message).to.include(`run ${live} (elsewhere.example:1:${live})`);
    await ctx.db.knex('adapter_runs').where({ id: live }).update({ status: 'failed' });
  });

  it('lets readers on another connection see the old rows or the new ones, never a half-loaded table', async () => {
    const reader = await openDatabase(ctx.db.url, { schema: ctx.db.schema, poolMax: 1 });
    try {
      await w.runner.run('person', { source: rowsSource(persons(50, 1000)) });
      const rows = persons(1500, 2000);
      async function* slowly() {
        for (const [i, row] of rows.entries()) {
          if (i % 50 === 0) await sleep(1);
          yield row;
        }
      }
      let done = false;
      const seen: number[] = [];
      const polling = (async () => {
        while (!done) {
          const [{ n }] = await reader.knex(table).count({ n: '*' });
          seen.push(Number(n));
        }
      })();
      const report = await w.runner.run('person', { source: rowsSource(slowly, { columns: Object.keys(rows[0]!) }) });
      done = true;
      await polling;
      expect(report.status).to.equal('succeeded');
      expect(seen.length, 'reads during the run').to.be.greaterThan(5);
      expect([...new Set(seen)].filter((n) => n !== 50 && n !== 1500), 'counts other than old or new').to.deep.equal([]);
      const [{ n }] = await reader.knex(table).count({ n: '*' });
      expect(Number(n)).to.equal(1500);
    } finally {
      await reader.knex.destroy();
    }
  });
});
