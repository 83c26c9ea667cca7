/**
 * Bulk loading on SQLite: one pooled sqlite3 connection, one transaction, and a prepared
 * multi-row INSERT run again and again. Going around knex's query builder matters here: formatting
 * thousands of bindings per statement costs more than SQLite takes to store them.
 */
import type { Knex } from 'knex';

/** What this file needs of a sqlite3 `Database` and `Statement`. */
interface SqliteStatement {
  run(params: unknown[], cb: (err: Error | null) => void): void;
  finalize(cb: (err: Error | null) => void): void;
}
interface SqliteConnection {
  run(sql: string, params: unknown[], cb: (err: Error | null) => void): void;
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
}

/** Rows per prepared statement: past ~100, longer statements stop paying for themselves. */
const ROWS_PER_STATEMENT = 100;

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export class SqliteBulkSession {
  private constructor(private readonly conn: SqliteConnection) {}

  /** Runs `work` inside `BEGIN IMMEDIATE … COMMIT` on a connection of knex's pool. */
  static async transaction(knex: Knex, work: (session: SqliteBulkSession) => Promise<void>): Promise<void> {
    const conn = (await knex.client.acquireConnection()) as SqliteConnection;
    const session = new SqliteBulkSession(conn);
    try {
      await session.run('BEGIN IMMEDIATE');
      try {
        await work(session);
        await session.run('COMMIT');
      } catch (err) {
        await session.run('ROLLBACK').catch(() => {});
        throw err;
      }
    } finally {
      await knex.client.releaseConnection(conn);
    }
  }

  run(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => this.conn.run(sql, params, (err) => (err ? reject(err) : resolve())));
  }

  async insert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    const full = Math.floor(rows.length / ROWS_PER_STATEMENT) * ROWS_PER_STATEMENT;
    if (full) await this.insertWith(table, columns, rows, 0, full, ROWS_PER_STATEMENT);
    if (full < rows.length) await this.insertWith(table, columns, rows, full, rows.length, rows.length - full);
  }

  private async insertWith(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], from: number, to: number, per: number): Promise<void> {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${new Array<string>(per).fill(tuple).join(', ')}`;
    const statement = await new Promise<SqliteStatement>((resolve, reject) => {
      const s = this.conn.prepare(sql, (err) => (err ? reject(err) : resolve(s)));
    });
    const width = columns.length;
    const params = new Array<unknown>(per * width);
    try {
      for (let start = from; start < to; start += per) {
        let k = 0;
        for (let r = start; r < start + per; r++) {
          const row = rows[r]!;
          for (let c = 0; c < width; c++) params[k++] = row[c];
        }
        await new Promise<void>((resolve, reject) => statement.run(params, (err) => (err ? reject(err) : resolve())));
      }
    } finally {
      await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    }
  }
}
