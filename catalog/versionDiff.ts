/** What changed between two versions of a resource, in words for the version history. */
import type { DataItem, ResourceInput } from './model.js';

const ITEM_FIELDS: (keyof DataItem)[] = [
  'name', 'dataType', 'length', 'scale', 'required', 'key', 'sensitivity', 'mask', 'format', 'codeSet', 'description', 'references',
];
const META_FIELDS: (keyof ResourceInput)[] = [
  'name', 'provider', 'classification', 'summary', 'format', 'sharing', 'open', 'updateCycle', 'publishedOn', 'relatedResources', 'tags',
];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function describeChanges(before: ResourceInput, after: ResourceInput): string[] {
  const changes: string[] = [];
  for (const f of META_FIELDS) if (!same(before[f], after[f])) changes.push(`changed ${f}`);
  const old = new Map(before.items.map((i) => [i.apiName, i]));
  const next = new Map(after.items.map((i) => [i.apiName, i]));
  for (const item of after.items) {
    const prev = old.get(item.apiName);
    if (!prev) changes.push(`added item ${item.apiName}`);
    else {
      const fields = ITEM_FIELDS.filter((f) => !same(prev[f], item[f]));
      if (fields.length) changes.push(`changed item ${item.apiName}: ${fields.join(', ')}`);
    }
  }
  for (const item of before.items) if (!next.has(item.apiName)) changes.push(`removed item ${item.apiName}`);
  const order = (r: ResourceInput) => r.items.map((i) => i.apiName).join();
  if (!changes.length && order(before) !== order(after)) changes.push('reordered items');
  return changes;
}
