/**
 * A validated row predicate as knex WHERE clauses on a data table's columns. Every value is a bound
 * parameter, converted to the column's type; no part of a predicate becomes SQL text except the
 * column names, which come from the catalog's items, never from the predicate.
 *
 * Semantics, the same on SQLite and PostgreSQL (the shared store) and on MySQL/MariaDB (live sources):
 * - a comparison with an empty (null) stored value is false — `ne` included, as in SQL;
 * - strings compare in the database's collation (code-point order on SQLite and on a C-collated
 *   PostgreSQL; MySQL's usual `_ci` collations also equate letters that differ only in case);
 * - `prefix` is case-sensitive on every engine (SQLite's LIKE alone ignores ASCII case, MySQL's
 *   follows the collation);
 * - `between` includes both ends.
 */
import type { Knex } from 'knex';
import { columnName, type DataItem } from '../../catalog/index.js';
import { UnreachableCaseError } from '../../shared/index.js';
import type { Predicate, Scalar } from '../model.js';

type Items = ReadonlyMap<string, DataItem> | readonly DataItem[];

/**
 * A value as the column stores it: booleans 0/1 on SQLite and MySQL, date-times as ISO instants
 * (on MySQL, whose DATETIME takes no zone, as the UTC wall-clock time live rows are read back as).
 */
export function bindValue(item: DataItem, value: Scalar, engine: Engine): Knex.Value {
  switch (item.dataType) {
    case 'boolean':
      return engine === 'postgres' ? Boolean(value) : value ? 1 : 0;
    case 'integer':
    case 'decimal':
      return Number(value);
    case 'datetime': {
      const iso = new Date(String(value)).toISOString();
      return engine === 'mysql' ? iso.slice(0, 23).replace('T', ' ') : iso;
    }
    default:
      return String(value);
  }
}

/** The shared store's engines, and MySQL/MariaDB for live sources. */
export type Engine = 'sqlite' | 'postgres' | 'mysql';

/** The engine a query builder will run on. */
export function engineOf(qb: Knex.QueryBuilder): Engine {
  const client = qb.client as { dialect?: string; config?: { client?: unknown } };
  const name = String(client.dialect ?? client.config?.client ?? '');
  if (name.startsWith('sqlite') || name === 'better-sqlite3') return 'sqlite';
  return name.startsWith('mysql') ? 'mysql' : 'postgres';
}

/** `%`, `_` and the escape character itself stand for themselves in a LIKE pattern after this. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Adds `predicate` to the query as one parenthesised WHERE group. The predicate must be valid for `items`. */
export function applyPredicate<Q extends Knex.QueryBuilder>(qb: Q, predicate: Predicate, items: Items): Q {
  const byName = items instanceof Map ? items : new Map((items as readonly DataItem[]).map((i) => [i.apiName, i]));
  const engine = engineOf(qb);
  qb.where((group) => {
    addCondition(group, predicate, byName, engine);
  });
  return qb;
}

function addCondition(qb: Knex.QueryBuilder, p: Predicate, items: ReadonlyMap<string, DataItem>, engine: Engine): void {
  if ('and' in p) {
    for (const sub of p.and) qb.where((b) => addCondition(b, sub, items, engine));
    return;
  }
  if ('or' in p) {
    for (const sub of p.or) qb.orWhere((b) => addCondition(b, sub, items, engine));
    return;
  }
  const item = items.get(p.field);
  // Validation names every unknown field first; reaching here with one is a programming error.
  if (!item) throw new Error('applyPredicate: predicate names an item it was not given');
  const column = columnName(item);
  const bind = (v: Scalar) => bindValue(item, v, engine);
  switch (p.op) {
    case 'eq':
      qb.where(column, '=', bind(p.value));
      return;
    case 'ne':
      qb.where(column, '<>', bind(p.value));
      return;
    case 'lt':
      qb.where(column, '<', bind(p.value));
      return;
    case 'lte':
      qb.where(column, '<=', bind(p.value));
      return;
    case 'gt':
      qb.where(column, '>', bind(p.value));
      return;
    case 'gte':
      qb.where(column, '>=', bind(p.value));
      return;
    case 'in':
      qb.whereIn(column, p.value.map(bind));
      return;
    case 'between':
      qb.whereBetween(column, [bind(p.value[0]), bind(p.value[1])]);
      return;
    case 'prefix': {
      const text = String(p.value);
      const length = Array.from(text).length;
      // LIKE finds the candidates (and can use an index); the substr equality makes SQLite's
      // ASCII-case-insensitive LIKE agree with PostgreSQL's case-sensitive one. MySQL's LIKE
      // escapes with a backslash already (and reads '\' as an unclosed string), and its equality
      // follows the column's collation, so there the prefix is compared under a binary one —
      // converted first, since the column may be in any character set.
      if (engine === 'mysql') {
        qb.whereRaw('?? like ? and convert(substr(??, 1, ?) using utf8mb4) collate utf8mb4_bin = ?', [column, `${escapeLike(text)}%`, column, length, text]);
      } else {
        qb.whereRaw(`?? like ? escape '\\' and substr(??, 1, ?) = ?`, [column, `${escapeLike(text)}%`, column, length, text]);
      }
      return;
    }
    default:
      throw new UnreachableCaseError(p);
  }
}
