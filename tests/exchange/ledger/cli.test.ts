import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { describeEngines } from '../../support/engines.js';
import { Attacker, buildLedger, LEDGER_SECRET, restoreLedger, snapshotLedger, type LedgerSnapshot } from './fixtures.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../../bin/govshare.js', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('govshare audit --help', () => {
  for (const command of ['verify', 'checkpoint', 'archive', 'verify-archive']) {
    it(`describes audit ${command}`, async () => {
      const { stdout } = await run(process.execPath, [BIN, 'audit', command, '--help']);
      expect(stdout).to.include(`Usage: govshare audit ${command}`);
    });
  }
});

describeEngines('govshare audit', (ctx) => {
  let pristine: LedgerSnapshot;
  let dir: string;

  /** Runs the real `govshare` against the suite's database with the test ledger key; never throws. */
  function govshare(...args: string[]): Promise<Outcome> {
    const url = ctx.db.schema ? `${ctx.db.url}${ctx.db.url.includes('?') ? '&' : '?'}schema=${ctx.db.schema}` : ctx.db.url;
    const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', GOVSHARE_LEDGER_KEY: LEDGER_SECRET, GOVSHARE_DATA_DIR: dir };
    return run(process.execPath, [BIN, ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'govshare-audit-cli-'));
    await buildLedger(ctx.db, 300, 100);
    pristine = await snapshotLedger(ctx.db.knex);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await restoreLedger(ctx.db.knex, pristine);
  });

  it('audit verify exits 0 on an intact ledger and says what it checked', async () => {
    const { code, stdout } = await govshare('audit', 'verify');
    expect(code).to.equal(0);
    expect(stdout.trim()).to.equal(`ledger intact: 300 entries, head 300 ${pristine.head.hash}, 3 checkpoints`);
  });

  it('audit verify exits 1 naming the first changed entry', async () => {
    await new Attacker(ctx.db.knex).changeByte(150);
    const { code, stdout } = await govshare('audit', 'verify');
    expect(code).to.equal(1);
    expect(stdout).to.match(/^entry 150 was changed/);
  });

  it('audit verify exits 1 naming a removed entry', async () => {
    await new Attacker(ctx.db.knex).remove(42);
    const { code, stdout } = await govshare('audit', 'verify');
    expect([code, stdout.split(':')[0]]).to.deep.equal([1, 'entry 42 was removed']);
  });

  it('audit checkpoint --out exports the checkpoints that later catch a rewritten chain', async () => {
    const attacker = new Attacker(ctx.db.knex);
    await attacker.truncateFrom(281);
    await ctx.db.knex('ledger_checkpoints').where({ seq: 300 }).delete();
    await attacker.fixHead();
    const exported = join(dir, 'checkpoints.json');
    const signed = await govshare('audit', 'checkpoint', '--out', exported);
    expect(signed.code).to.equal(0);
    expect(signed.stdout).to.include('checkpoint 280 ');
    expect(JSON.parse(readFileSync(exported, 'utf8')).checkpoints.map((c: { seq: number }) => c.seq)).to.deep.equal([100, 200, 280]);
    await attacker.rewriteFrom(20, { purpose: '另作他用' });
    await ctx.db.knex('ledger_checkpoints').delete();
    expect((await govshare('audit', 'verify')).code).to.equal(0);
    const caught = await govshare('audit', 'verify', '--checkpoints', exported);
    expect(caught.code).to.equal(1);
    expect(caught.stdout).to.match(/^entry 100 was changed/);
  });

  it('audit checkpoint refuses to sign a tampered ledger', async () => {
    await new Attacker(ctx.db.knex).swap(10, 20);
    const { code, stdout } = await govshare('audit', 'checkpoint');
    expect(code).to.equal(1);
    expect(stdout).to.include('not signing: entry 10 was reordered');
  });

  it('audit archive writes sealed archives that audit verify-archive checks, link included', async () => {
    const first = join(dir, 'ledger-0001.jsonl');
    const second = join(dir, 'ledger-0002.jsonl');
    const archived = await govshare('audit', 'archive', '--through', '100', '--out', first);
    expect(archived.code).to.equal(0);
    expect(archived.stdout).to.include('archived entries 1–100');
    expect((await govshare('audit', 'archive', '--through', '250', '--out', second)).code).to.equal(0);
    const verified = await govshare('audit', 'verify-archive', second, '--previous', first);
    expect(verified.code).to.equal(0);
    expect(verified.stdout).to.include('archive intact: entries 101–250');
    writeFileSync(first, readFileSync(first, 'utf8').replace('"rowCount":2', '"rowCount":3'));
    const broken = await govshare('audit', 'verify-archive', first);
    expect(broken.code).to.equal(1);
    expect(broken.stdout).to.match(/^line \d+: entry \d+ was changed/);
    expect((await govshare('audit', 'verify-archive', second, '--previous', first)).code).to.equal(1);
  });

  it('audit archive rejects a bad range with a clear message', async () => {
    const { code, stderr } = await govshare('audit', 'archive', '--through', '999', '--out', join(dir, 'never.jsonl'));
    expect(code).to.equal(1);
    expect(stderr).to.include('the ledger ends at entry 300');
  });
});
