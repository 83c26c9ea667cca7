/**
 * The SDL of a department's data API, generated from its views: only the resources, fields and
 * modes its grants allow exist in it.
 */
import type { DataItem } from '../../../catalog/index.js';
import { fieldNames, filterOf, referenceFieldName, scalarOf, typeName, typeNames } from './naming.js';
import type { ResourceView } from './views.js';

/** Types every data schema shares. */
export const dataCommonTypeDefs = /* GraphQL */ `
  enum OrderDirection { ASC DESC }
  "The answer of a verification: whether the claims match the record, and nothing else."
  type Verification { match: Boolean! }
  input StringFilter { eq: String, ne: String, in: [String!], lt: String, lte: String, gt: String, gte: String, prefix: String, between: [String!] }
  input IntFilter { eq: Int, ne: Int, in: [Int!], lt: Int, lte: Int, gt: Int, gte: Int, between: [Int!] }
  input FloatFilter { eq: Float, ne: Float, in: [Float!], lt: Float, lte: Float, gt: Float, gte: Float, between: [Float!] }
  input BooleanFilter { eq: Boolean, ne: Boolean }
`;

/** A nested field of an item that references other resources the department may query. */
export interface NestedField {
  name: string;
  item: DataItem;
  /** Target resources (apiNames) the department may query. */
  targets: string[];
  /** The GraphQL type: a record type, or a union when there are several targets. */
  type: string;
}

/** The nested reference fields of a view: each hop exists only when the target may be queried. */
export function nestedFields(view: ResourceView, views: Map<string, ResourceView>): NestedField[] {
  const taken = new Set(view.items.map((i) => i.apiName));
  const nested: NestedField[] = [];
  for (const item of view.items) {
    const targets = [...new Set((item.references ?? []).map((r) => r.resource))].filter((t) => views.get(t)?.actions.has('lookup'));
    if (!targets.length) continue;
    const name = referenceFieldName(item, taken);
    taken.add(name);
    const type = targets.length === 1 ? typeName(targets[0]!) : `${typeName(view.resource.apiName)}${typeName(name)}`;
    nested.push({ name, item, targets, type });
  }
  return nested;
}

function describe(text: string): string {
  return JSON.stringify(text);
}

function viewTypeDefs(view: ResourceView, views: Map<string, ResourceView>): string[] {
  const { apiName, name } = view.resource;
  const t = typeNames(apiName);
  const f = fieldNames(apiName);
  const { items, actions } = view;
  const out: string[] = [];
  const queries: string[] = [];
  // Inputs name every item the grants show; uses a grant forbids (a masked field in a filter) are FORBIDDEN at run time.
  if (actions.has('list') || actions.has('aggregate')) {
    out.push(`enum ${t.field} { ${items.map((i) => i.apiName).join(' ')} }`);
    out.push(`input ${t.where} { and: [${t.where}!], or: [${t.where}!], ${items.map((i) => `${i.apiName}: ${filterOf(scalarOf(i))}`).join(', ')} }`);
  }
  if (actions.has('lookup') || actions.has('list')) {
    const nested = nestedFields(view, views);
    const fields = [...items.map((i) => `  ${describe(i.name)} ${i.apiName}: ${scalarOf(i)}`), ...nested.map((n) => `  ${n.name}: ${n.type}`)];
    out.push(`${describe(`${name} (${apiName})`)}\ntype ${t.record} {\n${fields.join('\n')}\n}`);
    for (const n of nested.filter((x) => x.targets.length > 1)) out.push(`union ${n.type} = ${n.targets.map(typeName).join(' | ')}`);
  }
  if (actions.has('lookup')) queries.push(`  ${describe(`One ${name} record by its key.`)} ${f.lookup}(key: String!): ${t.record}`);
  if (actions.has('list')) {
    out.push(`input ${t.order} { field: ${t.field}!, direction: OrderDirection = ASC }`);
    out.push(`type ${t.edge} { cursor: String!, node: ${t.record}! }`);
    out.push(`type ${t.connection} { totalCount: Int!, nodes: [${t.record}!]!, edges: [${t.edge}!]!, pageInfo: PageInfo! }`);
    queries.push(
      `  ${describe(`${name} records: by keys (at most 1000) or a filter, keyset-paged (first at most 1000).`)} ${f.list}(keys: [String!], where: ${t.where}, orderBy: [${t.order}!], first: Int, after: String): ${t.connection}!`,
    );
  }
  if (actions.has('aggregate')) {
    out.push(`type ${t.group} { count: Int!, ${items.map((i) => `${i.apiName}: ${scalarOf(i)}`).join(', ')} }`);
    queries.push(`  ${describe(`Counts of ${name} records by groups.`)} ${f.aggregate}(where: ${t.where}, groupBy: [${t.field}!]): [${t.group}!]!`);
  }
  const claimable = items.filter((i) => !i.key);
  if (actions.has('verify') && claimable.length) {
    out.push(`input ${t.claims} { ${claimable.map((i) => `${i.apiName}: ${scalarOf(i)}`).join(', ')} }`);
    queries.push(`  ${describe(`Whether the claims match the ${name} record with this key; nothing else.`)} ${f.verify}(key: String!, claims: ${t.claims}!): Verification!`);
  }
  if (queries.length) out.push(`extend type Query {\n${queries.join('\n')}\n}`);
  return out;
}

/** The data API of a set of views, or an empty string when there is nothing to query. */
export function dataTypeDefs(views: Map<string, ResourceView>): string {
  if (!views.size) return '';
  return [dataCommonTypeDefs, ...[...views.values()].flatMap((v) => viewTypeDefs(v, views))].join('\n');
}
