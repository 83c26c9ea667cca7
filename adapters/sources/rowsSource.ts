/**
 * A source over rows the caller already has: an array, or a function giving a fresh (async)
 * iterable each time it is read — generated data for tests and benchmarks, or records an API
 * request carried. Records are numbered 1, 2, 3 …; `positioned` takes `SourceRow`s as they are,
 * with their own positions and problems.
 */
import type { ReadOptions, SourceAdapter, SourceColumn, SourceKind, SourceRow } from '../model.js';

type Many<T> = Iterable<T> | AsyncIterable<T>;
export type Records = readonly Record<string, unknown>[] | (() => Many<Record<string, unknown>>);
export type PositionedRows = readonly SourceRow[] | (() => Many<SourceRow>);

export interface RowsSourceOptions {
  /** The columns `describe()` offers (default: the first record's keys). */
  columns?: readonly string[];
  /** What the rows stand for (default `rest`: records as a JSON API gives them). */
  kind?: SourceKind;
}

function abortError(): Error {
  const err = new Error('the read was aborted');
  err.name = 'AbortError';
  return err;
}

function isSync<T>(rows: Many<T>): rows is Iterable<T> {
  return typeof (rows as Iterable<T>)[Symbol.iterator] === 'function';
}

async function* batches(rows: Many<SourceRow>, { batchSize, signal }: ReadOptions): AsyncGenerator<SourceRow[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  let batch: SourceRow[] = [];
  // Rows already in memory are batched without a promise per row.
  if (isSync(rows)) {
    for (const row of rows) {
      batch.push(row);
      if (batch.length === batchSize) {
        if (signal?.aborted) throw abortError();
        yield batch;
        batch = [];
      }
    }
  } else {
    for await (const row of rows) {
      if (signal?.aborted) throw abortError();
      batch.push(row);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (signal?.aborted) throw abortError();
  if (batch.length) yield batch;
}

function numbered(records: Many<Record<string, unknown>>): Many<SourceRow> {
  if (isSync(records)) {
    return (function* () {
      let position = 0;
      for (const values of records) yield { position: ++position, values };
    })();
  }
  return (async function* () {
    let position = 0;
    for await (const values of records) yield { position: ++position, values };
  })();
}

function makeSource(open: () => Many<SourceRow>, options: RowsSourceOptions): SourceAdapter {
  return {
    kind: options.kind ?? 'rest',
    async describe(): Promise<SourceColumn[]> {
      if (options.columns) return options.columns.map((name) => ({ name }));
      for await (const row of open()) return Object.keys(row.values).map((name) => ({ name }));
      return [];
    },
    read: (readOptions: ReadOptions) => batches(open(), readOptions),
    async close() {},
  };
}

export function rowsSource(records: Records, options: RowsSourceOptions = {}): SourceAdapter {
  return makeSource(() => numbered(typeof records === 'function' ? records() : records), options);
}

/** A source over rows that carry their own positions and, for bad records, the source's problem. */
export function positionedRowsSource(rows: PositionedRows, options: RowsSourceOptions = {}): SourceAdapter {
  return makeSource(() => (typeof rows === 'function' ? rows() : rows), options);
}
