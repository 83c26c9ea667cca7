/** What the data API takes and returns: scopes, list and aggregate arguments, pages of records. */
import type { Resource } from '../../catalog/index.js';
import type { Grant, Predicate, Scalar } from '../model.js';
import type { DataRecord } from '../storeReader.js';

/** Who is asking and in which request: what the audit ledger records beside the grant. */
export interface RequestContext {
  requestId: string;
  /** Account id. */
  actor: string;
  department: string;
}

/** The grant a request acts under (chosen by the caller), and the resource as the catalog shows it now. */
export interface DataScope {
  grant: Grant;
  resource: Resource;
  request?: RequestContext;
}

export type SortDirection = 'asc' | 'desc';

export interface OrderTerm {
  field: string;
  direction: SortDirection;
}

export interface ListArgs {
  /** Up to 1,000 natural keys, fetched in one statement. */
  keys?: readonly string[];
  /** A consumer's filter on the grant's unmasked fields; AND-ed with the grant's row filter. */
  where?: Predicate | null;
  /** Tie-broken by the key (or, when the grant hides the key, by the store's row id). */
  orderBy?: readonly OrderTerm[] | null;
  /** Page size: default 100, at most 1,000. */
  first?: number | null;
  /** An `endCursor` or edge cursor from an earlier page of the same query. */
  after?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface RecordConnection {
  nodes: DataRecord[];
  edges: { cursor: string; node: DataRecord }[];
  /** Records matching the query under the grant, over all pages (null when the caller skipped counting). */
  totalCount: number | null;
  pageInfo: PageInfo;
}

export interface AggregateArgs {
  where?: Predicate | null;
  /** Allowed, unmasked fields other than the key; none gives one group with the total. */
  groupBy?: readonly string[] | null;
}

export interface RecordGroup {
  group: DataRecord;
  count: number;
}

export type Claims = Record<string, Scalar>;

export interface Verification {
  match: boolean;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
export const MAX_KEYS = 1000;
export const MAX_ORDER_TERMS = 5;
