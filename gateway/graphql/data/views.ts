/** What a department may see of each resource: the union of its active grants, per resource. */
import type { DataItem, Resource } from '../../../catalog/index.js';
import { compilePolicy, modeAllows, type DataAction, type Grant } from '../../../exchange/index.js';

export interface ResourceView {
  resource: Resource;
  grants: Grant[];
  /** Items some active grant shows, in catalog order. */
  items: DataItem[];
  /** Actions some active grant allows. */
  actions: Set<DataAction>;
}

const ACTIONS: DataAction[] = ['lookup', 'list', 'aggregate', 'verify'];

function union(resource: Resource, lists: DataItem[][]): DataItem[] {
  const names = new Set(lists.flat().map((i) => i.apiName));
  return resource.items.filter((i) => names.has(i.apiName));
}

export function buildViews(resources: Resource[], grants: Grant[]): Map<string, ResourceView> {
  const views = new Map<string, ResourceView>();
  for (const resource of resources) {
    const mine = grants.filter((g) => g.resource === resource.apiName);
    if (!mine.length || resource.status !== 'published') continue;
    // A grant that no longer fits the resource (its filter names a dropped item) offers nothing.
    const policies = mine.flatMap((g) => {
      try {
        return [compilePolicy(g, resource)];
      } catch {
        return [];
      }
    });
    const items = union(resource, policies.map((p) => p.items));
    if (!items.length) continue;
    const actions = new Set(ACTIONS.filter((a) => mine.some((g) => modeAllows(g.mode, a))));
    views.set(resource.apiName, { resource, grants: mine, items, actions });
  }
  return views;
}

/**
 * A stable key of everything a schema depends on: resources and versions, actions and items.
 * Departments whose grants give the same views share one schema. (Masks and row filters change
 * values and rows, not types, and are read from the grants on every request.)
 */
export function schemaKey(views: Map<string, ResourceView>): string {
  return [...views.values()]
    .map((v) => `${v.resource.apiName}@${v.resource.version}:${[...v.actions].sort().join('+')}:${v.items.map((i) => i.apiName).join(',')}`)
    .sort()
    .join('|');
}
