/**
 * The SQL of a search, written once for both engines. Every statement starts from `m`: the
 * resources the query text and visibility admit, with their classification code and freshness
 * computed. The filters, the ranking and the page are expressions over `m`; so are the facet
 * counts (`facetSql.ts`).
 */
import type { FacetName } from './model.js';
import { freshnessSql } from './freshness.js';
import type { PlannedSearch } from './searchInput.js';
import { prefixEnd } from './text.js';

export interface Sql {
  sql: string;
  bindings: unknown[];
}

export type Engine = 'sqlite' | 'postgres';

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** The ids of resources whose own tokens, or whose provider's, start with the prefix. */
function prefixHits(prefix: string): Sql {
  const end = prefixEnd(prefix);
  return {
    sql:
      'select resource_id as id from search_tokens where token >= ? and token < ? union ' +
      'select r.id from department_search_tokens t join resources r on r.provider_code = t.department_code where t.token >= ? and t.token < ?',
    bindings: [prefix, end, prefix, end],
  };
}

/** How many index entries each prefix has, counted up to `cap`: enough to tell the rarest. */
export function prefixCountsSql(prefixes: string[], cap: number): Sql {
  const counts = prefixes.map((_, i) => `(select count(*) from (select 1 from search_tokens where token >= ? and token < ? limit ${cap}) c${i}) as n${i}`);
  return { sql: `select ${counts.join(', ')}`, bindings: prefixes.flatMap((p) => [p, prefixEnd(p)]) };
}

/**
 * The rarest prefix drives (its ids come from one range scan of the index); every other prefix is
 * checked per candidate by a probe of the (resource_id, token) index, so that a common second term
 * (信息) costs a probe per candidate instead of a scan of its whole range.
 */
function splitPrefixes(plan: PlannedSearch): { driver: string; probes: string[] } {
  const prefixes = plan.prefixes;
  const driver = plan.rarest ?? prefixes[0]!;
  return { driver, probes: prefixes.filter((p) => p !== driver) };
}

function probe(prefix: string): Sql {
  const end = prefixEnd(prefix);
  return {
    sql:
      '(exists (select 1 from search_tokens s where s.resource_id = r.id and s.token >= ? and s.token < ?)' +
      ' or r.provider_code in (select department_code from department_search_tokens where token >= ? and token < ?))',
    bindings: [prefix, end, prefix, end],
  };
}

/**
 * A join that reads its left side first. SQLite's planner would rather scan every resource by its
 * status index and probe the hits; `cross join` is its documented way to fix the order. PostgreSQL
 * plans these joins well by itself (and has no `cross join … on`).
 */
export const drive = (engine: Engine) => (engine === 'sqlite' ? 'cross join' : 'join');

/** `m`: what the text and the visibility admit (and, without drill-down, the filters too). */
export function matched(plan: PlannedSearch, now: Date, engine: Engine, use: 'page' | 'facets', withFilters: boolean): Sql {
  const where: string[] = [];
  const bindings: unknown[] = [];
  let statuses = plan.filters.status?.length ? plan.filters.status : ['published'];
  if (plan.visibility === 'public') {
    statuses = statuses.filter((s) => s === 'published');
    where.push(`r.open_type in ('open', 'conditional')`);
  }
  where.push(statuses.length ? `r.status in (${placeholders(statuses)})` : '1 = 0');
  bindings.push(...statuses);
  const fresh = freshnessSql('r', now, engine);
  const split = plan.prefixes.length ? splitPrefixes(plan) : undefined;
  const found = split && prefixHits(split.driver);
  for (const p of split?.probes.map(probe) ?? []) {
    where.push(p.sql);
    bindings.push(...p.bindings);
  }
  // Facets read a few narrow columns of many rows; a page reads whole rows and the names it ranks by.
  const columns =
    use === 'page'
      ? 'r.*, d.name_text, d.name_pinyin, d.name_initials'
      : 'r.id, r.provider_code, r.category_code, r.sharing_type, r.open_type, r.format, r.update_cycle';
  const select =
    `select ${columns}, r.category_code || r.item_code || r.catalog_code || coalesce(r.subitem_code, '') as cls, ${fresh.sql} as freshness ` +
    (found ? `from (${found.sql}) hit ${drive(engine)} resources r on r.id = hit.id ` : 'from resources r ') +
    (use === 'page' ? 'join search_documents d on d.resource_id = r.id ' : '') +
    `where ${where.join(' and ')}`;
  const inner: Sql = { sql: select, bindings: [...fresh.bindings, ...(found?.bindings ?? []), ...bindings] };
  if (!withFilters) return inner;
  const filters = filterConditions(plan, 'f');
  if (!filters.length) return inner;
  return {
    sql: `select * from (${inner.sql}) f where ${filters.map((f) => f.sql).join(' and ')}`,
    bindings: [...inner.bindings, ...filters.flatMap((f) => f.bindings)],
  };
}

export interface FilterCondition extends Sql {
  facet: FacetName;
}

/** One condition per filter given, each over the matched rows `alias`; a filter's values are alternatives. */
export function filterConditions(plan: PlannedSearch, alias = 'm'): FilterCondition[] {
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

export function whereExcept(conditions: FilterCondition[], facet?: FacetName): Sql {
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
  const m = matched(plan, now, engine, 'page', false);
  const where = whereExcept(filterConditions(plan));
  const order = orderBy(plan, engine);
  return {
    sql: `with m as (${m.sql}) select m.* from m${where.sql} order by ${order.sql} limit ? offset ?`,
    bindings: [...m.bindings, ...where.bindings, ...order.bindings, plan.limit, plan.offset],
  };
}

/** The number of matches alone, when no facets are asked for. */
export function countSql(plan: PlannedSearch, now: Date, engine: Engine): Sql {
  const m = matched(plan, now, engine, 'facets', true);
  return { sql: `select count(*) as n from (${m.sql}) c`, bindings: m.bindings };
}
