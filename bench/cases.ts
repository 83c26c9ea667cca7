/** The benchmark cases and the world they run on. Each compares govshare with the raw baseline. */
import { Catalog, columnName, dataTableName, type Resource } from '../catalog/index.js';
import { loadDemoWorld } from '../demo/index.js';
import { openItems } from '../exchange/index.js';
import type { Database } from '../shared/index.js';
import type { BaselineSpec } from './baseline.js';
import { measure, rotate, type BenchRequest, type Measurement } from './harness.js';

export interface CaseResult {
  name: string;
  baseline: number;
  value: number;
  unit: string;
  ratio: number;
  p50: number;
  p99: number;
  baselineP50: number;
  baselineP99: number;
  target?: string;
  /** What the figures alone do not say (a case that is not requests per second, say). */
  note?: string;
}

export interface BenchCase {
  name: string;
  connections?: number;
  /** `settle` checkpoints the database's WAL before a measurement. */
  run(seconds: number, connections: number, settle: () => Promise<void>): Promise<CaseResult>;
}

export interface BenchWorld {
  baselineSpec: BaselineSpec;
  entityKeys: string[];
  personKeys: string[];
  /** The apiNames of the items hrss's grant shows, in order. */
  personFields: string[];
}

const PERSON_FIELDS = ['idNumber', 'name', 'gender', 'birthDate', 'district'];

function pairs(resource: Resource, names: string[]): [string, string][] {
  return resource.items.filter((i) => names.includes(i.apiName)).map((i) => [i.apiName, columnName(i)]);
}

/** Loads the demo world and reads the keys the cases rotate through. */
export async function prepareWorld(db: Database, persons: number): Promise<BenchWorld> {
  const catalog = new Catalog(db);
  await loadDemoWorld(db, catalog, { persons, seed: 1 });
  // The demo grant's quotas would cap a benchmark at 600 requests a minute; a quota costs one upsert per request.
  await db.knex('grants').where({ consumer_code: 'hrss' }).update({ quota_rpm: null, quota_rows_per_day: null });
  const entity = await catalog.getResource('legalEntity');
  const person = await catalog.getResource('person');
  const keysOf = async (r: Resource) => {
    const key = columnName(r.items.find((i) => i.key)!);
    return (await db.knex(dataTableName(r.apiName)).select(key).orderBy('_row_id')).map((row) => String(row[key]));
  };
  return {
    entityKeys: await keysOf(entity),
    personKeys: await keysOf(person),
    personFields: PERSON_FIELDS,
    baselineSpec: {
      lookups: [
        { table: dataTableName('legalEntity'), keyColumn: 'credit_code', select: pairs(entity, openItems(entity).map((i) => i.apiName)) },
        { table: dataTableName('person'), keyColumn: 'id_number', select: pairs(person, PERSON_FIELDS) },
      ],
      pages: [{ table: dataTableName('person'), keyColumn: 'id_number', select: pairs(person, PERSON_FIELDS), size: 100 }],
    },
  };
}

async function token(url: string, client: string): Promise<string> {
  const res = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client, client_secret: `${client.replace('-client', '')}-demo-secret` }),
  });
  if (!res.ok) throw new Error(`token for ${client}: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Sends one request and fails the bench unless it answers 200 without GraphQL errors. */
async function check(url: string, r: BenchRequest): Promise<unknown> {
  const res = await fetch(`${url}${r.path}`, { method: r.method ?? 'GET', body: r.body, headers: r.headers });
  const body = (await res.json()) as { errors?: unknown };
  if (!res.ok || body.errors) throw new Error(`${r.path} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

function result(name: string, unit: string, base: Measurement, value: Measurement, target?: string): CaseResult {
  for (const [who, m] of [['baseline', base], ['govshare', value]] as const) {
    if (m.errors || m.non2xx) throw new Error(`${name}: ${who} had ${m.errors} errors and ${m.non2xx} non-2xx answers`);
  }
  return {
    name,
    baseline: Math.round(base.requestsPerSecond),
    value: Math.round(value.requestsPerSecond),
    unit,
    ratio: Math.round((value.requestsPerSecond / base.requestsPerSecond) * 1000) / 1000,
    p50: value.p50,
    p99: value.p99,
    baselineP50: base.p50,
    baselineP99: base.p99,
    ...(target ? { target } : {}),
  };
}

/** Two measurements as one: requests per second averaged, the worse latencies kept. */
function combine(a: Measurement, b: Measurement): Measurement {
  return {
    requestsPerSecond: (a.requestsPerSecond + b.requestsPerSecond) / 2,
    p50: Math.max(a.p50, b.p50),
    p99: Math.max(a.p99, b.p99),
    errors: a.errors + b.errors,
    non2xx: a.non2xx + b.non2xx,
  };
}

/**
 * A case: warm both servers, then measure baseline, govshare, govshare, baseline (half the time
 * each), so that drift during the run — the SQLite WAL growing with ledger writes, say — weighs on
 * both sides alike. The WAL is checkpointed before every measurement.
 */
function pair(name: string, target: string | undefined, base: () => BenchRequest, real: () => BenchRequest, baseUrl: string, realUrl: string, connections?: number): BenchCase {
  return {
    name,
    connections,
    async run(seconds, conns, settle) {
      await check(baseUrl, base());
      await check(realUrl, real());
      await measure(baseUrl, base, 2, conns);
      await measure(realUrl, real, 2, conns);
      const half = Math.max(1, Math.round(seconds / 2));
      const run = async (url: string, next: () => BenchRequest) => {
        await settle();
        return measure(url, next, half, conns);
      };
      const b1 = await run(baseUrl, base);
      const v1 = await run(realUrl, real);
      const v2 = await run(realUrl, real);
      const b2 = await run(baseUrl, base);
      return result(name, 'req/s', combine(b1, b2), combine(v1, v2), target);
    },
  };
}

const gql = (auth: string, query: string, variables: Record<string, unknown>): BenchRequest => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
  body: JSON.stringify({ query, variables }),
});

export async function benchCases(world: BenchWorld, baseUrl: string, realUrl: string, unauditedUrl: string): Promise<BenchCase[]> {
  const hrss = await token(realUrl, 'hrss-client');
  const selection = world.personFields.join(' ');
  const entity = rotate(world.entityKeys);
  const person = rotate(world.personKeys);
  // Pages: the baseline pages by key; govshare by row id (the key is masked), each from 200 starting points.
  const startKeys = world.personKeys.filter((_, i) => i % 100 === 99).sort();
  const startCursors: (string | null)[] = [null];
  for (let i = 0; i < Math.min(200, world.personKeys.length / 100 - 1); i++) {
    const page = (await check(realUrl, gql(hrss, `query($a: String) { personList(first: 100, after: $a) { pageInfo { endCursor } } }`, { a: startCursors.at(-1) }))) as {
      data: { personList: { pageInfo: { endCursor: string } } };
    };
    startCursors.push(page.data.personList.pageInfo.endCursor);
  }
  const baseAfter = rotate([null, ...startKeys]);
  const realAfter = rotate(startCursors);
  const batches = Array.from({ length: 8 }, (_, b) => world.personKeys.slice(b * 1000, b * 1000 + 1000)).filter((k) => k.length === 1000);
  const batch = rotate(batches);
  return [
    pair(
      'open key lookup (REST, legalEntity)',
      undefined,
      () => ({ path: `/lookup/data_legal_entity/${entity()}` }),
      () => ({ path: `/api/v1/resources/legalEntity/rows/${entity()}` }),
      baseUrl,
      realUrl,
    ),
    pair(
      'key lookup under a masking grant (GraphQL)',
      'ratio >= 0.5',
      () => ({ path: `/lookup/data_person/${person()}` }),
      () => gql(hrss, `query($k: String!) { person(key: $k) { ${selection} } }`, { k: person() }),
      baseUrl,
      realUrl,
    ),
    pair(
      'key lookup, ledger on vs off (GraphQL)',
      'ratio >= 0.85',
      () => gql(hrss, `query($k: String!) { person(key: $k) { ${selection} } }`, { k: person() }),
      () => gql(hrss, `query($k: String!) { person(key: $k) { ${selection} } }`, { k: person() }),
      unauditedUrl,
      realUrl,
    ),
    pair(
      '100-row page under a grant (GraphQL)',
      'ratio >= 0.4',
      () => {
        const after = baseAfter();
        return { path: after ? `/page/data_person?after=${after}` : '/page/data_person' };
      },
      () => gql(hrss, `query($a: String) { personList(first: 100, after: $a) { nodes { ${selection} } pageInfo { endCursor } } }`, { a: realAfter() }),
      baseUrl,
      realUrl,
    ),
    pair(
      '1,000-key batch, one client (GraphQL)',
      'p50 < 100 ms',
      () => ({ method: 'POST', path: '/keys/data_person', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keys: batch() }) }),
      () => gql(hrss, `query($k: [String!]) { personList(keys: $k, first: 1000) { nodes { ${selection} } } }`, { k: batch() }),
      baseUrl,
      realUrl,
      1,
    ),
    pair(
      '1,000-key batch under a grant (GraphQL)',
      'p50 < 100 ms',
      () => ({ method: 'POST', path: '/keys/data_person', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keys: batch() }) }),
      () => gql(hrss, `query($k: [String!]) { personList(keys: $k, first: 1000) { nodes { ${selection} } } }`, { k: batch() }),
      baseUrl,
      realUrl,
    ),
  ];
}
