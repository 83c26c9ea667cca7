/**
 * Where a resource's rows are read from. Most resources live in the shared store; a resource bound
 * live is read from its department's own system at query time — a SQL source that runs the same
 * compiled statement the store would, or a source that can only look records up by key. The adapters
 * area builds these (it may not import the exchange, so it declares the same shapes itself, and
 * TypeScript's structural typing lets its locator stand in for a `StoreLocator`).
 */
import type { Knex } from 'knex';
import { dataTableName, type Resource } from '../../catalog/index.js';
import { type Database, DomainError } from '../../shared/index.js';
import type { Engine } from '../policy/compilePredicate.js';

/** Where a live resource's rows are: a SQL source the statement runs on, or a key-lookup-only source. */
export type LiveStore =
  | { kind: 'sql'; knex: Knex; engine: 'sqlite' | 'postgres' | 'mysql'; from: Knex.Raw } // `from` yields columns named exactly like the store's (columnName(item)) plus `_row_id`
  | { kind: 'lookup'; lookup: (key: string) => Promise<Record<string, unknown> | null> }; // record keyed by item apiName
export type StoreLocator = (resource: Resource) => Promise<LiveStore | undefined>;
export type KeyLookup = Extract<LiveStore, { kind: 'lookup' }>;

/** Why a live source did not answer. */
export type UnavailableReason = 'unreachable' | 'credentials' | 'missing' | 'misconfigured' | 'failed';

// Said to the consumer: plain words, never the source's location or the driver's text.
const SAID: Record<UnavailableReason, string> = {
  unreachable: 'cannot be reached',
  credentials: 'refused the platform’s credentials',
  missing: 'lacks the bound table or database',
  misconfigured: 'is not configured correctly',
  failed: 'failed to answer',
};

/**
 * A live source that did not answer. The platform is fine and the request was valid, so this is
 * neither the consumer's fault nor a platform bug; the contract has no closer code than an internal
 * error, and the message says plainly what happened. The driver's error stays in `cause`.
 */
export class LiveSourceUnavailableError extends DomainError {
  readonly code = 'INTERNAL_SERVER_ERROR' as const;

  constructor(resource: string, reason: UnavailableReason, cause?: unknown) {
    super(`the live source of "${resource}" ${SAID[reason]}; try again later or ask its provider`, { source: 'live', reason });
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', '57P01', '57P03']);
const CREDENTIALS = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_HOST_NOT_PRIVILEGED', '28P01', '28000']);
const MISSING = new Set(['ER_BAD_DB_ERROR', 'ER_NO_SUCH_TABLE', '3D000', '42P01']);

/** The reason an error (or its cause: fetch wraps the socket's) means the source is out of reach. */
export function unavailableReason(err: unknown, depth = 0): UnavailableReason | undefined {
  const { code, name, message, cause } = (err ?? {}) as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    if (UNREACHABLE.has(code) || /^08/.test(code)) return 'unreachable';
    if (CREDENTIALS.has(code)) return 'credentials';
    if (MISSING.has(code)) return 'missing';
  }
  if (name === 'KnexTimeoutError' || name === 'TimeoutError') return 'unreachable';
  if (typeof message === 'string' && /SQLITE_ERROR: no such table/.test(message)) return 'missing';
  return depth < 2 && cause ? unavailableReason(cause, depth + 1) : undefined;
}

/** What a statement reads from: the rows, the engine they are compiled for, and how errors are told. */
export interface RowSource {
  kind: 'rows';
  live: boolean;
  engine: Engine;
  knex: Knex;
  /** A new query on the resource's rows. */
  rows(): Knex.QueryBuilder;
  /** The domain error a driver error stands for, if any. */
  translate(err: unknown): DomainError | undefined;
}

export function storeRows(db: Database, resource: Resource): RowSource {
  const table = dataTableName(resource.apiName);
  return { kind: 'rows', live: false, engine: db.dialect.name, knex: db.knex, rows: () => db.knex(table), translate: (err) => db.dialect.translateError(err) };
}

export function liveRows(store: Extract<LiveStore, { kind: 'sql' }>, resource: Resource): RowSource {
  return {
    kind: 'rows',
    live: true,
    engine: store.engine,
    knex: store.knex,
    rows: () => store.knex.from(store.from),
    translate: (err) => {
      const reason = unavailableReason(err);
      return reason && new LiveSourceUnavailableError(resource.apiName, reason, err);
    },
  };
}

/** Where a resource's rows are: the shared store, a live SQL source, or a live key-lookup source. */
export async function locateRows(db: Database, locate: StoreLocator | undefined, resource: Resource): Promise<RowSource | KeyLookup> {
  let live: LiveStore | undefined;
  try {
    live = await locate?.(resource);
  } catch (err) {
    throw new LiveSourceUnavailableError(resource.apiName, unavailableReason(err) ?? 'misconfigured', err);
  }
  if (!live) return storeRows(db, resource);
  return live.kind === 'sql' ? liveRows(live, resource) : live;
}
