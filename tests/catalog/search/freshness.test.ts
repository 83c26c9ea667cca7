import { expect } from 'chai';
import fc from 'fast-check';
import { Catalog, CYCLE_MS, freshnessOf, UPDATE_CYCLES, type Freshness, type UpdateCycle } from '../../../catalog/index.js';
import { describeEngines } from '../../support/engines.js';
import { CODE_SETS, DEPARTMENTS, resourceInput } from '../fixtures.js';

const NOW = new Date('2026-11-29T08:00:00.000Z');
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('freshnessOf', () => {
  it('is fresh within one cycle, due within one and a half, stale beyond', () => {
    const daily = (lastSyncedAt: string | null) => freshnessOf({ updateCycle: 'daily', lastSyncedAt }, NOW);
    expect(daily(ago(12 * HOUR))).to.equal('fresh');
    expect(daily(ago(24 * HOUR))).to.equal('fresh');
    expect(daily(ago(30 * HOUR))).to.equal('due');
    expect(daily(ago(36 * HOUR))).to.equal('due');
    expect(daily(ago(37 * HOUR))).to.equal('stale');
  });

  it('measures each cycle by its own length: an hour for real-time, 31 days a month, 366 a year', () => {
    expect(freshnessOf({ updateCycle: 'real-time', lastSyncedAt: ago(50 * 60_000) }, NOW)).to.equal('fresh');
    expect(freshnessOf({ updateCycle: 'real-time', lastSyncedAt: ago(80 * 60_000) }, NOW)).to.equal('due');
    expect(freshnessOf({ updateCycle: 'real-time', lastSyncedAt: ago(2 * HOUR) }, NOW)).to.equal('stale');
    expect(freshnessOf({ updateCycle: 'weekly', lastSyncedAt: ago(8 * 24 * HOUR) }, NOW)).to.equal('due');
    expect(freshnessOf({ updateCycle: 'monthly', lastSyncedAt: ago(31 * 24 * HOUR) }, NOW)).to.equal('fresh');
    expect(freshnessOf({ updateCycle: 'quarterly', lastSyncedAt: ago(100 * 24 * HOUR) }, NOW)).to.equal('due');
    expect(freshnessOf({ updateCycle: 'yearly', lastSyncedAt: ago(600 * 24 * HOUR) }, NOW)).to.equal('stale');
  });

  it('calls a resource never synced stale, and an irregular one fresh once anything arrived', () => {
    for (const cycle of UPDATE_CYCLES) expect(freshnessOf({ updateCycle: cycle, lastSyncedAt: null }, NOW), cycle).to.equal('stale');
    expect(freshnessOf({ updateCycle: 'irregular', lastSyncedAt: ago(5000 * 24 * HOUR) }, NOW)).to.equal('fresh');
  });
});

describeEngines('freshness in the catalog', (ctx) => {
  let clock = NOW;
  let catalog: Catalog;
  const byCycle = new Map<UpdateCycle, string>();

  before(async () => {
    catalog = new Catalog(ctx.db, { now: () => clock });
    for (const d of DEPARTMENTS) await catalog.putDepartment(d);
    for (const set of CODE_SETS) await catalog.putCodeSet(set);
    for (const [i, cycle] of UPDATE_CYCLES.entries()) {
      const input = resourceInput(500 + i, { updateCycle: cycle, name: `时效测试${i}` });
      await catalog.createResource(input);
      await catalog.publishResource(input.code);
      byCycle.set(cycle, input.apiName);
    }
  });

  const fresh = async (freshness: Freshness) =>
    (await catalog.search({ q: '时效测试', filters: { freshness: [freshness] }, facets: false })).resources.map((r) => r.apiName).sort();

  it('filters and counts by freshness computed in the database from the catalog’s clock', async () => {
    await catalog.recordSync(byCycle.get('daily')!, new Date(NOW.getTime() - 2 * HOUR));
    await catalog.recordSync(byCycle.get('weekly')!, new Date(NOW.getTime() - 9 * 24 * HOUR));
    await catalog.recordSync(byCycle.get('irregular')!, new Date('2020-01-01T00:00:00Z'));
    expect(await fresh('fresh')).to.deep.equal([byCycle.get('daily'), byCycle.get('irregular')].sort());
    expect(await fresh('due')).to.deep.equal([byCycle.get('weekly')]);
    const result = await catalog.search({ q: '时效测试', limit: 0 });
    expect(result.facets.freshness!.map((c) => [c.value, c.label, c.count])).to.deep.equal([
      ['stale', '过期', 4],
      ['fresh', '新鲜', 2],
      ['due', '待更新', 1],
    ]);
  });

  it('moves with the clock: a day later the daily resource is due', async () => {
    clock = new Date(NOW.getTime() + 24 * HOUR);
    try {
      expect(await fresh('due')).to.include(byCycle.get('daily'));
      expect(catalog.freshness(await catalog.getResource(byCycle.get('daily')!))).to.equal('due');
    } finally {
      clock = NOW;
    }
  });

  it('agrees with freshnessOf for any cycle and any age', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.integer({ min: 0, max: 800 * 24 }), { nil: null }), { minLength: 7, maxLength: 7 }), async (hoursAgo) => {
        const expected = new Map<string, Freshness>();
        for (const [i, cycle] of UPDATE_CYCLES.entries()) {
          const at = hoursAgo[i] === null ? null : new Date(NOW.getTime() - hoursAgo[i]! * HOUR - (i * CYCLE_MS['real-time']) / 7);
          await ctx.db.knex('resources').where({ api_name: byCycle.get(cycle) }).update({ last_synced_at: at?.toISOString() ?? null });
          expected.set(byCycle.get(cycle)!, freshnessOf({ updateCycle: cycle, lastSyncedAt: at?.toISOString() ?? null }, NOW));
        }
        for (const f of ['fresh', 'due', 'stale'] as const) {
          expect(await fresh(f), f).to.deep.equal([...expected].filter(([, v]) => v === f).map(([k]) => k).sort());
        }
      }),
      { numRuns: 15 },
    );
  });
});
