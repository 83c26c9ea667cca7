/**
 * The adapters area's only import surface. Every kind of source (SQL database, CSV/Excel file,
 * REST/JSON API) implements `SourceAdapter`; the sync runner and live queries build on it.
 */
import type { DataType } from '../catalog/index.js';

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
  /** Line number (files), offset (APIs) or row position (databases). */
  position: number;
  values: Record<string, unknown>;
}

export interface ReadOptions {
  /** Rows per batch. */
  batchSize: number;
  /** For incremental reads: only rows whose watermark column is greater than this. */
  since?: string | number;
  signal?: AbortSignal;
}

export interface SourceAdapter {
  readonly kind: 'sql' | 'csv' | 'excel' | 'rest';
  /** The columns the source offers. */
  describe(): Promise<SourceColumn[]>;
  /** Every row (or every row since a watermark), in batches. */
  read(options: ReadOptions): AsyncIterable<SourceRow[]>;
  close(): Promise<void>;
}
