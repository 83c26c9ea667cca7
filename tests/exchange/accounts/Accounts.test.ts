import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { Accounts, type NewAccount } from '../../../exchange/index.js';
import { ConflictError, InputError, NotFoundError, UnauthenticatedError } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { putDemoDepartments } from './fixtures.js';

const NOW = new Date('2026-03-02T08:00:00.000Z');

function input(clientId: string, extra: Partial<NewAccount> = {}): NewAccount {
  return { clientId, kind: 'service', department: 'hrss', name: '社保核验服务', roles: ['consumer'], ...extra };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (err: Error) => err,
  );
}

describeEngines('accounts', (ctx) => {
  let accounts: Accounts;
  before(async () => {
    await putDemoDepartments(ctx.db);
    accounts = new Accounts(ctx.db, { now: () => NOW });
  });

  it('creates an account with a generated strong secret that authenticates it', async () => {
    const { account, secret } = await accounts.create(input('hrss-gen'));
    expect(secret).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(account).to.include({ clientId: 'hrss-gen', kind: 'service', department: 'hrss', disabled: false, createdAt: NOW.toISOString() });
    const authenticated = await accounts.authenticate('hrss-gen', secret);
    expect(authenticated).to.deep.equal(account);
  });

  it('keeps a given secret and two accounts never share a generated one', async () => {
    const a = await accounts.create(input('hrss-given', { secret: 'correct-horse-battery' }));
    expect(a.secret).to.equal('correct-horse-battery');
    expect((await accounts.authenticate('hrss-given', 'correct-horse-battery')).clientId).to.equal('hrss-given');
    const b = await accounts.create(input('hrss-gen-2'));
    const c = await accounts.create(input('hrss-gen-3'));
    expect(b.secret).to.not.equal(c.secret);
  });

  it('stores an argon2id hash and never the secret itself', async () => {
    const secret = 'never-in-the-database-42';
    await accounts.create(input('hrss-hash', { secret }));
    const row = await ctx.db.knex('accounts').where({ client_id: 'hrss-hash' }).first();
    expect(row.secret_hash).to.match(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(JSON.stringify(row)).to.not.include(secret);
    // Two accounts with the same secret get different salts.
    await accounts.create(input('hrss-hash-2', { secret }));
    const other = await ctx.db.knex('accounts').where({ client_id: 'hrss-hash-2' }).first();
    expect(other.secret_hash).to.not.equal(row.secret_hash);
  });

  it('answers a wrong secret, an unknown client and a disabled account with the same error', async () => {
    await accounts.create(input('hrss-same', { secret: 'the-right-secret' }));
    await accounts.create(input('hrss-off', { secret: 'the-right-secret' }));
    await accounts.disable('hrss-off');
    const errors = [
      await failure(accounts.authenticate('hrss-same', 'the-wrong-secret')),
      await failure(accounts.authenticate('nobody-here', 'the-right-secret')),
      await failure(accounts.authenticate('hrss-off', 'the-right-secret')),
      await failure(accounts.authenticate('NOT A CLIENT ID', '')),
    ];
    for (const err of errors) {
      expect(err).to.be.instanceOf(UnauthenticatedError);
      expect(err.message).to.equal('invalid client credentials');
    }
  });

  it('takes about as long for an unknown client as for a wrong secret', async () => {
    await accounts.create(input('hrss-timing', { secret: 'the-right-secret' }));
    const median = async (clientId: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await accounts.authenticate(clientId, 'the-wrong-secret').catch(() => undefined);
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    const known = await median('hrss-timing');
    const unknown = await median('hrss-nobody');
    // Without the dummy verification an unknown client answers in well under a millisecond.
    expect(unknown).to.be.above(known * 0.4);
  });

  it('refuses a duplicate client id with a conflict and leaves the first account working', async () => {
    await accounts.create(input('hrss-dup', { secret: 'first-secret-123' }));
    const err = await failure(accounts.create(input('hrss-dup', { department: 'edu', secret: 'second-secret-123' })));
    expect(err).to.be.instanceOf(ConflictError);
    const account = await accounts.authenticate('hrss-dup', 'first-secret-123');
    expect(account.department).to.equal('hrss');
    await failure(accounts.authenticate('hrss-dup', 'second-secret-123'));
  });

  it('names every bad field in one input error, never quotes the secret and writes nothing', async () => {
    const [{ n: before }] = await ctx.db.knex('accounts').count({ n: '*' });
    const err = await failure(
      accounts.create({
        clientId: 'Bad Id',
        kind: 'robot' as never,
        department: 'nope',
        name: ' ',
        roles: ['consumer', 'root' as never],
        secret: 'short sec',
      }),
    );
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.field)).to.have.members(['clientId', 'kind', 'department', 'name', 'roles', 'secret']);
    expect(err.message).to.include('"root"').and.include('"nope"').and.not.include('short sec');
    const [{ n: after }] = await ctx.db.knex('accounts').count({ n: '*' });
    expect(Number(after)).to.equal(Number(before));
  });

  it('requires at least one role', async () => {
    const err = await failure(accounts.create(input('hrss-noroles', { roles: [] })));
    expect((err as InputError).problems).to.deep.equal([{ field: 'roles', message: 'must hold at least one role' }]);
  });

  it('lists accounts by client id, all or one department’s', async () => {
    await accounts.create(input('edu-list-b', { department: 'edu' }));
    await accounts.create(input('edu-list-a', { department: 'edu', kind: 'person', roles: ['consumer', 'approver'] }));
    const edu = await accounts.list('edu');
    expect(edu.map((a) => [a.clientId, a.kind, a.roles])).to.deep.equal([
      ['edu-list-a', 'person', ['consumer', 'approver']],
      ['edu-list-b', 'service', ['consumer']],
    ]);
    const all = await accounts.list();
    expect(all.length).to.be.above(edu.length);
    expect(all.map((a) => a.clientId)).to.deep.equal([...all.map((a) => a.clientId)].sort());
    expect(JSON.stringify(all)).to.not.include('argon2');
  });

  it('replaces a secret: the old one stops working and the new one works', async () => {
    await accounts.create(input('hrss-rotate', { secret: 'old-secret-12345' }));
    const { secret } = await accounts.setSecret('hrss-rotate');
    await failure(accounts.authenticate('hrss-rotate', 'old-secret-12345'));
    expect((await accounts.authenticate('hrss-rotate', secret)).clientId).to.equal('hrss-rotate');
    await accounts.setSecret('hrss-rotate', 'chosen-secret-678');
    expect((await accounts.authenticate('hrss-rotate', 'chosen-secret-678')).clientId).to.equal('hrss-rotate');
  });

  it('disables an account, which then shows as disabled and cannot authenticate', async () => {
    await accounts.create(input('hrss-disable', { secret: 'some-secret-1234' }));
    const disabled = await accounts.disable('hrss-disable');
    expect(disabled.disabled).to.equal(true);
    expect((await accounts.get('hrss-disable')).disabled).to.equal(true);
    expect(await failure(accounts.authenticate('hrss-disable', 'some-secret-1234'))).to.be.instanceOf(UnauthenticatedError);
  });

  it('answers not found for an unknown account on get, disable and setSecret', async () => {
    for (const attempt of [accounts.get('ghost-client'), accounts.disable('ghost-client'), accounts.setSecret('ghost-client')]) {
      expect(await failure(attempt)).to.be.instanceOf(NotFoundError);
    }
  });
});
