/**
 * The total and the facet counts in one statement that reads the matches once. The matches are
 * grouped by provider and category (a few hundred groups at most), and each group carries one
 * conditional count per facet value of the fixed vocabularies; the catalog adds the groups up.
 * With drill-down, each count's condition is every filter but its own facet's; without it, `m` is
 * already filtered and the conditions are empty. Tags, which a resource has several of, are
 * counted in a second branch over the tag table.
 */
import { OPEN_TYPES, RESOURCE_FORMATS, SHARING_TYPES, UPDATE_CYCLES } from '../model.js';
import { FRESHNESS_VALUES } from './freshness.js';
import type { FacetName } from './model.js';
import type { PlannedSearch } from './searchInput.js';
import { drive, filterConditions, matched, whereExcept, type Engine, type FilterCondition, type Sql } from './searchSql.js';

/** The facets whose values are a fixed vocabulary, each counted by a column of its own. */
export const COUNTED: readonly { facet: FacetName; column: string; values: readonly string[] }[] = [
  { facet: 'sharingType', column: 'sharing_type', values: SHARING_TYPES },
  { facet: 'openType', column: 'open_type', values: OPEN_TYPES },
  { facet: 'format', column: 'format', values: RESOURCE_FORMATS },
  { facet: 'updateCycle', column: 'update_cycle', values: UPDATE_CYCLES },
  { facet: 'freshness', column: 'freshness', values: FRESHNESS_VALUES },
];

/**
 * A row of the statement: `kind` is `group` (key = provider, category = category code, sample =
 * one resource id of the group) or `tag` (key = the tag); then the counts, in the order of
 * `countColumns()`.
 */
export interface FacetStatementRow {
  kind: 'group' | 'tag';
  key: string;
  category: string | null;
  sample: number | string | null;
  [count: `n${number}`]: number | string;
}

/** What each count column counts: the total, a whole facet (provider, classification), or one value. */
export function countColumns(): { facet: FacetName | 'total'; value?: string }[] {
  return [
    { facet: 'total' },
    { facet: 'provider' },
    { facet: 'classification' },
    ...COUNTED.flatMap((c) => c.values.map((value) => ({ facet: c.facet, value }))),
  ];
}

function counter(conditions: FilterCondition[], facet: FacetName | undefined, extra?: string): Sql {
  const kept = conditions.filter((c) => facet === undefined || c.facet !== facet);
  const parts = [...kept.map((c) => c.sql), ...(extra ? [extra] : [])];
  // FILTER skips the aggregate step for rows that fail it: cheaper than sum(case …) on both engines.
  return { sql: parts.length ? `count(*) filter (where ${parts.join(' and ')})` : 'count(*)', bindings: kept.flatMap((c) => c.bindings) };
}

export function facetsSql(plan: PlannedSearch, now: Date, engine: Engine): Sql {
  const m = matched(plan, now, engine, 'facets', !plan.drillDown);
  const conditions = plan.drillDown ? filterConditions(plan) : [];
  const counts = countColumns().map(({ facet, value }) => {
    if (facet === 'total') return counter(conditions, undefined);
    const column = COUNTED.find((c) => c.facet === facet)?.column;
    // The vocabularies are the model's own constants, written into the statement as literals.
    return counter(conditions, facet, value !== undefined ? `m.${column} = '${value}'` : undefined);
  });
  const tags = whereExcept(conditions, 'tags');
  const zeros = counts.slice(1).map((_, i) => `0 as n${i + 1}`);
  const grouped =
    `select 'group' as kind, m.provider_code as "key", m.category_code as category, max(m.id) as sample, ` +
    `${counts.map((c, i) => `${c.sql} as n${i}`).join(', ')} from m group by m.provider_code, m.category_code`;
  const tagged =
    `select 'tag', t.tag, null, null, count(*), ${zeros.join(', ')} ` +
    `from m ${drive(engine)} resource_tags t on t.resource_id = m.id${tags.sql} group by t.tag`;
  return {
    sql: `with m as materialized (${m.sql}) ${grouped} union all ${tagged}`,
    bindings: [...m.bindings, ...counts.flatMap((c) => c.bindings), ...tags.bindings],
  };
}
