import { expect } from 'chai';
import { Catalog } from '../../../catalog/index.js';
import { loadDemoWorld } from '../../../demo/index.js';
import { Accounts } from '../../../exchange/index.js';
import { describeEngines } from '../../support/engines.js';

const ROLES: Record<string, string[]> = {
  eit: ['operator', 'consumer'],
  sup: ['supervisor'],
  psb: ['publisher', 'approver', 'consumer'],
  amr: ['publisher', 'approver', 'consumer'],
  gsc: ['publisher', 'approver', 'consumer'],
  ule: ['publisher', 'approver', 'consumer'],
  hrss: ['consumer'],
  edu: ['consumer'],
};

describeEngines('demo accounts', (ctx) => {
  let accounts: Accounts;
  before(async function () {
    this.timeout(120_000);
    await loadDemoWorld(ctx.db, new Catalog(ctx.db), { persons: 20, seed: 1 });
    accounts = new Accounts(ctx.db);
  });

  it('gives each department a service account <dept>-client with its roles', async () => {
    const all = await accounts.list();
    expect(all.map((a) => [a.clientId, a.kind, a.department, a.roles])).to.have.deep.members(
      Object.entries(ROLES).map(([dept, roles]) => [`${dept}-client`, 'service', dept, roles]),
    );
  });

  it('authenticates each with its demo secret <dept>-demo-secret', async () => {
    for (const dept of Object.keys(ROLES)) expect((await accounts.authenticate(`${dept}-client`, `${dept}-demo-secret`)).department).to.equal(dept);
  });

  it('leaves existing accounts untouched on reload: same ids, same hashes, no new rows', async function () {
    this.timeout(120_000);
    const before = await ctx.db.knex('accounts').orderBy('client_id');
    const lines: string[] = [];
    await loadDemoWorld(ctx.db, new Catalog(ctx.db), { persons: 20, seed: 1, log: (l) => lines.push(l) });
    expect(await ctx.db.knex('accounts').orderBy('client_id')).to.deep.equal(before);
    expect(lines.filter((l) => l.startsWith('created account'))).to.deep.equal([]);
  });

  it('recreates a demo account that was deleted (one nothing refers to), and only that one', async function () {
    this.timeout(120_000);
    await ctx.db.knex('accounts').where({ client_id: 'sup-client' }).delete();
    const lines: string[] = [];
    await loadDemoWorld(ctx.db, new Catalog(ctx.db), { persons: 20, seed: 1, log: (l) => lines.push(l) });
    expect(lines.filter((l) => l.startsWith('created account'))).to.deep.equal(['created account sup-client']);
    expect((await accounts.authenticate('sup-client', 'sup-demo-secret')).roles).to.deep.equal(['supervisor']);
  });
});
