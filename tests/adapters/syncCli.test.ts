import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { positionedRowsSource } from '../../adapters/index.js';
import { describeEngines, type TestDatabase } from '../support/engines.js';
import { count, persons, syncWorld, type SyncWorld } from './syncSupport.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/govshare.js', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `govshare` command against the suite's database; never throws on a non-zero exit. */
async function govshare(db: TestDatabase, ...args: string[]): Promise<Outcome> {
  const databaseUrl = db.schema ? `${db.url}${db.url.includes('?') ? '&' : '?'}schema=${db.schema}` : db.url;
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describeEngines('govshare source and sync', (ctx) => {
  let w: SyncWorld;
  const dir = mkdtempSync(join(tmpdir(), 'govshare-cli-sync-'));

  before(async () => {
    w = await syncWorld(ctx.db);
  });

  it('binds a resource by apiName with options and shows it', async () => {
    const set = await govshare(ctx.db, 'source', 'set', 'person', '--kind', 'csv', '--location', '/data/psb/persons.csv', '--option', 'encoding=gbk', '--option', 'delimiter=tab', '--mode', 'upsert', '--max-quarantine', '0.2');
    expect(set.code, set.stderr).to.equal(0);
    expect(set.stdout).to.include('bound 101001/000001 to its csv source (upsert sync)');
    const shown = JSON.parse((await govshare(ctx.db, 'source', 'show', '101001/000001')).stdout);
    expect(shown).to.deep.include({ resource: '101001/000001', kind: 'csv', mode: 'upsert', maxQuarantineShare: 0.2, options: { encoding: 'gbk', delimiter: '\t' } });
  });

  it('never prints a binding\'s secrets', async () => {
    const set = await govshare(ctx.db, 'source', 'set', 'licence', '--kind', 'rest', '--location', 'https://svc:pa55word@api.example/licences', '--option', 'headers.Authorization=Bearer tok3n', '--option', 'paging.type=page', '--option', 'paging.size=50');
    expect(set.code, set.stderr).to.equal(0);
    const show = await govshare(ctx.db, 'source', 'show', 'licence');
    const list = await govshare(ctx.db, 'source', 'list');
    for (const out of [set.stdout, show.stdout, list.stdout]) expect(out).not.to.match(/pa55word|tok3n/);
    expect(JSON.parse(show.stdout).options).to.deep.equal({ headers: { Authorization: '***' }, paging: { type: 'page', size: 50 } });
    expect(list.stdout.split('\n')[0]).to.match(/^RESOURCE\s+KIND\s+MODE\s+SCHEDULE\s+LOCATION$/);
    expect(list.stdout).to.include('https://svc:***@api.example/licences');
    expect((await w.bindings.get('licence')).location, 'the secret itself is kept').to.include('pa55word');
  });

  it('refuses a bad binding with exit code 1, naming each bad field', async () => {
    const bad = await govshare(ctx.db, 'source', 'set', 'person', '--kind', 'csv', '--location', 'x.csv', '--option', 'sheet=S1', '--option', 'encoding=latin1');
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('options.sheet is not an option of csv sources');
    expect(bad.stderr).to.include('options.encoding must be one of utf-8, gbk, gb18030');
    const share = await govshare(ctx.db, 'source', 'set', 'person', '--kind', 'csv', '--location', 'x.csv', '--max-quarantine', '5');
    expect(share.code).to.equal(1);
    expect(share.stderr).to.include('must be a share from 0 to 1');
    expect((await w.bindings.get('person')).options, 'the binding is unchanged').to.deep.equal({ encoding: 'gbk', delimiter: '\t' });
  });

  it('refuses to sync an unknown or unbound resource, or nothing, with exit code 1', async () => {
    expect(await govshare(ctx.db, 'sync', 'noSuchThing')).to.deep.include({ code: 1 });
    const unbound = await govshare(ctx.db, 'sync', 'legalEntity');
    expect(unbound.code).to.equal(1);
    expect(unbound.stderr).to.include('has no source binding');
    expect((await govshare(ctx.db, 'sync')).stderr).to.include('give one resource, or --all');
  });

  it('reports a failed run in the table and exits 1 naming why', async () => {
    await w.bindings.set({ resource: 'person', kind: 'csv', location: join(dir, 'missing.csv') });
    const failed = await govshare(ctx.db, 'sync', 'person');
    expect(failed.code).to.equal(1);
    expect(failed.stdout).to.match(/^RUN\s+RESOURCE\s+MODE\s+STATUS\s+READ/);
    expect(failed.stdout).to.match(/101001\/000001\s+full\s+failed/);
    expect(failed.stderr).to.match(/govshare: sync of 101001\/000001 failed \(run \d+\): .+/);
  });

  it('prints a run\'s quarantined rows and the run history', async () => {
    const rows = persons(12, 50).map((values, i) => ({ position: i + 2, values: i === 3 ? { ...values, birthDate: '2023-02-29' } : values }));
    const report = await w.runner.run('person', { source: positionedRowsSource(rows) });
    const out = await govshare(ctx.db, 'sync', 'quarantine', String(report.id));
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout.split('\n').slice(0, 2).map((l) => l.split(/\s{2,}/))).to.deep.equal([['POSITION', 'FIELD', 'REASON'], ['5', 'birthDate', 'not a calendar date (that day does not exist in that month)']]);
    const runs = await govshare(ctx.db, 'sync', 'runs', 'person', '--limit', '2');
    expect(runs.stdout).to.match(new RegExp(`^${report.id}\\s+101001/000001\\s+full\\s+succeeded\\s+12\\s+11\\s`, 'm'));
  });

  it('syncs a bound CSV file and prints the report', async () => {
    const file = join(dir, 'persons.csv');
    const people = persons(30, 100);
    writeFileSync(file, [Object.keys(people[0]!).join(','), ...people.map((p) => Object.values(p).join(','))].join('\n'));
    expect((await govshare(ctx.db, 'source', 'set', 'person', '--kind', 'csv', '--location', file)).code).to.equal(0);
    const synced = await govshare(ctx.db, 'sync', 'person');
    expect(synced.code, synced.stderr).to.equal(0);
    expect(synced.stdout).to.match(/101001\/000001\s+full\s+succeeded\s+30\s+30\s/);
    expect(await count(ctx.db, 'data_person')).to.equal(30);
  });
});
