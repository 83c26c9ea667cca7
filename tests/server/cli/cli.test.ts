import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { describeEngines } from '../../support/engines.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../../bin/govshare.js', import.meta.url));

/** Runs the real `govshare` command against the suite's database. */
function govshare(url: string, schema: string | undefined, ...args: string[]) {
  const databaseUrl = schema ? `${url}${url.includes('?') ? '&' : '?'}schema=${schema}` : url;
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } });
}

describe('govshare --help', () => {
  for (const command of ['serve', 'migrate', 'demo']) {
    it(`describes ${command}`, async () => {
      const { stdout } = await run(process.execPath, [BIN, command, '--help']);
      expect(stdout).to.include(`Usage: govshare ${command}`);
    });
  }

  it('rejects a non-numeric --persons with a clear message and a non-zero exit', async () => {
    const failure = await run(process.execPath, [BIN, 'demo', '--persons', 'many']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).to.equal(1);
    expect(failure?.stderr).to.include('must be a non-negative integer');
  });
});

describeEngines('govshare migrate and demo', (ctx) => {
  it('migrates, reports the schema up to date, rolls back and migrates again', async () => {
    // The suite's database is already migrated by the harness.
    expect((await govshare(ctx.db.url, ctx.db.schema, 'migrate')).stdout).to.include('up to date');
    const down = await govshare(ctx.db.url, ctx.db.schema, 'migrate', '--down');
    expect(down.stdout).to.include('rolled back');
    const tables = await ctx.db.dialect.listTables(ctx.db.knex);
    expect(tables.filter((t) => !t.startsWith('govshare_migrations'))).to.deep.equal([]);
    expect((await govshare(ctx.db.url, ctx.db.schema, 'migrate')).stdout).to.include('applied');
  });

  it('loads the demo world with the requested size and seed', async () => {
    const { stdout } = await govshare(ctx.db.url, ctx.db.schema, 'demo', '--persons', '400', '--seed', '3');
    const summary = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(summary.counts.person).to.equal(400);
    expect(summary.seed).to.equal(3);
    const [{ n }] = await ctx.db.knex('data_person').count({ n: '*' });
    expect(Number(n)).to.equal(400);
  });
});

describeEngines('govshare serve', (ctx) => {
  it('names a port in use and exits 1, leaving nothing running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const failure = await govshare(ctx.db.url, ctx.db.schema, 'serve', '--no-demo', '--port', String(port)).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failure?.code).to.equal(1);
      expect(failure?.stderr.trim()).to.equal(`govshare: port ${port} is already in use: stop what listens there, or choose another port (PORT or --port)`);
    } finally {
      blocker.close();
    }
  });
});
