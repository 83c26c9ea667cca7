/**
 * What a SQL source offers: its columns in order with a plausible catalog type, and the columns that
 * identify a row (a table's primary key), read from each engine's own metadata.
 */
import type { Knex } from 'knex';
import type { DataType } from '../../catalog/index.js';
import { InputError } from '../../shared/index.js';
import type { SourceColumn } from '../model.js';
import type { SourceEngine } from './sqlConnection.js';

/** A table or view (`name` or `schema.name`), or a SELECT read as a subquery. */
export type SqlSourceSpec = { table: string; query?: undefined } | { query: string; table?: undefined };

/** Exactly one of `table` or `query`, checked; InputError naming the option otherwise. */
export function sqlSourceSpec(options: { table?: unknown; query?: unknown }): SqlSourceSpec {
  const { table, query } = options;
  if ((table === undefined) === (query === undefined)) {
    throw new InputError('invalid SQL source', [{ field: 'options.table', message: 'give exactly one of table or query' }]);
  }
  if (table !== undefined) {
    if (typeof table !== 'string' || !/^[^.\s"`]+(\.[^.\s"`]+)?$/u.test(table)) {
      throw new InputError('invalid SQL source', [{ field: 'options.table', message: 'must be a table or view name, optionally schema.name' }]);
    }
    return { table };
  }
  const text = typeof query === 'string' ? query.trim().replace(/;\s*$/, '') : '';
  if (!/^(select|with)\b/i.test(text) || text.includes(';')) {
    throw new InputError('invalid SQL source', [{ field: 'options.query', message: 'must be one SELECT statement' }]);
  }
  return { query: text };
}

/** The source's rows as a FROM item aliased `alias` (a plain identifier of ours, never input). */
export function sourceFrom(knex: Knex, engine: SourceEngine, spec: SqlSourceSpec, alias: string): Knex.Raw {
  if (spec.table !== undefined) return knex.raw('?? as ??', [spec.table, alias]);
  // Without bindings knex leaves the text alone; with them it would count the query's own `?`s.
  return knex.raw(`(${embeddable(spec.query, engine)}) as ${alias}`);
}

/**
 * A publisher's SELECT made safe to place inside a knex statement. node-postgres numbers every `?`
 * of the final text, one inside a string literal included, unless it is escaped; SQLite and mysql2
 * leave a quoted `?` alone and would keep the escape.
 */
export function embeddable(query: string, engine: SourceEngine): string {
  return engine === 'postgres' ? query.replace(/\?/g, '\\?') : query;
}

function splitName(table: string): { schema?: string; name: string } {
  const dot = table.indexOf('.');
  return dot < 0 ? { name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

/** The columns of the source in order. A missing table or a failing query throws the driver's error. */
export async function describeColumns(knex: Knex, engine: SourceEngine, spec: SqlSourceSpec): Promise<SourceColumn[]> {
  switch (engine) {
    case 'sqlite':
      return sqliteColumns(knex, spec);
    case 'postgres': {
      const result: { fields: { name: string; dataTypeID: number }[] } = await knex.raw('select * from ? limit 0', [sourceFrom(knex, engine, spec, 'src')]);
      return result.fields.map((f) => column(f.name, PG_TYPES[f.dataTypeID] ?? `oid ${f.dataTypeID}`));
    }
    case 'mysql': {
      const [, fields] = (await knex.raw('select * from ? limit 0', [sourceFrom(knex, engine, spec, 'src')])) as [unknown, MysqlField[]];
      return fields.map((f) => column(f.name, mysqlType(f)));
    }
  }
}

async function sqliteColumns(knex: Knex, spec: SqlSourceSpec): Promise<SourceColumn[]> {
  type Info = { name: string; type: string };
  if (spec.table !== undefined) {
    const { schema, name } = splitName(spec.table);
    const rows: Info[] = await knex.raw(`pragma ${schema ? `${quoteSqlite(schema)}.` : ''}table_info(${quoteSqlite(name)})`);
    if (rows.length === 0) throw new Error(`no such table: ${spec.table}`);
    return rows.map((r) => column(r.name, r.type));
  }
  // SQLite names a statement's columns only once it returns a row; a temporary view (allowed on a
  // read-only connection) describes an empty result too. One transaction keeps it on one connection.
  return knex.transaction(async (trx) => {
    const view = `_govshare_describe_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    await trx.raw(`create temp view ${view} as ${spec.query}`);
    try {
      const rows: Info[] = await trx.raw(`pragma temp.table_info(${view})`);
      return rows.map((r) => column(r.name, r.type));
    } finally {
      await trx.raw(`drop view temp.${view}`);
    }
  });
}

function quoteSqlite(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * The columns that identify a row of a table, in key order: its primary key, or SQLite's hidden
 * `rowid` for a rowid table without one. Undefined for views, queries and tables without a key.
 */
export async function rowIdentity(knex: Knex, engine: SourceEngine, spec: SqlSourceSpec): Promise<string[] | undefined> {
  if (spec.table === undefined) return undefined;
  const { schema, name } = splitName(spec.table);
  let columns: string[];
  if (engine === 'sqlite') {
    const prefix = schema ? `${quoteSqlite(schema)}.` : '';
    const info: { name: string; pk: number }[] = await knex.raw(`pragma ${prefix}table_info(${quoteSqlite(name)})`);
    columns = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (columns.length === 0) {
      const master = schema ? `${quoteSqlite(schema)}.sqlite_master` : 'sqlite_master';
      const kind: { type: string }[] = await knex.raw(`select type from ${master} where name = ?`, [name]);
      if (kind[0]?.type === 'table') return ['rowid'];
    }
  } else if (engine === 'postgres') {
    const result: { rows: { attname: string }[] } = await knex.raw(
      `select a.attname from pg_index i
         join pg_class c on c.oid = i.indrelid
         join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
       where i.indisprimary and c.relname = ? and n.nspname = coalesce(?, current_schema())
       order by array_position(i.indkey::int2[], a.attnum)`,
      [name, schema ?? null],
    );
    columns = result.rows.map((r) => r.attname);
  } else {
    const [rows] = (await knex.raw(
      `select column_name as name from information_schema.key_column_usage
       where table_schema = coalesce(?, database()) and table_name = ? and constraint_name = 'PRIMARY'
       order by ordinal_position`,
      [schema ?? null, name],
    )) as [{ name: string }[]];
    columns = rows.map((r) => r.name);
  }
  return columns.length ? columns : undefined;
}

function column(name: string, sourceType: string): SourceColumn {
  const dataType = plausibleType(sourceType);
  return dataType ? { name, sourceType, dataType } : { name, sourceType };
}

/** The catalog type a source type most plausibly holds (SQLite's affinity rules, roughly, for all three). */
export function plausibleType(sourceType: string): DataType | undefined {
  const t = sourceType.toLowerCase();
  if (t === '') return undefined;
  if (/^(bool|tinyint\(1\))/.test(t)) return 'boolean';
  if (/datetime|timestamp/.test(t)) return 'datetime';
  if (/^date$/.test(t)) return 'date';
  if (/^(unsigned )?(big |big|small|tiny|medium)?int(eger)?\d*\b/.test(t)) return 'integer';
  if (/real|floa|doub|num|dec/.test(t)) return 'decimal';
  if (/char|clob|text|string|enum|set/.test(t)) return 'string';
  return undefined;
}

const PG_TYPES: Record<number, string> = {
  16: 'boolean', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 700: 'real', 701: 'double precision',
  1042: 'character', 1043: 'character varying', 1082: 'date', 1114: 'timestamp', 1184: 'timestamptz', 1700: 'numeric',
  114: 'json', 3802: 'jsonb', 2950: 'uuid', 1083: 'time', 17: 'bytea',
};

interface MysqlField {
  name: string;
  columnType: number;
  columnLength: number;
  characterSet: number;
}

const BINARY_CHARSET = 63;

function mysqlType(f: MysqlField): string {
  if (f.columnType === 1 && f.columnLength === 1) return 'tinyint(1)';
  // Text and blob types share their codes; the binary character set tells them apart.
  if (f.characterSet === BINARY_CHARSET && [249, 250, 251, 252, 253, 254].includes(f.columnType)) return 'binary';
  return MYSQL_TYPES[f.columnType] ?? `type ${f.columnType}`;
}

const MYSQL_TYPES: Record<number, string> = {
  0: 'decimal', 1: 'tinyint', 2: 'smallint', 3: 'int', 4: 'float', 5: 'double', 7: 'timestamp', 8: 'bigint', 9: 'mediumint',
  10: 'date', 11: 'time', 12: 'datetime', 13: 'year', 15: 'varchar', 16: 'bit', 245: 'json', 246: 'decimal', 247: 'enum',
  248: 'set', 249: 'tinyblob', 250: 'mediumblob', 251: 'longblob', 252: 'text', 253: 'varchar', 254: 'char', 255: 'geometry',
};
