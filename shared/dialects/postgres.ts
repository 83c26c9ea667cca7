import type { Knex } from 'knex';
import { ConflictError, InputError, type DomainError } from '../errors.js';
import type { Dialect } from './Dialect.js';

const MAX_PARAMETERS = 65535;

export const postgresDialect: Dialect = {
  name: 'postgres',
  batchRows: (columns) => Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(columns, 1))),
  async lockForWrite() {
    // Row locks and guarded updates decide between concurrent writers; nothing to take up front.
  },
  async emptyTable(trx, table) {
    await trx.raw('TRUNCATE TABLE ?? RESTART IDENTITY', [table]);
  },
  whereContains: (qb, column, text) => qb.whereRaw('strpos(lower(??), lower(?)) > 0', [column, text]),
  distinct: (left, right) => `${left} IS DISTINCT FROM ${right}`,
  translateError(err: unknown): DomainError | undefined {
    const code = (err as { code?: string } | null)?.code;
    switch (code) {
      case '23505':
        return new ConflictError('a record with the same key already exists');
      case '23503':
        return new InputError('a referenced record does not exist');
      case '23502':
        return new InputError('a required value is missing');
      case '22P02':
      case '22007':
      case '22008':
      case '22003':
        return new InputError('a value has the wrong type or is out of range');
      default:
        return undefined;
    }
  },
  async listTables(knex: Knex): Promise<string[]> {
    const rows: { table_name: string }[] = await knex('information_schema.tables')
      .select('table_name')
      .whereRaw('table_schema = current_schema()')
      .andWhere({ table_type: 'BASE TABLE' });
    return rows.map((r) => r.table_name);
  },
};
