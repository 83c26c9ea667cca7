import type { Knex } from 'knex';
import { ConflictError, InputError, type DomainError } from '../errors.js';
import type { Dialect } from './Dialect.js';

const MAX_VARIABLES = 32766; // SQLite >= 3.32

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  batchRows: (columns) => Math.max(1, Math.floor(MAX_VARIABLES / Math.max(columns, 1))),
  async lockForWrite(trx) {
    // A write that touches no row takes SQLite's write lock: the effect of BEGIN IMMEDIATE, which
    // knex does not offer. The migrations table exists in every migrated database.
    await trx.raw('update govshare_migrations set id = id where 0');
  },
  async emptyTable(trx, table) {
    await trx(table).delete();
    // sqlite_sequence exists once any AUTOINCREMENT table does.
    if (await trx.schema.hasTable('sqlite_sequence')) await trx('sqlite_sequence').where({ name: table }).delete();
  },
  whereContains: (qb, column, text) => qb.whereRaw('instr(lower(??), lower(?)) > 0', [column, text]),
  distinct: (left, right) => `${left} IS NOT ${right}`,
  translateError(err: unknown): DomainError | undefined {
    const code = (err as { code?: string } | null)?.code;
    const message = String((err as Error | null)?.message ?? '');
    if (code !== 'SQLITE_CONSTRAINT') return undefined;
    if (message.includes('UNIQUE')) return new ConflictError('a record with the same key already exists');
    if (message.includes('FOREIGN KEY')) return new InputError('a referenced record does not exist');
    if (message.includes('NOT NULL')) return new InputError('a required value is missing');
    return new InputError('the record violates a constraint');
  },
  async listTables(knex: Knex): Promise<string[]> {
    const rows: { name: string }[] = await knex('sqlite_master')
      .select('name')
      .where({ type: 'table' })
      .andWhereNot('name', 'like', 'sqlite_%');
    return rows.map((r) => r.name);
  },
};
