/** Facet counts with their labels: department names, category names, and the guide's Chinese terms. */
import { countColumns, type FacetStatementRow } from './facetSql.js';
import { FACET_NAMES, type FacetCount, type FacetName } from './model.js';

/** Values kept per facet, the most frequent first; tags are the only facet that grows without bound. */
export const FACET_VALUES_MAX = 100;

export const FACET_LABELS: Partial<Record<FacetName, Record<string, string>>> = {
  sharingType: { unconditional: '无条件共享', conditional: '有条件共享', none: '不予共享' },
  openType: { open: '开放', conditional: '有条件开放', closed: '不开放' },
  format: { database: '数据库', file: '文件', interface: '接口' },
  updateCycle: { 'real-time': '实时', daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', yearly: '每年', irregular: '不定期' },
  freshness: { fresh: '新鲜', due: '待更新', stale: '过期' },
};

export interface FacetNames {
  departments: Map<string, string>;
  categories: Map<string, string>;
}

export interface CountedFacets {
  total: number;
  /** Facet → value → count, before labels; zero counts are left out. */
  counts: Record<FacetName, Map<string, number>>;
  /** Category code → one resource of that category, whose metadata names the category. */
  categorySamples: Map<string, number>;
}

/** Adds up the groups of the facet statement. */
export function addUp(rows: FacetStatementRow[]): CountedFacets {
  const columns = countColumns();
  const counts = Object.fromEntries(FACET_NAMES.map((name) => [name, new Map<string, number>()])) as CountedFacets['counts'];
  const categorySamples = new Map<string, number>();
  let total = 0;
  const add = (facet: FacetName, value: string, n: number) => {
    if (n > 0) counts[facet].set(value, (counts[facet].get(value) ?? 0) + n);
  };
  for (const row of rows) {
    const n = (i: number) => Number(row[`n${i}`]);
    if (row.kind === 'tag') {
      add('tags', row.key, n(0));
      continue;
    }
    total += n(0);
    columns.forEach((column, i) => {
      if (column.facet === 'total') return;
      if (column.facet === 'provider') add('provider', row.key, n(i));
      else if (column.facet === 'classification') add('classification', row.category!, n(i));
      else add(column.facet, column.value!, n(i));
    });
    if (row.category !== null && n(2) > 0) categorySamples.set(row.category, Number(row.sample));
  }
  return { total, counts, categorySamples };
}

/** Labelled, most frequent first (ties by value), at most FACET_VALUES_MAX per facet. */
export function labelFacets(counted: CountedFacets, names: FacetNames): Partial<Record<FacetName, FacetCount[]>> {
  const labelOf = (facet: FacetName, value: string) =>
    (facet === 'provider' ? names.departments.get(value) : facet === 'classification' ? names.categories.get(value) : FACET_LABELS[facet]?.[value]) ?? value;
  return Object.fromEntries(
    FACET_NAMES.map((facet) => [
      facet,
      [...counted.counts[facet]]
        .map(([value, count]) => ({ value, label: labelOf(facet, value), count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        .slice(0, FACET_VALUES_MAX),
    ]),
  );
}
