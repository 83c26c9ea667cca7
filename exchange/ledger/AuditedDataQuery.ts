/**
 * The DataQuery with the audit ledger around it: every call — allowed or denied — appends one
 * entry, and a call returns only after its entry is committed. If the entry cannot be written,
 * the call fails instead of returning data.
 */
import type { DataRecord } from '../storeReader.js';
import type { DataQuery, SeenRows } from '../query/DataQuery.js';
import type { AggregateArgs, Claims, DataScope, ListArgs, RecordConnection, RecordGroup, Verification } from '../query/model.js';
import { followReferences } from '../query/references.js';
import { allowed, dataDraft, failed, subjectHasher, subjectsOf, type Asked } from './dataEntries.js';
import type { LedgerKey } from './keys.js';
import type { Ledger } from './Ledger.js';

export class AuditedDataQuery {
  constructor(
    private readonly inner: DataQuery,
    private readonly ledger: Ledger,
    private readonly key: LedgerKey,
  ) {}

  lookup(scope: DataScope, key: string): Promise<DataRecord | null> {
    return this.recorded(scope, 'lookup', { keys: [key] }, (seen) => this.inner.lookup(scope, key, seen), (r) => [r ? 1 : 0, r]);
  }

  list(scope: DataScope, args: ListArgs = {}, options: { totalCount?: boolean } = {}): Promise<RecordConnection> {
    return this.recorded(
      scope,
      'list',
      { keys: args.keys ?? undefined, where: args.where },
      (seen) => this.inner.list(scope, args, { ...options, seen }),
      (page) => [page.nodes.length, page.nodes],
    );
  }

  aggregate(scope: DataScope, args: AggregateArgs = {}): Promise<RecordGroup[]> {
    return this.recorded(
      scope,
      'aggregate',
      { where: args.where, fields: [...(args.groupBy ?? [])] },
      () => this.inner.aggregate(scope, args),
      (groups) => [groups.length, groups],
    );
  }

  verify(scope: DataScope, key: string, claims: Claims): Promise<Verification> {
    const keyItem = scope.resource.items.find((i) => i.key);
    const subject = keyItem?.format === 'residentId' || keyItem?.format === 'creditCode' ? [this.key.subject(key)] : [];
    return this.recorded(
      scope,
      'verify',
      { keys: [key], fields: Object.keys(claims ?? {}) },
      () => this.inner.verify(scope, key, claims),
      (v) => [0, v],
      subject,
    );
  }

  /** A nested hop: each target is read (and recorded) once for the whole batch of parents. */
  follow(parent: DataScope, records: readonly DataRecord[], item: string, targets: readonly DataScope[]) {
    return followReferences(
      (scope, keys) =>
        this.recorded(scope, 'follow', { keys }, (seen) => this.inner.lookupMany(scope, keys, seen), (found) => [found.size, [...found.values()]]),
      parent,
      records,
      item,
      targets,
    );
  }

  private async recorded<T>(
    scope: DataScope,
    action: string,
    asked: Asked,
    run: (seen: SeenRows) => Promise<T>,
    describe: (result: T) => [rows: number, response: unknown],
    extraSubjects: string[] = [],
  ): Promise<T> {
    const hashOf = subjectHasher(this.key);
    const draft = dataDraft(scope, action, asked, this.key, hashOf);
    const seen: SeenRows = { rows: [] };
    let result: T;
    try {
      result = await run(seen);
    } catch (err) {
      await this.ledger.append(failed(draft, err));
      throw err;
    }
    const [rows, response] = describe(result);
    const subjects = [...new Set([...subjectsOf(scope.resource, seen.rows, hashOf), ...extraSubjects])];
    await this.ledger.append(allowed(draft, rows, response, subjects));
    return result;
  }
}

/** What the gateway reads data through: the audited query, or the plain one when the ledger is off. */
export type DataReader = Pick<AuditedDataQuery, 'lookup' | 'list' | 'aggregate' | 'verify' | 'follow'>;
