/**
 * Ordering and keyset pagination. A page is `ORDER BY <terms>, <tie> LIMIT first + 1`, and the page
 * after a cursor adds the lexicographic "comes after" condition on the same columns, so paging is
 * stable and costs the same on page 1 and page 1,000.
 *
 * - The tie-breaker is the key when the grant shows it unmasked; otherwise the store's row id. A
 *   cursor holds the values of its ordering columns, and base64 hides nothing: it must never carry
 *   a value the consumer cannot see, nor sort rows by one.
 * - Empty values sort last ascending and first descending (PostgreSQL's default), on both engines.
 * - A cursor names its ordering; one from another ordering, or forged, is bad input.
 */
import type { Knex } from 'knex';
import { columnName, ROW_ID_COLUMN, type DataItem } from '../../catalog/index.js';
import type { FieldProblem } from '../../shared/index.js';
import type { Scalar } from '../model.js';
import type { CompiledPolicy } from '../policy/compilePolicy.js';
import { bindValue, type Engine } from '../policy/compilePredicate.js';
import { valueProblem } from '../policy/predicate.js';
import type { DataRecord } from '../storeReader.js';
import type { SortDirection } from './model.js';

export interface SortKey {
  /** The item ordered by, or null for the store's row id. */
  item: DataItem | null;
  column: string;
  direction: SortDirection;
  nullable: boolean;
}

export interface Ordering {
  keys: SortKey[];
  /** Names the ordering inside its cursors. */
  signature: string;
  /** Whether the row id column must be selected to build cursors. */
  needsRowId: boolean;
}

export type CursorValue = Scalar | null;

const MAX_CURSOR_LENGTH = 16_384;

/** What an ordering needs to know of a policy: which items are shown, and which of them masked. */
export type VisibleItems = Pick<CompiledPolicy, 'items' | 'keyItem' | 'masks'>;

/** Whether the grant shows the key as stored, so it may order rows and appear in cursors. */
export function keyIsVisible(policy: VisibleItems): boolean {
  return policy.items.includes(policy.keyItem) && !policy.masks.has(policy.keyItem.apiName);
}

export function buildOrdering(policy: VisibleItems, terms: readonly { item: DataItem; direction: SortDirection }[]): Ordering {
  const keys: SortKey[] = terms.map(({ item, direction }) => ({ item, column: columnName(item), direction, nullable: !item.key }));
  if (!terms.some((t) => t.item.key)) {
    keys.push(
      keyIsVisible(policy)
        ? { item: policy.keyItem, column: columnName(policy.keyItem), direction: 'asc', nullable: false }
        : { item: null, column: ROW_ID_COLUMN, direction: 'asc', nullable: false },
    );
  }
  return {
    keys,
    signature: keys.map((k) => `${k.item?.apiName ?? '#'}:${k.direction}`).join(','),
    needsRowId: keys.some((k) => k.item === null),
  };
}

export function applyOrder(qb: Knex.QueryBuilder, ordering: Ordering, engine: Engine): void {
  for (const key of ordering.keys) {
    if (key.nullable) orderWithNulls(qb, key.column, key.direction, engine);
    else qb.orderBy(key.column, key.direction);
  }
}

/** Orders by a column with empty values last ascending and first descending; MySQL has no NULLS LAST. */
export function orderWithNulls(qb: Knex.QueryBuilder, column: string, direction: SortDirection, engine: Engine): void {
  if (engine === 'mysql') qb.orderByRaw(`?? is null ${direction}, ?? ${direction}`, [column, column]);
  else qb.orderByRaw(`?? ${direction} nulls ${direction === 'asc' ? 'last' : 'first'}`, [column]);
}

/** Rows strictly after the row whose ordering values are `values`. */
export function applyAfter(qb: Knex.QueryBuilder, ordering: Ordering, values: readonly CursorValue[], engine: Engine): void {
  const bind = (key: SortKey, v: Scalar) => (key.item ? bindValue(key.item, v, engine) : v);
  qb.where((any) => {
    ordering.keys.forEach((key, i) => {
      any.orWhere((branch) => {
        for (let j = 0; j < i; j++) {
          const [k, v] = [ordering.keys[j]!, values[j]!];
          if (v === null) branch.whereNull(k.column);
          else branch.where(k.column, '=', bind(k, v));
        }
        const v = values[i]!;
        if (key.direction === 'asc') {
          // Empty values come last: after an empty value only other empty ones, decided by later keys.
          if (v === null) branch.whereRaw('1 = 0');
          else if (key.nullable) branch.where((b) => b.where(key.column, '>', bind(key, v)).orWhereNull(key.column));
          else branch.where(key.column, '>', bind(key, v));
        } else if (v === null) branch.whereNotNull(key.column);
        else branch.where(key.column, '<', bind(key, v));
      });
    });
  });
}

/**
 * The ordering values of a row, read from its record (before masking) and its row id as a cursor may
 * carry it: the store's integer, or a live source's key sealed so the cursor does not show it.
 */
export function cursorValues(ordering: Ordering, record: DataRecord, rowId: CursorValue): CursorValue[] {
  return ordering.keys.map((k) => (k.item ? record[k.item.apiName] ?? null : rowId));
}

export function encodeCursor(ordering: Ordering, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify({ o: ordering.signature, v: values }), 'utf8').toString('base64url');
}

/**
 * The ordering values a cursor carries, or the problem with it. A row id is an integer, or a sealed
 * live-source key that `openRowId` opens (undefined when it was not sealed by this platform).
 */
export function decodeCursor(
  ordering: Ordering,
  cursor: unknown,
  openRowId?: (sealed: string) => string | undefined,
): { values: CursorValue[] } | { problem: FieldProblem } {
  const problem = (message: string) => ({ problem: { field: 'after', message } });
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) {
    return problem('is not a cursor this API returned');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return problem('is not a cursor this API returned');
  }
  const { o, v } = (parsed ?? {}) as { o?: unknown; v?: unknown };
  if (typeof o !== 'string' || !Array.isArray(v)) return problem('is not a cursor this API returned');
  if (o !== ordering.signature || v.length !== ordering.keys.length) return problem('belongs to a query with another orderBy');
  const values: CursorValue[] = [];
  for (const [i, key] of ordering.keys.entries()) {
    const value = cursorValue(key, v[i], openRowId);
    if (value === undefined) return problem('is not a cursor this API returned');
    values.push(value);
  }
  return { values };
}

/** One value of a cursor if it fits its key, else undefined. */
function cursorValue(key: SortKey, value: unknown, openRowId: ((sealed: string) => string | undefined) | undefined): CursorValue | undefined {
  if (value === null) return key.nullable ? null : undefined;
  if (key.item) return valueProblem(key.item, value) === undefined ? (value as CursorValue) : undefined;
  if (typeof value === 'string') return openRowId?.(value);
  return Number.isSafeInteger(value) ? (value as number) : undefined;
}
