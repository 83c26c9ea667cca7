/**
 * The adapters' model: what a source offers (`SourceAdapter`), how a resource is bound to one
 * (`SourceBinding`), and what a sync run reports (`RunReport`).
 */
import type { Knex } from 'knex';
import type { DataType, Resource } from '../catalog/index.js';

export const SOURCE_KINDS = ['sql', 'csv', 'excel', 'rest'] as const;
export const SYNC_MODES = ['full', 'incremental', 'upsert'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type SyncMode = (typeof SYNC_MODES)[number];

/** A column as the source describes it, before it is mapped to a data item. */
export interface SourceColumn {
  name: string;
  /** The source's own type name, when it has one. */
  sourceType?: string;
  /** The catalog data type it most plausibly maps to. */
  dataType?: DataType;
}

/** One source row with where it came from, so invalid rows can be quarantined with their line. */
export interface SourceRow {
  /** Line number (files: the 1-based physical line the record starts on), record offset (APIs) or row position (databases). */
  position: number;
  /** Values keyed by the source's column names, as the source gives them (strings for files). */
  values: Record<string, unknown>;
  /**
   * A problem the source itself found with this record (an unclosed quote, a wrong number of
   * fields); the runner quarantines such a row with this reason instead of validating it.
   */
  problem?: string;
}

export interface ReadOptions {
  /** Rows per batch. */
  batchSize: number;
  /**
   * For incremental reads: only rows whose watermark column (the binding's `watermark` option) is
   * greater than this. Sources that can filter (SQL, REST with a `since` parameter) push it down;
   * others return everything and the runner filters.
   */
  since?: string | number;
  signal?: AbortSignal;
}

export interface SourceAdapter {
  readonly kind: SourceKind;
  /** The columns the source offers. */
  describe(): Promise<SourceColumn[]>;
  /** Every row (or every row since a watermark), in batches of at most `batchSize`. */
  read(options: ReadOptions): AsyncIterable<SourceRow[]>;
  close(): Promise<void>;
}

/** A source column feeding a data item, with the transforms applied on the way. */
export interface ColumnMapping {
  /** The source column (header, database column, or JSON property path like `a.b`). */
  column: string;
  /** The data item's apiName. */
  item: string;
  /** Source values replaced before parsing, e.g. `{"男": "1"}`. Code-set labels are mapped without this. */
  values?: Record<string, string>;
  /** A date pattern when the automatic date parsing cannot tell, e.g. `DD/MM/YYYY`. */
  dateFormat?: string;
}

/** Kind-specific options; unknown keys are refused when a binding is set. */
export interface SourceOptions {
  /** sql: the table or view to read. */
  table?: string;
  /** sql: a SELECT to read instead of a table. */
  query?: string;
  /** csv/excel/rest/sql: the column whose increasing value marks what an incremental run has already read. */
  watermark?: string;
  /** csv: the encoding when detection should be overridden (`utf-8`, `gbk`, `gb18030`). */
  encoding?: string;
  /** csv: the delimiter when detection should be overridden. */
  delimiter?: string;
  /** excel: the sheet name (default: the first sheet). */
  sheet?: string;
  /** rest: where the records array is in each response, a dotted path like `data.items` (default: the body itself). */
  recordsPath?: string;
  /** rest: how pages are walked. */
  paging?: RestPaging;
  /** rest: request headers, e.g. `{"Authorization": "Bearer …"}`. Secret: never shown or logged. */
  headers?: Record<string, string>;
  /** rest: per-request timeout in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** rest: retries on 5xx and timeouts (default 3), with exponential backoff. */
  retries?: number;
  /** rest (live): the URL template of a key lookup, e.g. `https://host/persons/{key}`. */
  lookupUrl?: string;
}

export type RestPaging =
  | { type: 'none' }
  | { type: 'page'; param?: string; sizeParam?: string; size?: number; start?: number }
  | { type: 'offset'; param?: string; limitParam?: string; limit?: number }
  | { type: 'cursor'; param?: string; cursorPath: string };

/** How a resource is bound to its source; stored with the catalog, keyed by the resource's code. */
export interface SourceBinding {
  resource: string;
  kind: SourceKind;
  /** A URL (sql: a knex connection URL like `mysql://root@127.0.0.1:3306/test`; rest: the list URL) or a file path. */
  location: string;
  options: SourceOptions;
  /** Empty: source columns named like the items' apiNames or Chinese names map themselves. */
  mapping: ColumnMapping[];
  mode: SyncMode;
  /** Queries are forwarded to the source instead of the shared store. */
  live: boolean;
  /** A run that would quarantine more than this share of the rows read fails without touching live data (default 0.1). */
  maxQuarantineShare: number;
  /** Override of the schedule the update cycle implies, as an interval in minutes; 0 disables scheduled runs. */
  scheduleMinutes?: number;
}

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface RunReport {
  id: number;
  resource: string;
  mode: SyncMode;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  read: number;
  /** New rows. */
  loaded: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  /** Earlier rows of the same key in one incremental/upsert run, replaced by a later one. */
  superseded: number;
  durationMs: number | null;
  /** Why a failed run failed. */
  error: string | null;
}

export interface QuarantinedRow {
  runId: number;
  resource: string;
  position: number;
  /** The data item (or source column) at fault; null when the whole record is bad. */
  field: string | null;
  reason: string;
  /** The source values as read. */
  values: Record<string, unknown>;
}

// ---- Live (federated) sources ----

/**
 * Where a live resource's rows are, shaped exactly like the exchange's `LiveStore` (adapters may not
 * import the exchange; TypeScript's structural typing lets a locator built here serve as its
 * `StoreLocator`, and the gateway hands one to the other). Keep the two declarations identical.
 * - `sql`: `from` yields the store's column names (`columnName(item)`) plus `_row_id` (the key);
 * - `lookup`: a record keyed by item apiName, or null when the source has none.
 */
export type LiveSource =
  | { kind: 'sql'; knex: Knex; engine: 'sqlite' | 'postgres' | 'mysql'; from: Knex.Raw }
  | { kind: 'lookup'; lookup: (key: string) => Promise<Record<string, unknown> | null> };
export type LiveSourceLocator = (resource: Resource) => Promise<LiveSource | undefined>;
