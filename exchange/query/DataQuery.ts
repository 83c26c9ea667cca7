/**
 * Reading the shared store under a grant. Every call re-checks that the grant is in force, compiles
 * it against the resource as the catalog shows it now, and builds its statement from the compiled
 * policy: only allowed columns are selected, the row filter is part of the WHERE clause, masks are
 * applied before a value leaves, and quotas are charged before anything is returned. A row outside
 * the row filter looks exactly like a row that does not exist.
 *
 * A resource bound live is read the same way from its department's system: the statement runs on
 * the live SQL source (see `liveStore.ts`), or — for a source that only looks records up by key —
 * the policy is applied to the one record it returns (`keyLookup.ts`).
 */
import type { Knex } from 'knex';
import { columnName, ROW_ID_COLUMN, type DataItem } from '../../catalog/index.js';
import type { Database } from '../../shared/index.js';
import type { Predicate } from '../model.js';
import { assertGrantActive, compilePolicy, type CompiledPolicy } from '../policy/compilePolicy.js';
import { applyPredicate, bindValue } from '../policy/compilePredicate.js';
import { maskRecord } from '../policy/masking.js';
import { valueProblem } from '../policy/predicate.js';
import { recordReader, type DataRecord } from '../storeReader.js';
import { ArgumentCheck, keyProblem, requireMode, type DataAction } from './access.js';
import { rowIdSeal, type RowIdSeal } from './cursorSeal.js';
import { claimsHold, lookupRow, lookupsOnly } from './keyLookup.js';
import { locateRows, type KeyLookup, type RowSource, type StoreLocator } from './liveStore.js';
import {
  MAX_KEYS,
  type AggregateArgs,
  type Claims,
  type DataScope,
  type ListArgs,
  type RecordConnection,
  type RecordGroup,
  type Verification,
} from './model.js';
import { applyAfter, applyOrder, buildOrdering, cursorValues, decodeCursor, encodeCursor, orderWithNulls, type CursorValue } from './ordering.js';
import { chargeQuota } from './quota.js';
import { attachReferences, followReferences, referenceColumns } from './references.js';

/** Receives the stored rows a call returned (unmasked, for the audit ledger's subject index only). */
export interface SeenRows {
  rows: Record<string, unknown>[];
}

export interface DataQueryOptions {
  now?: () => Date;
  /** Finds the live source of a resource bound live; without it every resource is read from the shared store. */
  locate?: StoreLocator;
  /**
   * The secret cursors over live sources seal their row ids with; every process of one deployment
   * needs the same. Default: a key of this process only (cursors then do not survive a restart).
   */
  cursorSecret?: string | Buffer;
}

/** Aliases start with an underscore, which item column names cannot. */
const COUNT = '_count';

export class DataQuery {
  private readonly now: () => Date;
  private readonly locate: StoreLocator | undefined;
  private readonly seal: RowIdSeal;

  constructor(private readonly db: Database, options: DataQueryOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.locate = options.locate;
    this.seal = rowIdSeal(options.cursorSecret);
  }

  /** One record by its natural key, masked, with the grant's fields only; null when absent or outside the row filter. */
  async lookup(scope: DataScope, key: string, seen?: SeenRows): Promise<DataRecord | null> {
    const { policy, now } = this.open(scope, 'lookup');
    const source = await this.sourceOf(policy);
    const check = new ArgumentCheck(policy);
    check.key(key, 'key');
    check.throwIfAny('key');
    const row =
      source.kind === 'lookup'
        ? await lookupRow(source, policy, key)
        : await this.run<Record<string, unknown> | undefined>(
            source,
            this.scoped(source, policy).select(this.columns(policy)).where(columnName(policy.keyItem), this.bindKey(source, policy, key)).first(),
          );
    const record = row ? recordReader(policy.items)(row) : null;
    await chargeQuota(this.db.knex, policy.grantId, policy.quota, record ? 1 : 0, now);
    if (row) seen?.rows.push(row);
    return record && attachReferences(maskRecord(record, policy), row!, policy);
  }

  /**
   * Records by key in one statement per 1,000 keys, for nested reference hops (batched by the
   * caller). Keys come from stored references, so a key that cannot exist is simply absent.
   */
  async lookupMany(scope: DataScope, keys: readonly string[], seen?: SeenRows): Promise<Map<string, DataRecord>> {
    const { policy, now } = this.open(scope, 'lookup');
    const source = await this.rowsOf(policy, 'a batch of keys');
    const wanted = [...new Set(keys.filter((k) => keyProblem({ ...policy.keyItem, format: undefined }, k) === undefined))];
    const keyColumn = columnName(policy.keyItem);
    const found = new Map<string, { record: DataRecord; row: Record<string, unknown> }>();
    const read = recordReader(policy.items);
    for (let i = 0; i < wanted.length; i += MAX_KEYS) {
      const chunk = wanted.slice(i, i + MAX_KEYS).map((k) => this.bindKey(source, policy, k));
      const rows = await this.run(source, this.scoped(source, policy).select(this.columns(policy)).whereIn(keyColumn, chunk));
      for (const row of rows) found.set(String(row[keyColumn]), { record: read(row), row });
    }
    await chargeQuota(this.db.knex, policy.grantId, policy.quota, found.size, now);
    const result = new Map<string, DataRecord>();
    for (const key of wanted) {
      const hit = found.get(policy.keyItem.dataType === 'integer' ? String(Number(key)) : key);
      if (!hit) continue;
      seen?.rows.push(hit.row);
      result.set(key, attachReferences(maskRecord(hit.record, policy), hit.row, policy));
    }
    return result;
  }

  /**
   * A page of records: one statement for the page and one for the total count. The count scans
   * every matching row, so a caller whose client did not ask for it may skip it (totalCount null).
   */
  async list(scope: DataScope, args: ListArgs = {}, options: { totalCount?: boolean; seen?: SeenRows } = {}): Promise<RecordConnection> {
    const { policy, now } = this.open(scope, 'list');
    const source = await this.rowsOf(policy, 'listing');
    const check = new ArgumentCheck(policy);
    const first = check.first(args.first);
    const keys = this.checkKeys(check, args.keys);
    const where = check.where(args.where);
    const problemsBefore = check.input.length + check.forbidden.length;
    const ordering = buildOrdering(policy, check.orderBy(args.orderBy));
    let after: CursorValue[] | undefined;
    // A cursor is judged against the ordering asked for; with a bad orderBy there is none to judge by.
    if (args.after !== undefined && args.after !== null && check.input.length + check.forbidden.length === problemsBefore) {
      const decoded = decodeCursor(ordering, args.after, source.live ? (sealed) => this.seal.open(sealed) : undefined);
      if ('problem' in decoded) check.input.push(decoded.problem);
      else after = decoded.values;
    }
    check.throwIfAny('list arguments');

    const matching = () => {
      const qb = this.scoped(source, policy, where);
      if (keys) qb.whereIn(columnName(policy.keyItem), keys.map((k) => this.bindKey(source, policy, k)));
      return qb;
    };
    const page = matching().select(this.columns(policy, ordering.needsRowId));
    if (after) applyAfter(page, ordering, after, source.engine);
    applyOrder(page, ordering, source.engine);
    page.limit(first + 1);
    const counting = options.totalCount === false ? Promise.resolve(null) : this.run(source, matching().count({ [COUNT]: '*' }));
    const [rows, counted] = await Promise.all([this.run(source, page), counting]);

    const read = recordReader(policy.items);
    const rowId = (row: Record<string, unknown>): CursorValue => {
      if (!ordering.needsRowId) return null;
      // A live source's row id is its key, which this ordering is used to hide.
      return source.live ? this.seal.seal(String(row[ROW_ID_COLUMN])) : Number(row[ROW_ID_COLUMN]);
    };
    const edges = rows.slice(0, first).map((row) => {
      const record = read(row);
      return { cursor: encodeCursor(ordering, cursorValues(ordering, record, rowId(row))), node: record };
    });
    await chargeQuota(this.db.knex, policy.grantId, policy.quota, edges.length, now);
    edges.forEach((edge, i) => {
      edge.node = attachReferences(maskRecord(edge.node, policy), rows[i]!, policy);
      options.seen?.rows.push(rows[i]!);
    });
    return {
      nodes: edges.map((e) => e.node),
      edges,
      totalCount: counted && Number(counted[0]![COUNT]),
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: after !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  /**
   * Counts of records by the values of allowed, unmasked fields, in the grant's rows. Runs under
   * aggregate and query grants; grouping by the key is refused, since it would list every key.
   */
  async aggregate(scope: DataScope, args: AggregateArgs = {}): Promise<RecordGroup[]> {
    const { policy, now } = this.open(scope, 'aggregate');
    const source = await this.rowsOf(policy, 'aggregation');
    const check = new ArgumentCheck(policy);
    const where = check.where(args.where);
    const groupItems: DataItem[] = [];
    const groupBy = args.groupBy ?? [];
    if (!Array.isArray(groupBy)) check.input.push({ field: 'groupBy', message: 'must be a list of fields' });
    else {
      groupBy.forEach((name, i) => {
        const item = check.field(name, `groupBy[${i}]`, 'group');
        if (!item) return;
        if (item.key) check.input.push({ field: `groupBy[${i}]`, message: 'cannot be the key: every group would be one record' });
        else if (groupItems.includes(item)) check.input.push({ field: `groupBy[${i}]`, message: 'names a field already grouped by' });
        else groupItems.push(item);
      });
    }
    check.throwIfAny('aggregate arguments');

    const columns = groupItems.map(columnName);
    const qb = this.scoped(source, policy, where).select(columns).count({ [COUNT]: '*' });
    if (columns.length) qb.groupBy(columns);
    for (const column of columns) orderWithNulls(qb, column, 'asc', source.engine);
    const rows = await this.run(source, qb);
    await chargeQuota(this.db.knex, policy.grantId, policy.quota, 0, now);
    const read = recordReader(groupItems);
    return rows.map((row) => ({ group: read(row), count: Number(row[COUNT]) }));
  }

  /**
   * Whether the record with this key exists in the grant's rows and every claimed field equals
   * its stored value — and nothing else. A verify grant may claim any of its fields (masked ones
   * are the point of verifying); a query grant only fields it sees unmasked, since confirming a
   * guess of a hidden value is exactly what its mask withholds.
   */
  async verify(scope: DataScope, key: string, claims: Claims): Promise<Verification> {
    const { policy, now } = this.open(scope, 'verify');
    const source = await this.sourceOf(policy);
    const check = new ArgumentCheck(policy);
    check.key(key, 'key');
    const claimed: [DataItem, Claims[string]][] = [];
    if (!claims || typeof claims !== 'object' || Array.isArray(claims) || Object.keys(claims).length === 0) {
      check.input.push({ field: 'claims', message: 'must name at least one field and its value' });
    } else {
      for (const [name, value] of Object.entries(claims)) {
        const item = check.field(name, `claims.${name}`, 'claim');
        const problem = item && valueProblem(item, value);
        if (problem) check.input.push({ field: `claims.${name}`, message: problem });
        else if (item) claimed.push([item, value]);
      }
    }
    check.throwIfAny('verification');

    const match = source.kind === 'lookup' ? await this.verifyLookedUp(source, policy, key, claimed) : await this.verifyInRows(source, policy, key, claimed);
    await chargeQuota(this.db.knex, policy.grantId, policy.quota, 0, now);
    return { match };
  }

  private async verifyInRows(source: RowSource, policy: CompiledPolicy, key: string, claimed: [DataItem, Claims[string]][]): Promise<boolean> {
    const qb = this.scoped(source, policy).where(columnName(policy.keyItem), this.bindKey(source, policy, key));
    for (const [item, value] of claimed) qb.where(columnName(item), '=', bindValue(item, value, source.engine));
    return (await this.run<unknown>(source, qb.select(source.knex.raw('1 as ??', ['_match'])).first())) !== undefined;
  }

  private async verifyLookedUp(source: KeyLookup, policy: CompiledPolicy, key: string, claimed: [DataItem, Claims[string]][]): Promise<boolean> {
    const row = await lookupRow(source, policy, key);
    return row !== undefined && claimsHold(policy, row, claimed.map(([item, value]) => [item.apiName, value]));
  }

  /** The policy for an action, after checking the grant is in force and its mode allows the action. */
  private open(scope: DataScope, action: DataAction): { policy: CompiledPolicy; now: Date } {
    const now = this.now();
    assertGrantActive(scope.grant, now);
    const policy = compilePolicy(scope.grant, scope.resource);
    requireMode(policy, action);
    return { policy, now };
  }

  private sourceOf(policy: CompiledPolicy): Promise<RowSource | KeyLookup> {
    return locateRows(this.db, this.locate, policy.resource);
  }

  /** The rows a statement can run on; a key-lookup source refuses `action`. */
  private async rowsOf(policy: CompiledPolicy, action: string): Promise<RowSource> {
    const source = await this.sourceOf(policy);
    if (source.kind === 'lookup') throw lookupsOnly(policy, action);
    return source;
  }

  /** The resource's rows with the grant's row filter and an optional consumer filter applied. */
  private scoped(source: RowSource, policy: CompiledPolicy, where?: Predicate): Knex.QueryBuilder {
    const qb = source.rows();
    if (policy.rowFilter) applyPredicate(qb, policy.rowFilter, policy.resource.items);
    if (where) applyPredicate(qb, where, policy.resource.items);
    return qb;
  }

  /**
   * Records of `parent` (as this class returned them) followed through their reference `item` to
   * the target scopes: one statement per target resource, each under the consumer's grant on it.
   */
  async follow(parent: DataScope, records: readonly DataRecord[], item: string, targets: readonly DataScope[]) {
    return followReferences((scope, keys) => this.lookupMany(scope, keys), parent, records, item, targets);
  }

  /**
   * The allowed columns, plus the key (to match lookups), the raw columns that references are
   * followed by (never shown), and the row id when cursors need it.
   */
  private columns(policy: CompiledPolicy, withRowId = false): string[] {
    const columns = new Set([...policy.items.map(columnName), ...referenceColumns(policy)]);
    columns.add(columnName(policy.keyItem));
    if (withRowId) columns.add(ROW_ID_COLUMN);
    return [...columns];
  }

  private checkKeys(check: ArgumentCheck, keys: unknown): string[] | undefined {
    if (keys === undefined || keys === null) return undefined;
    if (!Array.isArray(keys) || keys.length > MAX_KEYS) {
      check.input.push({ field: 'keys', message: `must be a list of at most ${MAX_KEYS} keys` });
      return undefined;
    }
    keys.forEach((key, i) => check.key(key, `keys[${i}]`));
    return [...new Set(keys as string[])];
  }

  private bindKey(source: RowSource, policy: CompiledPolicy, key: string): Knex.Value {
    return bindValue(policy.keyItem, key, source.engine);
  }

  /** Runs a statement, turning driver errors the source's dialect knows into domain errors. */
  private async run<T = Record<string, unknown>[]>(source: RowSource, qb: Knex.QueryBuilder): Promise<T> {
    try {
      return await qb;
    } catch (err) {
      throw source.translate(err) ?? err;
    }
  }
}
