import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Accounts, TokenService } from '../../../exchange/index.js';
import type { Config } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { childAuthEnv, putDemoDepartments, removeTempDirs, testConfig } from './fixtures.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../../bin/govshare.js', import.meta.url));

after(removeTempDirs);

describe('govshare token and account --help', () => {
  for (const command of [['token'], ['account', 'create'], ['account', 'list']]) {
    it(`describes ${command.join(' ')}`, async () => {
      const { stdout } = await run(process.execPath, [BIN, ...command, '--help']);
      expect(stdout).to.include(`Usage: govshare ${command.join(' ')}`);
    });
  }
});

describeEngines('govshare token and account', (ctx) => {
  let config: Config;

  /** Runs the real `govshare` against the suite's database, with this suite's keys. */
  function govshare(...args: string[]) {
    const url = ctx.db.schema ? `${ctx.db.url}${ctx.db.url.includes('?') ? '&' : '?'}schema=${ctx.db.schema}` : ctx.db.url;
    return run(process.execPath, [BIN, ...args], { env: { ...process.env, ...childAuthEnv(config), DATABASE_URL: url, LOG_LEVEL: 'silent' } });
  }

  async function failure(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return govshare(...args).then(
      () => expect.fail('expected a non-zero exit'),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  }

  before(async () => {
    await putDemoDepartments(ctx.db);
    config = testConfig(); // HS256 with a development secret in a fresh data directory
  });

  it('account create prints the client id and a generated secret that authenticates, and stores only its hash', async () => {
    const { stdout, stderr } = await govshare('account', 'create', '--department', 'hrss', '--client-id', 'hrss-analyst', '--name', '社保分析员', '--roles', 'consumer,approver', '--kind', 'person');
    const secret = /^client_secret: (\S+)$/m.exec(stdout)?.[1];
    expect(stdout).to.match(/^client_id: hrss-analyst$/m);
    expect(secret).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(stderr).to.include('shown only this once');
    const account = await new Accounts(ctx.db).authenticate('hrss-analyst', secret!);
    expect(account).to.include({ kind: 'person', department: 'hrss', name: '社保分析员' });
    expect(account.roles).to.deep.equal(['consumer', 'approver']);
    const row = await ctx.db.knex('accounts').where({ client_id: 'hrss-analyst' }).first();
    expect(JSON.stringify(row)).to.not.include(secret!);
  });

  it('account create takes a given secret and defaults to a service account', async () => {
    const { stdout } = await govshare('account', 'create', '--department', 'edu', '--client-id', 'edu-batch', '--name', '学籍批量核验', '--roles', 'consumer', '--secret', 'edu-batch-secret-1');
    expect(stdout).to.include('client_secret: edu-batch-secret-1');
    expect((await new Accounts(ctx.db).authenticate('edu-batch', 'edu-batch-secret-1')).kind).to.equal('service');
  });

  it('account create names every bad option and exits non-zero', async () => {
    const e = await failure('account', 'create', '--department', 'nope', '--client-id', 'X', '--name', 'n', '--roles', 'consumer,root');
    expect(e.code).to.equal(1);
    expect(e.stderr).to.include('clientId').and.include('"root"').and.include('"nope"');
  });

  it('account list shows one department’s accounts without secrets', async () => {
    const { stdout } = await govshare('account', 'list', '--department', 'hrss');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).to.match(/^CLIENT ID\s+KIND\s+DEPARTMENT\s+ROLES\s+STATUS\s+NAME$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 5))).to.deep.equal([['hrss-analyst', 'person', 'hrss', 'consumer,approver', 'enabled']]);
    expect(stdout).to.not.include('argon2');
  });

  it('token prints a JWT for the account that the server’s key verifies', async () => {
    const { stdout } = await govshare('token', '--client', 'hrss-analyst');
    const token = stdout.trim();
    expect(token.split('.')).to.have.length(3);
    const principal = new TokenService(config.auth, { dataDir: config.dataDir }).verify(token);
    expect(principal).to.include({ clientId: 'hrss-analyst', department: 'hrss' });
    expect(principal.roles).to.deep.equal(['consumer', 'approver']);
  });

  it('token refuses an unknown or disabled account with a non-zero exit', async () => {
    expect((await failure('token', '--client', 'nobody-here')).stderr).to.include('account "nobody-here" not found');
    await new Accounts(ctx.db).disable('edu-batch');
    expect((await failure('token', '--client', 'edu-batch')).stderr).to.include('account is disabled');
  });

  it('token refuses to run in production without a configured HS256 secret', async () => {
    const production = { ...config, nodeEnv: 'production' };
    const e = await run(process.execPath, [BIN, 'token', '--client', 'hrss-analyst'], { env: { ...process.env, ...childAuthEnv(production), DATABASE_URL: 'sqlite:/nonexistent/never-opened.sqlite' } }).then(
      () => expect.fail('expected a non-zero exit'),
      (err: { code: number; stderr: string }) => err,
    );
    expect(e.code).to.equal(1);
    expect(e.stderr).to.include('GOVSHARE_JWT_SECRET');
  });
});
