/**
 * Multi-row inserts as plain `INSERT … VALUES (…), (…)` statements. knex's builder writes SQLite
 * multi-row inserts as a compound SELECT (capped at 500 rows) and compiling large inserts costs
 * more than running them; this keeps each statement under the engine's parameter limit instead.
 */
import type { Knex } from 'knex';
import type { Dialect } from './dialects/Dialect.js';

export async function insertRows(
  q: Knex | Knex.Transaction,
  dialect: Dialect,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  maxRows = 1000,
): Promise<void> {
  if (!rows.length) return;
  const per = Math.min(maxRows, dialect.batchRows(columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `insert into ?? (${columns.map(() => '??').join(', ')}) values `;
  const full = head + new Array<string>(per).fill(tuple).join(', ');
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const sql = chunk.length === per ? full : head + new Array<string>(chunk.length).fill(tuple).join(', ');
    await q.raw(sql, [table, ...columns, ...(chunk.flat() as Knex.Value[])]);
  }
}
