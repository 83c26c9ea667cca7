import type { Knex } from 'knex';
import type { DomainError } from '../errors.js';

/** Everything that differs between SQLite and PostgreSQL, in one place. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** Rows per multi-row INSERT that stay under the engine's bound-parameter limit. */
  batchRows(columns: number): number;
  /** Case-insensitive substring match on a column. */
  whereContains(qb: Knex.QueryBuilder, column: string, text: string): Knex.QueryBuilder;
  /** Translates a driver error into a domain error, or returns undefined when it is not one we know. */
  translateError(err: unknown): DomainError | undefined;
  /** Names of the user tables in the current database/schema. */
  listTables(knex: Knex): Promise<string[]>;
}
