/** The record fields a GraphQL operation selects, to pick the grant that shows them all. */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function collect(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, path: string[], out: Set<string>): void {
  if (!set) return;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (path.length === 0) out.add(sel.name.value);
      else if (sel.name.value === path[0]) collect(sel.selectionSet, info, path.slice(1), out);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collect(sel.selectionSet, info, path, out);
    } else {
      collect(info.fragments[sel.name.value]?.selectionSet, info, path, out);
    }
  }
}

/** Field names selected below the current field, following `path` (e.g. `['nodes']`). */
export function selectedFields(info: GraphQLResolveInfo, ...paths: string[][]): Set<string> {
  const out = new Set<string>();
  for (const node of info.fieldNodes as FieldNode[]) for (const path of paths.length ? paths : [[]]) collect(node.selectionSet, info, path, out);
  return out;
}
