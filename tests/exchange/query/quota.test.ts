import { expect } from 'chai';
import type { Resource } from '../../../catalog/index.js';
import { DataQuery, type Grant } from '../../../exchange/index.js';
import { dayWindow, minuteWindow } from '../../../exchange/query/quota.js';
import { RateLimitedError } from '../../../shared/index.js';
import { rejection } from '../../catalog/fixtures.js';
import { describeEngines } from '../../support/engines.js';
import { loadDemoPersons, NOW, personGrant, readPersons, type PersonRow } from './fixtures.js';

describe('quota windows', () => {
  it('are calendar minutes and days in China Standard Time', () => {
    expect(minuteWindow(new Date('2026-11-29T02:15:59.999Z'))).to.equal('m:2026-11-29T10:15');
    expect(dayWindow(new Date('2026-11-29T15:59:59.999Z'))).to.equal('d:2026-11-29');
    expect(dayWindow(new Date('2026-11-29T16:00:00.000Z'))).to.equal('d:2026-11-30');
  });
});

describeEngines('quotas under a grant', (ctx) => {
  let resource: Resource;
  let persons: PersonRow[];
  let clock = NOW;
  let data: DataQuery;
  let grantNo = 0;

  before(async function () {
    this.timeout(120_000);
    resource = await loadDemoPersons(ctx.db);
    persons = await readPersons(ctx.db);
    data = new DataQuery(ctx.db, { now: () => clock });
  });
  beforeEach(() => {
    clock = NOW;
  });

  /** A grant stored in the grants table (usage rows reference it), with the given quotas. */
  async function storedGrant(quota: Grant['quota']): Promise<Grant> {
    const grant = personGrant({ id: `g-quota-${++grantNo}`, quota });
    const { id: resourceId } = await ctx.db.knex('resources').where({ api_name: 'person' }).first('id');
    await ctx.db.knex('grants').insert({
      id: grant.id,
      consumer_code: grant.consumer,
      resource_id: resourceId,
      fields: JSON.stringify(grant.fields),
      masks: '{}',
      unmasked: '{}',
      mode: grant.mode,
      purpose: grant.purpose,
      valid_from: grant.validFrom,
      quota_rpm: quota.requestsPerMinute,
      quota_rows_per_day: quota.rowsPerDay,
      created_at: grant.createdAt,
    });
    return grant;
  }

  const usage = (grant: Grant) => ctx.db.knex('grant_usage').where({ grant_id: grant.id }).orderBy('window').select('window', 'requests', 'rows');
  const key = (i: number) => persons[i]!.idNumber as string;

  it('refuses the request after the last one a minute allows, and allows again the next minute', async () => {
    const grant = await storedGrant({ requestsPerMinute: 3, rowsPerDay: null });
    for (let i = 0; i < 3; i++) expect(await data.lookup({ grant, resource }, key(i))).to.not.equal(null);
    const err = await rejection(data.lookup({ grant, resource }, key(3)), RateLimitedError);
    expect(err.code).to.equal('RATE_LIMITED');
    await rejection(data.verify({ grant, resource }, key(3), { gender: '1' }), RateLimitedError);
    clock = new Date(NOW.getTime() + 60_000);
    expect(await data.lookup({ grant, resource }, key(4))).to.not.equal(null);
    expect((await usage(grant)).map((u) => [u.window, Number(u.requests)])).to.deep.equal([
      ['m:2026-11-29T10:15', 3],
      ['m:2026-11-29T10:16', 1],
    ]);
  });

  it('refuses the request whose rows would pass the day’s allowance, and counts nothing for it', async () => {
    const grant = await storedGrant({ requestsPerMinute: null, rowsPerDay: 10 });
    const scope = { grant, resource };
    expect((await data.list(scope, { first: 4 })).nodes).to.have.length(4);
    expect((await data.list(scope, { first: 4 })).nodes).to.have.length(4);
    const err = await rejection(data.list(scope, { first: 4 }), RateLimitedError);
    expect(err.details).to.include({ quota: 'rowsPerDay', limit: 10, remaining: 2 });
    expect((await data.list(scope, { first: 2 })).nodes).to.have.length(2);
    await rejection(data.lookup(scope, key(0)), RateLimitedError);
    // Counts and an absent record return no rows, so they still go through.
    expect(await data.aggregate(scope, { groupBy: ['gender'] })).to.have.length.greaterThan(0);
    expect(await usage(grant)).to.deep.equal([{ window: dayWindow(NOW), requests: 4, rows: 10 }]);
  });

  it('counts concurrent requests atomically: exactly the allowance succeeds', async () => {
    const grant = await storedGrant({ requestsPerMinute: 5, rowsPerDay: null });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => data.lookup({ grant, resource }, key(i))));
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(5);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof RateLimitedError)).to.equal(true);
  });

  it('writes no usage at all for a grant without quotas', async () => {
    const grant = await storedGrant({ requestsPerMinute: null, rowsPerDay: null });
    await data.list({ grant, resource }, { first: 5 });
    await data.lookup({ grant, resource }, key(0));
    expect(await usage(grant)).to.deep.equal([]);
  });
});
