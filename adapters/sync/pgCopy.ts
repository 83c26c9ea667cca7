/**
 * Bulk loading on PostgreSQL with COPY FROM STDIN in text format: one tab-separated line per row,
 * `\N` for null, and backslash, tab, newline and carriage return escaped.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;

/** One value in COPY's text format. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  const text = value instanceof Date ? value.toISOString() : String(value);
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : text;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

const ROWS_PER_CHUNK = 500;

function* lines(rows: readonly (readonly unknown[])[]): Generator<string> {
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let chunk = '';
    const end = Math.min(rows.length, i + ROWS_PER_CHUNK);
    for (let r = i; r < end; r++) chunk += `${rows[r]!.map(copyValue).join('\t')}\n`;
    yield chunk;
  }
}

/** Copies rows into a table on a connection of the caller's (inside its transaction, if it has one). */
export async function copyRows(conn: pg.ClientBase, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (!rows.length) return;
  const stream = conn.query(copyStreams.from(`COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(lines(rows)), stream);
}
