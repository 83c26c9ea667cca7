/**
 * The "catalog search" case: 10,000 generated resources in a fresh SQLite file (or a PostgreSQL
 * schema), then a mix of queries — Chinese substrings of 2-4 characters, pinyin, initials, English
 * words, two terms — with and without filters and facets, run one at a time through
 * `Catalog.search` for the measured time. The baseline answers the same terms with a plain
 * substring scan of the stored metadata (no pinyin, no ranking, no facets): what the index saves.
 */
import { performance } from 'node:perf_hooks';
import { Catalog, type SearchQuery } from '../catalog/index.js';
import { spell } from '../catalog/search/text.js';
import type { Database } from '../shared/index.js';
import type { CaseResult } from './cases.js';
import { generateSearchWorld, type SearchWorld } from './searchWorld.js';

export const SEARCH_RESOURCES = 10_000;
export const SEARCH_CASE = 'catalog search (10,000 resources)';
const NOW = new Date('2026-11-29T08:00:00Z');

/** A deterministic mix of queries drawn from the generated catalog's own text. */
export function queryMix(world: SearchWorld, count = 500): SearchQuery[] {
  const queries: SearchQuery[] = [];
  let state = 7;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  for (let i = 0; i < count; i++) {
    let q: string;
    switch (i % 6) {
      case 0:
      case 1: {
        const name = Array.from(pick(world.names));
        const length = 2 + Math.floor(next() * 3);
        const start = Math.floor(next() * Math.max(1, name.length - length));
        q = name.slice(start, start + length).join('');
        break;
      }
      case 2:
        q = spell(pick(world.topics)).syllables.join('');
        break;
      case 3:
        q = spell(pick(world.topics) + '信息').initials.join('');
        break;
      case 4:
        q = pick(['open', 'data', 'statistics', 'registry', 'licence', 'permit', 'archive', 'report']);
        break;
      default:
        q = `${pick(world.topics)} ${pick(['信息', '登记', '统计', 'mingl'])}`;
    }
    const query: SearchQuery = { q, facets: i % 2 === 0, limit: 20 };
    if (i % 3 === 0) query.filters = { sharingType: ['unconditional', 'conditional'] };
    if (i % 5 === 0) query.filters = { provider: [pick(world.departments)], freshness: ['fresh', 'due'] };
    if (i % 7 === 0) query.visibility = 'public';
    queries.push(query);
  }
  return queries;
}

interface Timing {
  perSecond: number;
  p50: number;
  p99: number;
}

async function time(seconds: number, queries: SearchQuery[], run: (q: SearchQuery) => Promise<unknown>): Promise<Timing> {
  for (const q of queries.slice(0, 50)) await run(q); // warm up
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < deadline; i++) {
    const started = performance.now();
    await run(queries[i % queries.length]!);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]! * 100) / 100;
  const total = latencies.reduce((a, b) => a + b, 0);
  return { perSecond: (latencies.length / total) * 1000, p50: at(0.5), p99: at(0.99) };
}

/** The naive way: a substring scan of every resource's stored metadata, a page and a count. */
function scanBaseline(db: Database) {
  return async (query: SearchQuery) => {
    const terms = (query.q ?? '').split(' ').filter(Boolean);
    const filtered = () => {
      const qb = db.knex('resources as r').join('resource_versions as v', (j) => j.on('v.resource_id', 'r.id').andOn('v.version', 'r.version')).where('r.status', 'published');
      for (const term of terms) qb.where('v.metadata', 'like', `%${term}%`);
      return qb;
    };
    await Promise.all([filtered().select('r.*').orderBy('r.code').limit(20), filtered().count({ n: '*' })]);
  };
}

/** Builds the catalog into `db` (migrated, empty) and measures both sides for `seconds` each. */
export async function runSearchCase(db: Database, seconds: number, label = SEARCH_CASE): Promise<CaseResult> {
  const world = await generateSearchWorld(db, SEARCH_RESOURCES, NOW);
  const catalog = new Catalog(db, { now: () => NOW });
  const queries = queryMix(world);
  const half = Math.max(1, seconds / 2);
  // Interleaved, as the other cases do, so that drift weighs on both sides.
  const b1 = await time(half, queries, scanBaseline(db));
  const v1 = await time(half, queries, (q) => catalog.search(q));
  const v2 = await time(half, queries, (q) => catalog.search(q));
  const b2 = await time(half, queries, scanBaseline(db));
  const baseline = (b1.perSecond + b2.perSecond) / 2;
  const value = (v1.perSecond + v2.perSecond) / 2;
  return {
    name: label,
    baseline: Math.round(baseline),
    value: Math.round(value),
    unit: 'queries/s',
    ratio: Math.round((value / baseline) * 1000) / 1000,
    p50: Math.max(v1.p50, v2.p50),
    p99: Math.max(v1.p99, v2.p99),
    baselineP50: Math.max(b1.p50, b2.p50),
    baselineP99: Math.max(b1.p99, b2.p99),
    target: 'p50 < 10 ms, p99 < 50 ms',
  };
}
