/**
 * The statements behind open data, built from a checked query: the filter is compiled by the same
 * predicate compiler grants use, pages follow keyset cursors, and downloads walk the table by row
 * id in batches, each one statement, so nothing holds a connection between batches and nothing
 * holds more than one batch in memory. (knex's `.stream()` on SQLite reads the whole result before
 * it emits a row, so it cannot serve here.)
 */
import type { Knex } from 'knex';
import { columnName, dataTableName, ROW_ID_COLUMN, type DataItem, type Resource } from '../../catalog/index.js';
import type { Database } from '../../shared/index.js';
import { applyPredicate } from '../policy/compilePredicate.js';
import { maskValue } from '../policy/masking.js';
import { applyAfter, applyOrder, cursorValues, encodeCursor, type CursorValue } from '../query/ordering.js';
import { recordReader, type DataRecord } from '../storeReader.js';
import type { OpenPage } from './model.js';
import type { CompiledOpenQuery } from './openQuery.js';

const COUNT = '_count';
const DEFAULT_BATCH = 2000;

export class OpenReader {
  readonly knex: Knex;

  constructor(private readonly db: Database, private readonly batch = DEFAULT_BATCH) {
    this.knex = db.knex;
  }

  /** One page; `total` adds a count over every matching row. */
  async page(resource: Resource, q: CompiledOpenQuery, total: boolean): Promise<Omit<OpenPage, 'resource'>> {
    const read = this.readerFor(q);
    const page = this.matching(resource, q).select(read.columns);
    if (q.ordering.needsRowId) page.select(ROW_ID_COLUMN);
    if (q.after) applyAfter(page, q.ordering, q.after, this.db.dialect.name);
    applyOrder(page, q.ordering, this.db.dialect.name);
    page.limit(q.limit + 1);
    if (q.offset) page.offset(q.offset);
    const [rows, counted] = await Promise.all([this.run<Record<string, unknown>[]>(page), total ? this.count(resource, q) : Promise.resolve(null)]);
    const shown = rows.slice(0, q.limit);
    const last = shown[shown.length - 1];
    // The cursor of the last row continues an offset page too.
    const next = rows.length > q.limit && last ? encodeCursor(q.ordering, cursorValues(q.ordering, read.stored(last), last[ROW_ID_COLUMN] as CursorValue)) : null;
    return { fields: q.fields, records: shown.map((row) => read.shown(row)), next, total: counted };
  }

  async count(resource: Resource, q: CompiledOpenQuery): Promise<number> {
    const [row] = await this.run<Record<string, unknown>[]>(this.matching(resource, q).count({ [COUNT]: '*' }));
    return Number(row![COUNT]);
  }

  /**
   * Every matching row in row-id order, one statement per batch. The next batch is read while the
   * consumer writes this one (at most two batches are held), so the database and the encoding overlap.
   */
  async *scan(resource: Resource, q: CompiledOpenQuery): AsyncGenerator<DataRecord[]> {
    const read = this.readerFor(q);
    const batchAfter = (last: number) =>
      this.run<Record<string, unknown>[]>(this.matching(resource, q).select(read.columns).select(ROW_ID_COLUMN).where(ROW_ID_COLUMN, '>', last).orderBy(ROW_ID_COLUMN).limit(this.batch));
    let pending = batchAfter(0);
    try {
      for (;;) {
        const rows = await pending;
        if (rows.length === 0) return;
        const more = rows.length === this.batch;
        if (more) pending = batchAfter(Number(rows[rows.length - 1]![ROW_ID_COLUMN]));
        yield rows.map((row) => read.shown(row));
        if (!more) return;
      }
    } finally {
      pending.catch(() => {}); // a consumer that stopped early leaves a read nobody awaits
    }
  }

  /** The table with the query's filter and searches applied. */
  private matching(resource: Resource, q: CompiledOpenQuery): Knex.QueryBuilder {
    const qb = this.knex(dataTableName(resource.apiName));
    if (q.where) applyPredicate(qb, q.where, q.items);
    for (const search of q.search) {
      qb.where((any) => {
        for (const item of search.items) any.orWhere((one) => this.db.dialect.whereContains(one, columnName(item), search.text));
      });
    }
    return qb;
  }

  /** The columns to select (shown items and ordering items), and how a row becomes a stored and a shown record. */
  private readerFor(q: CompiledOpenQuery) {
    const ordered = q.ordering.keys.flatMap((k) => (k.item ? [k.item] : []));
    const items: DataItem[] = [...new Set([...q.fields, ...ordered])];
    const stored = recordReader(items);
    const masked = q.fields.map((item) => [item, q.masks.get(item.apiName)] as const);
    return {
      columns: items.map(columnName),
      stored,
      shown: (row: Record<string, unknown>): DataRecord => {
        const record = stored(row);
        const out: DataRecord = {};
        for (const [item, rule] of masked) out[item.apiName] = rule ? maskValue(item, rule, record[item.apiName]!) : record[item.apiName]!;
        return out;
      },
    };
  }

  private async run<T>(qb: Knex.QueryBuilder): Promise<T> {
    try {
      return (await qb) as T;
    } catch (err) {
      throw this.db.dialect.translateError(err) ?? err;
    }
  }
}
