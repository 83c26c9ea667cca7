import type { Knex } from 'knex';
import type { DomainError } from '../errors.js';

/** Everything that differs between SQLite and PostgreSQL, in one place. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Rows per multi-row `INSERT … VALUES` that stay under the engine's bound-parameter limit. (knex's
   * own builder writes SQLite multi-row inserts as a compound SELECT, capped at 500 rows.)
   */
  batchRows(columns: number): number;
  /** Makes a transaction that reads before it writes queue for the write lock at its start. */
  lockForWrite(trx: Knex.Transaction): Promise<void>;
  /** Deletes every row of a table and restarts its row ids, inside the given transaction. */
  emptyTable(trx: Knex.Transaction, table: string): Promise<void>;
  /** Case-insensitive substring match on a column. */
  whereContains(qb: Knex.QueryBuilder, column: string, text: string): Knex.QueryBuilder;
  /** SQL that is true when two (already quoted) expressions differ, a null differing from a value but not from a null. */
  distinct(left: string, right: string): string;
  /** Translates a driver error into a domain error, or returns undefined when it is not one we know. */
  translateError(err: unknown): DomainError | undefined;
  /** Names of the user tables in the current database/schema. */
  listTables(knex: Knex): Promise<string[]>;
}
