/** What open data takes and returns: row queries over open resources, pages and streamed downloads. */
import type { DataItem, Resource } from '../../catalog/index.js';
import type { OrderTerm } from '../query/model.js';
import type { DataRecord } from '../storeReader.js';

export const OPEN_FILTER_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'prefix'] as const;
export type OpenFilterOp = (typeof OPEN_FILTER_OPS)[number];

export const DEFAULT_OPEN_LIMIT = 100;
export const MAX_OPEN_LIMIT = 1000;
/** Values one `in` filter may list. */
export const MAX_IN_VALUES = 1000;
export const MAX_SEARCH_LENGTH = 200;

/**
 * One condition on one item, its values still text as they arrived (a query string, a CKAN filter):
 * each is read as the item's type. `param` is the parameter it came from, which errors name.
 */
export interface OpenFilter {
  param: string;
  field: string;
  op: OpenFilterOp;
  /** `in` takes one or more values; every other operator exactly one. */
  values: string[];
}

/** A case-insensitive substring search over text items (all of them, or the ones named). */
export interface OpenSearch {
  param: string;
  text: string;
  fields?: string[];
}

export interface OpenRowQuery {
  /** AND-ed together. */
  filters?: OpenFilter[];
  /** AND-ed together; within one search, any of its fields may hold the text. */
  search?: OpenSearch[];
  /** Items to return, in this order; default every open item. */
  select?: string[];
  /** Tie-broken by the key (or the store's row id when the key is not shown). */
  order?: OrderTerm[];
  /** Rows per page: default 100, at most 1,000. */
  limit?: number;
  /** The `next` cursor of an earlier page of the same query. */
  after?: string;
  /** Rows to skip (CKAN's paging; costs grow with it, unlike `after`). */
  offset?: number;
  /** Count every matching row (one more statement). */
  total?: boolean;
}

/** Who asked, for the audit ledger. */
export interface OpenRequest {
  requestId?: string;
  /** What the ledger calls the call (default `open-rows`). */
  action?: string;
  /** How the rows left (json, csv, geojson, jsonl…), kept in the entry's detail. */
  format?: string;
}

export interface OpenPage {
  resource: Resource;
  /** The items each record holds, in the order asked for. */
  fields: DataItem[];
  records: DataRecord[];
  /** The cursor of the page after this one, or null on the last page. */
  next: string | null;
  /** Matching rows over all pages, when asked for. */
  total: number | null;
}

export interface OpenDownload {
  resource: Resource;
  fields: DataItem[];
  /** Rows matching when the download started (the count recorded in the ledger). */
  rowCount: number;
  /** The rows in batches, read page by page from the store as the consumer asks for them. */
  batches: AsyncIterable<DataRecord[]>;
}
