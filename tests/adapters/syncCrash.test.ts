import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { csvSource, rowsSource } from '../../adapters/index.js';
import { stagingTableName } from '../../catalog/index.js';
import { describeEngines, type TestDatabase } from '../support/engines.js';
import { bindPerson, byKey, moved, personRecords, syncWorld, tableRows, type SyncWorld } from './syncSupport.js';

const SCRIPT = fileURLToPath(new URL('./crashSync.js', import.meta.url));

function urlOf(db: TestDatabase): string {
  return db.schema ? `${db.url}${db.url.includes('?') ? '&' : '?'}schema=${db.schema}` : db.url;
}

/**
 * Starts the crash script and SIGKILLs it as soon as its run row satisfies `when`; returns that row.
 * Fails if the run ends first.
 */
async function killWhen(db: TestDatabase, args: string[], when: (run: Record<string, unknown>) => boolean) {
  const child = spawn(process.execPath, [SCRIPT, urlOf(db), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the sync ended (exit ${child.exitCode}) before it could be killed`);
      const run = await db.knex('adapter_runs').where({ status: 'running' }).first();
      if (run && when(run)) {
        child.kill('SIGKILL');
        await exited;
        return run;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * How many leading source rows the live table holds in their new version; fails unless none past
 * them was merged (chunks follow source order, so a killed merge leaves a prefix).
 */
function mergedPrefix(live: Awaited<ReturnType<typeof tableRows>>, next: ReturnType<typeof byKey>): number {
  const byId = new Map(live.map((r) => [r.idNumber, r]));
  const applied = next.map((r) => byId.get(r.idNumber)?.address === r.address);
  const merged = applied.indexOf(false) === -1 ? next.length : applied.indexOf(false);
  expect(applied.slice(merged).every((a) => !a), 'nothing merged past the last whole chunk').to.equal(true);
  return merged;
}

describeEngines('SyncRunner crash safety (kill -9 mid-run)', (ctx) => {
  let w: SyncWorld;
  const original = [...personRecords(2000)];

  before(async () => {
    w = await syncWorld(ctx.db);
    await bindPerson(w.bindings, { maxQuarantineShare: 0 });
  });

  beforeEach(async () => {
    expect((await w.runner.run('person', { mode: 'full', source: rowsSource(original) })).status).to.equal('succeeded');
  });

  it('full: a killed run leaves the live data as it was; running again loads exactly the new rows', async () => {
    const rows = 40_000;
    const killed = await killWhen(ctx.db, ['full', String(rows), '2000', '1000'], (run) => Number(run.read) >= 10_000);
    expect(Number(killed.read)).to.be.lessThan(rows);
    expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey(original));
    expect(await ctx.db.knex.schema.hasTable(stagingTableName('person')), 'the killed run left its staging table').to.equal(true);

    const again = await w.runner.run('person', { mode: 'full', source: rowsSource(() => personRecords(rows, 0, moved)) });
    expect(again).to.deep.include({ status: 'succeeded', read: rows, loaded: rows, quarantined: 0 });
    expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey([...personRecords(rows, 0, moved)]));
    const old = await ctx.db.knex('adapter_runs').where({ id: killed.id }).first();
    expect(old.status).to.equal('failed');
    expect(old.error).to.match(/^interrupted: its process .* is gone$/);
  });

  it('upsert: a run killed mid-merge leaves whole chunks applied; running again completes it exactly', async () => {
    const rows = 12_000;
    const chunk = 300;
    const killed = await killWhen(ctx.db, ['upsert', String(rows), '4000', String(chunk)], (run) => Number(run.loaded) + Number(run.updated) + Number(run.unchanged) > 0);
    // Each source row i is the moved version of person i; staging chunks follow source order.
    const rowsNow = await tableRows(ctx.db, w.person);
    const live = new Map(rowsNow.map((r) => [r.idNumber, r]));
    const next = [...personRecords(rows, 0, moved)];
    const merged = mergedPrefix(rowsNow, next);
    expect(merged, 'rows merged before the kill').to.be.greaterThan(0);
    expect(merged % chunk, 'only whole chunks').to.equal(0);
    next.slice(merged).forEach((r, i) => {
      const at = merged + i;
      if (at < original.length) expect(live.get(r.idNumber)).to.deep.equal(original[at]);
      else expect(live.has(r.idNumber)).to.equal(false);
    });
    expect(live.size).to.equal(Math.max(original.length, merged));
    expect(Number(killed.loaded) + Number(killed.updated) + Number(killed.unchanged)).to.be.at.most(merged);

    const again = await w.runner.run('person', { mode: 'upsert', source: rowsSource(() => personRecords(rows, 0, moved)) });
    expect(again).to.deep.include({ status: 'succeeded', read: rows, unchanged: merged, quarantined: 0 });
    expect(again.loaded + again.updated).to.equal(rows - merged);
    expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey(next));
  });

  describe('from a large generated CSV file', () => {
    const rows = 150_000;
    let dir: string;
    let file: string;
    const next = () => personRecords(rows, 0, moved);

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'govshare-crash-'));
      file = join(dir, 'persons.csv');
      const columns = Object.keys(personRecords(1).next().value!);
      const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      const lines = [columns.join(',')];
      for (const r of next()) lines.push(columns.map((c) => quote(String(r[c] ?? ''))).join(','));
      writeFileSync(file, `${lines.join('\n')}\n`);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('full: killed mid-load, the live data is as it was; the re-run loads the file exactly', async () => {
      const killed = await killWhen(ctx.db, ['full', String(rows), '5000', '5000', file], (run) => Number(run.read) >= 20_000);
      expect(Number(killed.read)).to.be.lessThan(rows);
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey(original));
      const again = await w.runner.run('person', { mode: 'full', source: csvSource(file) });
      expect(again).to.deep.include({ status: 'succeeded', read: rows, loaded: rows, quarantined: 0 });
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey([...next()]));
    });

    it('upsert: killed mid-merge, whole chunks only; the re-run completes it with no duplicate and nothing missing', async () => {
      const killed = await killWhen(ctx.db, ['upsert', String(rows), '10000', '500', file], (run) => Number(run.loaded) + Number(run.updated) + Number(run.unchanged) > 0);
      expect(Number(killed.read)).to.equal(rows);
      const merged = mergedPrefix(await tableRows(ctx.db, w.person), [...next()]);
      expect(merged, 'rows merged before the kill').to.be.greaterThan(0);
      expect(merged % 500, 'only whole chunks').to.equal(0);
      const again = await w.runner.run('person', { mode: 'upsert', source: csvSource(file) });
      expect(again).to.deep.include({ status: 'succeeded', read: rows, quarantined: 0 });
      expect(again.loaded + again.updated + again.unchanged).to.equal(rows);
      expect(await tableRows(ctx.db, w.person)).to.deep.equal(byKey([...next()]));
    });
  });
});
