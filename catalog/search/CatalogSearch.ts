/**
 * Runs a catalog search: the page of rows, which the catalog turns into resources, and beside it
 * the total with the facet counts.
 */
import type { Knex } from 'knex';
import type { Database } from '../../shared/index.js';
import type { Resource } from '../model.js';
import type { ResourceRow } from '../rows.js';
import { facetsSql, type FacetStatementRow } from './facetSql.js';
import { addUp, labelFacets } from './facets.js';
import type { SearchQuery, SearchResult } from './model.js';
import { planSearch, type PlannedSearch } from './searchInput.js';
import { countSql, pageSql, prefixCountsSql, type Sql } from './searchSql.js';

/** Index entries counted per prefix to find the rarest; beyond this a prefix is common anyway. */
const RAREST_CAP = 2000;

export class CatalogSearch {
  private readonly knex: Knex;

  constructor(private readonly db: Database) {
    this.knex = db.knex;
  }

  /** `assemble` makes resources of the page's rows (the catalog's own reading of versions and items). */
  async search(query: SearchQuery, now: Date, assemble: (rows: ResourceRow[]) => Promise<Resource[]>): Promise<SearchResult> {
    const plan = planSearch(query);
    if (plan.prefixes.length > 1) plan.rarest = await this.rarest(plan.prefixes);
    // The page (then its resources) and the counts at once, on two pooled connections.
    const [resources, counted] = await Promise.all([
      plan.limit > 0 ? this.rows<ResourceRow>(pageSql(plan, now, this.db.dialect.name)).then(assemble) : [],
      plan.facets ? this.facets(plan, now) : this.count(plan, now),
    ]);
    return { total: counted.total, offset: plan.offset, limit: plan.limit, resources, facets: counted.facets };
  }

  private async facets(plan: PlannedSearch, now: Date): Promise<Pick<SearchResult, 'total' | 'facets'>> {
    const counted = addUp(await this.rows<FacetStatementRow>(facetsSql(plan, now, this.db.dialect.name)));
    const [departments, categories] = await Promise.all([this.departmentNames([...counted.counts.provider.keys()]), this.categoryNames(counted.categorySamples)]);
    return { total: counted.total, facets: labelFacets(counted, { departments, categories }) };
  }

  private async count(plan: PlannedSearch, now: Date): Promise<Pick<SearchResult, 'total' | 'facets'>> {
    const [{ n }] = await this.rows<{ n: number | string }>(countSql(plan, now, this.db.dialect.name));
    return { total: Number(n), facets: {} };
  }

  /** The prefix with the fewest index entries: one cheap statement instead of guessing from the text. */
  private async rarest(prefixes: string[]): Promise<string> {
    const [counts] = await this.rows<Record<string, number | string>>(prefixCountsSql(prefixes, RAREST_CAP));
    let best = 0;
    prefixes.forEach((_, i) => {
      if (Number(counts![`n${i}`]) < Number(counts![`n${best}`])) best = i;
    });
    return prefixes[best]!;
  }

  private async rows<T>(statement: Sql): Promise<T[]> {
    const result = await this.knex.raw(statement.sql, statement.bindings as Knex.RawBinding[]);
    // sqlite3 answers the rows themselves, pg a result object holding them.
    return (Array.isArray(result) ? result : result.rows) as T[];
  }

  private async departmentNames(codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const found: { code: string; name: string }[] = await this.knex('departments').whereIn('code', codes).select('code', 'name');
    return new Map(found.map((d) => [d.code, d.name]));
  }

  /** Category names, from the metadata of one resource of each category. */
  private async categoryNames(samples: Map<string, number>): Promise<Map<string, string>> {
    if (!samples.size) return new Map();
    const found: { resource_id: number; category_name: string }[] = await this.knex('search_documents')
      .whereIn('resource_id', [...samples.values()])
      .select('resource_id', 'category_name');
    const names = new Map(found.map((d) => [d.resource_id, d.category_name]));
    return new Map([...samples].map(([code, id]) => [code, names.get(id) ?? code]));
  }
}
