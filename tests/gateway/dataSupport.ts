/**
 * Helpers of the end-to-end tests of the department GraphQL API: a demo server on a clock the test
 * moves, tokens of the demo service accounts fetched the way a department fetches them
 * (`POST /auth/token`), GraphQL calls under a token and an optional `X-Grant`, the SQL a request
 * ran, and the demo world's person table read raw as the oracle.
 */
import { Catalog } from '../../catalog/index.js';
import { loadDemoWorld } from '../../demo/index.js';
import { startServer, type RunningServer } from '../../server/index.js';
import type { Database, Knex } from '../../shared/index.js';
import type { TestDatabase } from '../support/engines.js';
import { silentLogger, testConfig, type GraphQLResponse } from '../support/server.js';

/** A clock the exchange reads and the test sets. */
export interface TestClock {
  now: Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(iso: string): TestClock {
  return {
    now: new Date(iso),
    set(at: string) {
      this.now = new Date(at);
    },
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
}

export type ClockedServer = RunningServer & { catalog: Catalog };

/** The demo world (seed 7) with `persons` persons, served on an ephemeral port; the exchange runs on `clock`, the sweeper is off. */
export async function startClockedDemoServer(db: TestDatabase, persons: number, clock: TestClock): Promise<ClockedServer> {
  const catalog = new Catalog(db);
  await loadDemoWorld(db, catalog, { persons, seed: 7 });
  const running = await startServer({ db, logger: silentLogger, catalog, config: testConfig(), sweepIntervalMs: 0, now: () => clock.now }, 0);
  return { ...running, catalog };
}

/** An access token of the demo account `<department>-client`, by the OAuth2 client-credentials grant. */
export async function tokenFor(url: string, department: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: `${department}-client`, client_secret: `${department}-demo-secret` });
  const res = await fetch(`${url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const answer = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !answer.access_token) throw new Error(`no token for ${department}-client: HTTP ${res.status} ${JSON.stringify(answer)}`);
  return answer.access_token;
}

export interface CallOptions {
  /** The `X-Grant` header. */
  grant?: string;
  /** An `Authorization` header sent as it is (a forged token, say), in place of the client's token. */
  authorization?: string;
}

/** The raw answer of POST /graphql: status, body as parsed, and the body's text (to search for leaks). */
export type GraphQLAnswer<T = Record<string, any>> = GraphQLResponse<T> & { text: string; body: Record<string, any> };

/** POST /graphql with an optional bearer token and X-Grant. */
export async function graphqlAs<T = Record<string, any>>(
  url: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
  options: CallOptions = {},
): Promise<GraphQLAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const authorization = options.authorization ?? (token ? `Bearer ${token}` : undefined);
  if (authorization) headers.authorization = authorization;
  if (options.grant !== undefined) headers['x-grant'] = options.grant;
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  const body = JSON.parse(text) as Record<string, any>;
  return { status: res.status, data: body.data, errors: body.errors, text, body };
}

/** A demo department's service account talking to the server. */
export interface DepartmentClient {
  department: string;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: CallOptions): Promise<GraphQLAnswer<T>>;
}

export async function departmentClient(url: string, department: string): Promise<DepartmentClient> {
  const token = await tokenFor(url, department);
  return { department, graphql: (query, variables, options) => graphqlAs(url, token, query, variables, options) };
}

/** The `extensions.code` of an answer's first error. */
export function errorCode(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

/** Fails with the answer's errors when it has any, so a broken call says why. */
export function dataOf<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors ?? res)}`);
  return res.data;
}

/** The names of the root Query fields a client's schema has. */
export async function queryFieldNames(client: DepartmentClient): Promise<string[]> {
  const data = dataOf(await client.graphql('{ __schema { queryType { fields { name } } } }'));
  return data.__schema.queryType.fields.map((f: { name: string }) => f.name);
}

/** The fields of a type in a client's schema (empty when the type does not exist). */
export async function typeFields(client: DepartmentClient, type: string): Promise<{ name: string; type: string | null }[]> {
  const data = dataOf(await client.graphql('query($t: String!) { __type(name: $t) { fields { name type { name kind ofType { name } } } } }', { t: type }));
  return (data.__type?.fields ?? []).map((f: { name: string; type: { name: string | null; ofType: { name: string } | null } }) => ({
    name: f.name,
    type: f.type.name ?? f.type.ofType?.name ?? null,
  }));
}

/** Runs `work` and returns what it returned and every SQL statement the knex instance ran meanwhile. */
export async function statementsDuring<T>(knex: Knex, work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  knex.on('query', listener);
  try {
    return { result: await work(), statements };
  } finally {
    knex.removeListener('query', listener);
  }
}

/** Statements that read a shared-store table (`data_person`, …). */
export function selectsOn(statements: readonly string[], table: string): string[] {
  const named = new RegExp(`["\`]?${table}["\`]?(?![a-z_])`);
  return statements.filter((sql) => /^\s*select\b/i.test(sql) && named.test(sql));
}

/** A stored person, as the shared store holds it. */
export interface RawPerson {
  rowId: number;
  idNumber: string;
  name: string;
  gender: string;
  birthDate: string;
  district: string;
}

/** The demo world's person table, raw, in row-id order. */
export async function rawPersons(db: Database): Promise<RawPerson[]> {
  const rows: Record<string, unknown>[] = await db.knex('data_person').select().orderBy('_row_id');
  return rows.map((r) => ({
    rowId: Number(r._row_id),
    idNumber: String(r.id_number),
    name: String(r.name),
    gender: String(r.gender),
    birthDate: String(r.birth_date),
    district: String(r.district),
  }));
}

/** The resident-ID mask of DESIGN §5, written here apart from the code under test: first 6 and last 4 kept. */
export function expectedResidentIdMask(raw: string): string {
  return `${raw.slice(0, 6)}${'*'.repeat(8)}${raw.slice(14)}`;
}

/** A resident ID of the right shape whose check digit is wrong. */
export function withWrongCheckDigit(raw: string): string {
  const check = raw[17]!;
  return raw.slice(0, 17) + (check === '0' ? '1' : '0');
}

export const MASKED_RESIDENT_ID = /^\d{6}\*{8}\d{3}[\dX]$/;

/** Counts by value, as a plain object. */
export function countBy<T>(values: readonly T[], key: (v: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[key(v)] = (counts[key(v)] ?? 0) + 1;
  return counts;
}
