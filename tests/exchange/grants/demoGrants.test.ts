import { expect } from 'chai';
import { Catalog } from '../../../catalog/index.js';
import { loadDemoWorld } from '../../../demo/index.js';
import { AccessRequests, Accounts, Grants, type Grant } from '../../../exchange/index.js';
import { describeEngines } from '../../support/engines.js';

describeEngines('demo grants', (ctx) => {
  let grants: Grants;
  let hrss: Grant;
  let edu: Grant;

  before(async function () {
    this.timeout(120_000);
    const catalog = new Catalog(ctx.db);
    await loadDemoWorld(ctx.db, catalog, { persons: 50 });
    grants = new Grants(ctx.db, catalog);
    [hrss] = await grants.list({ consumer: 'hrss', resource: 'person' });
    [edu] = await grants.list({ consumer: 'edu', resource: 'person' });
  });

  it('gives hrss a query grant on person with ID numbers masked and names shown for a recorded reason', () => {
    expect(hrss).to.deep.include({
      fields: ['idNumber', 'name', 'gender', 'birthDate', 'district'],
      masks: { idNumber: 'residentId', name: 'none', gender: 'none', birthDate: 'none', district: 'none' },
      unmasked: { name: '社保参保资格核验需要核对姓名' },
      mode: 'query',
      purpose: '社保参保资格核验',
      quota: { requestsPerMinute: 600, rowsPerDay: 200_000 },
      validUntil: null,
      revokedAt: null,
    });
  });

  it('gives edu a verify-only grant on person for 入学资格核验', () => {
    expect(edu).to.deep.include({ fields: ['idNumber', 'name', 'birthDate'], mode: 'verify', purpose: '入学资格核验' });
    expect(edu.masks).to.deep.equal({ idNumber: 'residentId', name: 'name', birthDate: 'none' });
  });

  it('puts both grants in force from before the demo epoch', async () => {
    const at = new Date('2026-01-01T00:00:00.000Z');
    expect((await grants.active('hrss', at)).map((g) => g.id)).to.deep.equal([hrss.id]);
    expect((await grants.active('edu', at)).map((g) => g.id)).to.deep.equal([edu.id]);
  });

  it('made each grant through a request submitted by the consumer’s account and approved by psb-client', async () => {
    const accounts = new Accounts(ctx.db);
    const psb = (await accounts.find('psb-client'))!;
    const hrssClient = (await accounts.find('hrss-client'))!;
    const requests = new AccessRequests(ctx.db, new Catalog(ctx.db), grants, { approvalWorkingDays: 10 });
    expect(hrss.requestId).to.be.a('string');
    const events = await requests.events(hrss.requestId!);
    expect(events.map((e) => [e.to, e.actor, e.at])).to.deep.equal([
      ['submitted', hrssClient.id, '2025-12-15T01:30:00.000Z'],
      ['under_review', psb.id, '2025-12-16T02:00:00.000Z'],
      ['approved', psb.id, '2025-12-18T07:00:00.000Z'],
    ]);
    const request = await requests.get({ accountId: psb.id, clientId: psb.clientId, department: 'psb', roles: psb.roles }, hrss.requestId!);
    expect(request).to.include({ state: 'approved', grantId: hrss.id, dueOn: '2025-12-29', unmaskReason: '社保参保资格核验需要核对姓名' });
  });

  it('neither duplicates nor changes the grants when the world is loaded again', async function () {
    this.timeout(120_000);
    await loadDemoWorld(ctx.db, new Catalog(ctx.db), { persons: 50 });
    const all = await grants.list({ includeInactive: true });
    expect(all.map((g) => g.id).sort()).to.deep.equal([hrss.id, edu.id].sort());
    expect(await grants.get(hrss.id)).to.deep.equal(hrss);
    expect(await ctx.db.knex('access_requests').count({ n: '*' })).to.deep.equal([{ n: 2 }]);
  });
});
