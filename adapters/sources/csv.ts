/**
 * The CSV source: a department's file read as a stream — bytes, decoded text (encoding detected),
 * records — so memory stays flat however large the file. The header row names the columns; a
 * record the file itself gets wrong (broken quoting, a wrong number of fields) is still yielded,
 * with its `problem`, for the runner to quarantine.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { InputError } from '../../shared/index.js';
import type { ReadOptions, SourceAdapter, SourceColumn, SourceOptions, SourceRow } from '../model.js';
import { CsvTokenizer, MAX_RECORD_CHARS, type CsvRecord } from './CsvTokenizer.js';
import { decodeText, detectDelimiter, resolveEncoding } from './decode.js';

export type CsvOptions = Pick<SourceOptions, 'encoding' | 'delimiter'>;

const CHUNK_BYTES = 256 * 1024;

export function csvSource(path: string, options: CsvOptions = {}): SourceAdapter {
  const encoding = options.encoding === undefined ? undefined : resolveEncoding(options.encoding);
  const delimiter = options.delimiter === undefined ? undefined : checkDelimiter(options.delimiter);
  const open = new Set<ReadStream>();
  const file: CsvFile = { path, encoding, delimiter, open };

  return {
    kind: 'csv',
    async describe(): Promise<SourceColumn[]> {
      for await (const records of fileRecords(file)) {
        if (records.length) return headerColumns(records[0]).map((name) => ({ name }));
      }
      throw noHeader();
    },
    read: (readOptions) => readRows(file, readOptions),
    async close(): Promise<void> {
      await Promise.all([...open].map(closeStream));
      open.clear();
    },
  };
}

interface CsvFile {
  path: string;
  encoding: string | undefined;
  delimiter: string | undefined;
  /** Streams of reads in progress, closed by `close()`. */
  open: Set<ReadStream>;
}

function checkDelimiter(delimiter: string): string {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InputError('bad CSV options', [{ field: 'delimiter', message: 'must be one character other than a quote or a line break' }]);
  }
  return delimiter;
}

async function* readRows(file: CsvFile, options: ReadOptions): AsyncGenerator<SourceRow[], void, undefined> {
  const { batchSize, signal } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InputError('bad read options', [{ field: 'batchSize', message: 'must be a positive whole number' }]);
  }
  let columns: string[] | undefined;
  let batch: SourceRow[] = [];
  for await (const records of fileRecords(file, signal)) {
    for (const record of records) {
      if (!columns) {
        columns = headerColumns(record);
        continue;
      }
      batch.push(toRow(record, columns));
      if (batch.length === batchSize) {
        if (signal?.aborted) throw abortError(signal);
        yield batch;
        batch = [];
      }
    }
    if (signal?.aborted) throw abortError(signal);
  }
  if (!columns) throw noHeader();
  if (batch.length) yield batch;
}

/** The file's records, a chunk's worth at a time; the header record comes first. */
async function* fileRecords(file: CsvFile, signal?: AbortSignal): AsyncGenerator<CsvRecord[], void, undefined> {
  if (signal?.aborted) throw abortError(signal);
  const stream = createReadStream(file.path, { highWaterMark: CHUNK_BYTES, ...(signal ? { signal } : {}) });
  file.open.add(stream);
  try {
    let tokenizer: CsvTokenizer | undefined;
    let head = '';
    for await (const text of decodeText(stream, { encoding: file.encoding })) {
      const out: CsvRecord[] = [];
      if (tokenizer) tokenizer.push(text, out);
      else {
        // The delimiter is detected on the first line, so text waits until that line is whole.
        head += text;
        const first = firstLine(head);
        if (first === undefined && head.length <= MAX_RECORD_CHARS) continue;
        tokenizer = new CsvTokenizer(file.delimiter ?? detectDelimiter(first ?? head));
        tokenizer.push(head, out);
        head = '';
      }
      if (out.length) yield out;
    }
    tokenizer ??= new CsvTokenizer(file.delimiter ?? detectDelimiter(head));
    const out: CsvRecord[] = [];
    if (head) tokenizer.push(head, out);
    tokenizer.end(out);
    if (out.length) yield out;
  } catch (err) {
    if (signal?.aborted) throw abortError(signal);
    throw err;
  } finally {
    // The read settles only once its file is closed.
    await closeStream(stream);
    file.open.delete(stream);
  }
}

function closeStream(stream: ReadStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', () => resolve());
    stream.destroy();
  });
}

/** The first non-blank line of `text`, once its end is there. */
function firstLine(text: string): string | undefined {
  for (let start = 0; ; ) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return undefined;
    const line = text.slice(start, nl);
    if (line.trim() !== '') return line;
    start = nl + 1;
  }
}

function headerColumns(record: CsvRecord): string[] {
  if (record.problem) throw new InputError('the CSV header cannot be read', [{ field: `line ${record.line}`, message: `has broken quoting (${record.problem})` }]);
  const columns = record.fields.map((f) => f.trim());
  const problems = columns.flatMap((name, i) =>
    name === ''
      ? [{ field: `header column ${i + 1}`, message: 'has no name' }]
      : columns.indexOf(name) < i
        ? [{ field: `header column ${i + 1}`, message: `repeats the name "${name}" of column ${columns.indexOf(name) + 1}` }]
        : [],
  );
  if (problems.length) throw new InputError('the CSV header cannot be used', problems);
  return columns;
}

/**
 * A record as a source row keyed by the header's names. A record with too many fields keeps the
 * extra ones under `#9`, `#10`… (their 1-based positions), so nothing read is lost.
 */
function toRow(record: CsvRecord, columns: string[]): SourceRow {
  const { fields } = record;
  const values: Record<string, unknown> = {};
  const n = Math.min(fields.length, columns.length);
  for (let i = 0; i < n; i++) values[columns[i]] = fields[i];
  for (let i = n; i < fields.length; i++) values[`#${i + 1}`] = fields[i];
  const problem = record.problem ?? (fields.length === columns.length ? undefined : `expected ${columns.length} fields, found ${fields.length}`);
  return problem ? { position: record.line, values, problem } : { position: record.line, values };
}

function noHeader(): InputError {
  return new InputError('the CSV file is empty', [{ field: 'line 1', message: 'should be a header row naming the columns' }]);
}

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('the read was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}
