/**
 * The SQL of a search, written once for both engines. Every statement starts from `m`: the
 * resources the query text and visibility admit, with their classification code and freshness
 * computed. The filters, the ranking, the page and the facet counts are all expressions over `m`.
 */
import type { FacetName } from './model.js';
import { freshnessSql } from './freshness.js';
import type { PlannedSearch } from './searchInput.js';
import { prefixEnd, type QueryTerm } from './text.js';

export interface Sql {
  sql: string;
  bindings: unknown[];
}

export type Engine = 'sqlite' | 'postgres';

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** A resource whose own tokens, or whose provider's, start with every prefix of the term. */
function termCondition(term: QueryTerm): Sql {
  const parts: string[] = [];
  const bindings: unknown[] = [];
  for (const prefix of term.prefixes) {
    const end = prefixEnd(prefix);
    parts.push(
      '(r.id in (select resource_id from search_tokens where token >= ? and token < ?)' +
        ' or r.provider_code in (select department_code from department_search_tokens where token >= ? and token < ?))',
    );
    bindings.push(prefix, end, prefix, end);
  }
  return { sql: parts.join(' and '), bindings };
}

/** `m`: what the text and the visibility admit (and, without drill-down, the filters too). */
function matched(plan: PlannedSearch, now: Date, withFilters: boolean): Sql {
  const where: string[] = [];
  const bindings: unknown[] = [];
  let statuses = plan.filters.status?.length ? plan.filters.status : ['published'];
  if (plan.visibility === 'public') {
    statuses = statuses.filter((s) => s === 'published');
    where.push(`r.open_type in ('open', 'conditional')`);
  }
  where.push(statuses.length ? `r.status in (${placeholders(statuses)})` : '1 = 0');
  bindings.push(...statuses);
  for (const term of plan.terms) {
    const c = termCondition(term);
    where.push(c.sql);
    bindings.push(...c.bindings);
  }
  const fresh = freshnessSql('r', now);
  const select =
    `select r.*, r.category_code || r.item_code || r.catalog_code || coalesce(r.subitem_code, '') as cls, ${fresh.sql} as freshness, ` +
    'd.name_text, d.name_pinyin, d.name_initials, d.category_name ' +
    `from resources r join search_documents d on d.resource_id = r.id where ${where.join(' and ')}`;
  const inner: Sql = { sql: select, bindings: [...fresh.bindings, ...bindings] };
  if (!withFilters) return inner;
  const filters = filterConditions(plan, 'f');
  if (!filters.length) return inner;
  return {
    sql: `select * from (${inner.sql}) f where ${filters.map((f) => f.sql).join(' and ')}`,
    bindings: [...inner.bindings, ...filters.flatMap((f) => f.bindings)],
  };
}

interface FilterCondition extends Sql {
  facet: FacetName;
}

/** One condition per filter given, each over the matched rows `alias`; a filter's values are alternatives. */
function filterConditions(plan: PlannedSearch, alias = 'm'): FilterCondition[] {
  const f = plan.filters;
  const out: FilterCondition[] = [];
  const inList = (facet: FacetName, column: string, values: readonly string[] | undefined) => {
    if (values?.length) out.push({ facet, sql: `${alias}.${column} in (${placeholders(values)})`, bindings: [...values] });
  };
  inList('provider', 'provider_code', f.provider);
  if (f.classification?.length) {
    out.push({ facet: 'classification', sql: `(${f.classification.map(() => `${alias}.cls like ?`).join(' or ')})`, bindings: f.classification.map((c) => `${c}%`) });
  }
  inList('sharingType', 'sharing_type', f.sharingType);
  inList('openType', 'open_type', f.openType);
  inList('format', 'format', f.format);
  inList('updateCycle', 'update_cycle', f.updateCycle);
  inList('freshness', 'freshness', f.freshness);
  if (f.tags?.length) {
    out.push({ facet: 'tags', sql: `${alias}.id in (select resource_id from resource_tags where tag in (${placeholders(f.tags)}))`, bindings: [...f.tags] });
  }
  return out;
}

function whereExcept(conditions: FilterCondition[], facet?: FacetName): Sql {
  const kept = conditions.filter((c) => c.facet !== facet);
  return { sql: kept.length ? ` where ${kept.map((c) => c.sql).join(' and ')}` : '', bindings: kept.flatMap((c) => c.bindings) };
}

/** Name matches first: the whole query is the name, the name starts with the first term, terms in the name. */
function relevance(plan: PlannedSearch, engine: Engine): Sql {
  const contains = (col: string) => (engine === 'sqlite' ? `instr(${col}, ?) > 0` : `strpos(${col}, ?) > 0`);
  const inName = (t: string): Sql => ({
    sql: `(${contains('m.name_text')} or ${contains('m.name_pinyin')} or ${contains('m.name_initials')})`,
    bindings: [t, t, t],
  });
  const whole = plan.terms.map((t) => t.text);
  const joined = whole.join('');
  const first = plan.terms[0]!.text;
  const parts: Sql[] = [
    { sql: `(case when m.name_text in (?, ?) or m.name_pinyin = ? or m.name_initials = ? then 10000 else 0 end)`, bindings: [whole.join(' '), joined, joined, joined] },
    {
      sql: `(case when substr(m.name_text, 1, ?) = ? or substr(m.name_pinyin, 1, ?) = ? or substr(m.name_initials, 1, ?) = ? then 1000 else 0 end)`,
      bindings: [first.length, first, first.length, first, first.length, first],
    },
    ...plan.terms.map((t) => {
      const c = inName(t.text);
      return { sql: `(case when ${c.sql} then 10 else 0 end)`, bindings: c.bindings };
    }),
  ];
  return { sql: parts.map((p) => p.sql).join(' + '), bindings: parts.flatMap((p) => p.bindings) };
}

function orderBy(plan: PlannedSearch, engine: Engine): Sql {
  const dir = plan.descending ? 'desc' : 'asc';
  switch (plan.sort) {
    case 'relevance': {
      if (!plan.terms.length) return { sql: `m.code ${dir}`, bindings: [] };
      const score = relevance(plan, engine);
      return { sql: `${score.sql} ${dir}, length(m.name_text) asc, m.code asc`, bindings: score.bindings };
    }
    case 'name':
      return { sql: `m.name_pinyin ${dir}, m.name_text ${dir}, m.code asc`, bindings: [] };
    case 'code':
      return { sql: `m.code ${dir}`, bindings: [] };
    case 'updated':
      return { sql: `m.updated_at ${dir}, m.code asc`, bindings: [] };
    case 'published':
      return { sql: `(case when m.published_on is null then 1 else 0 end), m.published_on ${dir}, m.code asc`, bindings: [] };
  }
}

/** One page of matching resource rows, in order. */
export function pageSql(plan: PlannedSearch, now: Date, engine: Engine): Sql {
  const m = matched(plan, now, false);
  const where = whereExcept(filterConditions(plan));
  const order = orderBy(plan, engine);
  return {
    sql: `with m as (${m.sql}) select m.* from m${where.sql} order by ${order.sql} limit ? offset ?`,
    bindings: [...m.bindings, ...where.bindings, ...order.bindings, plan.limit, plan.offset],
  };
}

/**
 * The total and every facet's counts in one statement. With drill-down each facet leaves out its
 * own filter; without it, `m` is already filtered and every branch counts the same set.
 */
export function facetsSql(plan: PlannedSearch, now: Date): Sql {
  const m = matched(plan, now, !plan.drillDown);
  const conditions = plan.drillDown ? filterConditions(plan) : [];
  const branches: Sql[] = [];
  const total = whereExcept(conditions);
  branches.push({ sql: `select 'total' as facet, '' as value, '' as label, count(*) as n from m${total.sql}`, bindings: total.bindings });
  const grouped = (facet: FacetName, column: string, label = `''`) => {
    const w = whereExcept(conditions, facet);
    branches.push({ sql: `select '${facet}', ${column}, ${label}, count(*) from m${w.sql} group by ${column}`, bindings: w.bindings });
  };
  grouped('provider', 'm.provider_code');
  grouped('classification', 'm.category_code', 'max(m.category_name)');
  grouped('sharingType', 'm.sharing_type');
  grouped('openType', 'm.open_type');
  grouped('format', 'm.format');
  grouped('updateCycle', 'm.update_cycle');
  grouped('freshness', 'm.freshness');
  const tagged = whereExcept(conditions, 'tags');
  branches.push({
    sql: `select 'tags', t.tag, '', count(*) from m join resource_tags t on t.resource_id = m.id${tagged.sql} group by t.tag`,
    bindings: tagged.bindings,
  });
  return {
    sql: `with m as materialized (${m.sql}) ${branches.map((b) => b.sql).join(' union all ')}`,
    bindings: [...m.bindings, ...branches.flatMap((b) => b.bindings)],
  };
}

/** The number of matches alone, when no facets are asked for. */
export function countSql(plan: PlannedSearch, now: Date): Sql {
  const m = matched(plan, now, true);
  return { sql: `select count(*) as n from (${m.sql}) c`, bindings: m.bindings };
}
