/**
 * Following references (licence.holderId → person) without letting raw values out. Records read
 * under a grant carry the raw values of their allowed reference items in a hidden, non-enumerable
 * property that only this module can read; following a hop groups the records' raw keys per target
 * resource and reads each target once, under the consumer's own grant on it.
 */
import { columnName, type DataItem, type ItemReference } from '../../catalog/index.js';
import type { CompiledPolicy } from '../policy/compilePolicy.js';
import type { DataRecord } from '../storeReader.js';
import type { DataScope } from './model.js';

const RAW = Symbol('govshare.rawReferences');

type RawValues = Record<string, unknown>;

/** The columns to read besides the shown ones: allowed reference items and the items their `when`s test. */
export function referenceColumns(policy: CompiledPolicy): string[] {
  const columns = new Set<string>();
  for (const item of policy.items) {
    if (!item.references?.length) continue;
    columns.add(columnName(item));
    for (const ref of item.references) {
      const when = ref.when && policy.resource.items.find((i) => i.apiName === ref.when!.item);
      if (when) columns.add(columnName(when));
    }
  }
  return [...columns];
}

/** Attaches the raw reference values of `row` to `record`, out of sight of serialisation. */
export function attachReferences(record: DataRecord, row: Record<string, unknown>, policy: CompiledPolicy): DataRecord {
  let raw: RawValues | undefined;
  for (const item of policy.items) {
    if (!item.references?.length) continue;
    raw ??= {};
    raw[item.apiName] = row[columnName(item)];
    for (const ref of item.references) {
      const when = ref.when && policy.resource.items.find((i) => i.apiName === ref.when!.item);
      if (when) raw[when.apiName] = row[columnName(when)];
    }
  }
  if (raw) Object.defineProperty(record, RAW, { value: raw, enumerable: false });
  return record;
}

/** The reference of `item` that applies to a record's raw values, if any. */
function applicable(item: DataItem, raw: RawValues): ItemReference | undefined {
  return item.references?.find((ref) => !ref.when || String(raw[ref.when.item] ?? '') === ref.when.equals);
}

export type LookupMany = (scope: DataScope, keys: readonly string[]) => Promise<Map<string, DataRecord>>;

/** For each record, the record its `item` references under the target scopes (null where none). */
export async function followReferences(
  lookupMany: LookupMany,
  parent: DataScope,
  records: readonly DataRecord[],
  itemApiName: string,
  targets: readonly DataScope[],
): Promise<({ resource: string; record: DataRecord } | null)[]> {
  const item = parent.resource.items.find((i) => i.apiName === itemApiName);
  const wanted = new Map<string, Set<string>>();
  const plan = records.map((record) => {
    const raw = (record as { [RAW]?: RawValues })[RAW];
    const ref = item && raw ? applicable(item, raw) : undefined;
    const value = raw?.[itemApiName];
    if (!ref || value === null || value === undefined || !targets.some((t) => t.resource.apiName === ref.resource)) return null;
    const key = String(value);
    (wanted.get(ref.resource) ?? wanted.set(ref.resource, new Set()).get(ref.resource)!).add(key);
    return { resource: ref.resource, key };
  });
  const found = new Map<string, Map<string, DataRecord>>();
  await Promise.all(
    [...wanted].map(async ([resource, keys]) => {
      const scope = targets.find((t) => t.resource.apiName === resource)!;
      found.set(resource, await lookupMany(scope, [...keys]));
    }),
  );
  return plan.map((p) => {
    const record = p && found.get(p.resource)?.get(p.key);
    return record ? { resource: p!.resource, record } : null;
  });
}
