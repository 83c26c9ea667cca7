/** Facet counts with their labels: department names, category names, and the guide's Chinese terms. */
import type { FacetCount, FacetName } from './model.js';
import { FACET_NAMES } from './model.js';

/** Values kept per facet, the most frequent first; tags are the only facet that grows without bound. */
export const FACET_VALUES_MAX = 100;

export const FACET_LABELS: Partial<Record<FacetName, Record<string, string>>> = {
  sharingType: { unconditional: '无条件共享', conditional: '有条件共享', none: '不予共享' },
  openType: { open: '开放', conditional: '有条件开放', closed: '不开放' },
  format: { database: '数据库', file: '文件', interface: '接口' },
  updateCycle: { 'real-time': '实时', daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', yearly: '每年', irregular: '不定期' },
  freshness: { fresh: '新鲜', due: '待更新', stale: '过期' },
};

export interface FacetRow {
  facet: string;
  value: string;
  label: string | null;
  n: number | string;
}

/** Groups the rows of the facet statement; `departmentNames` labels the provider facet. */
export function toFacets(rows: FacetRow[], departmentNames: Map<string, string>): Partial<Record<FacetName, FacetCount[]>> {
  const facets: Partial<Record<FacetName, FacetCount[]>> = Object.fromEntries(FACET_NAMES.map((name) => [name, []]));
  for (const row of rows) {
    const name = row.facet as FacetName;
    const list = facets[name];
    if (!list) continue; // the total
    const value = String(row.value);
    const label = name === 'provider' ? departmentNames.get(value) : name === 'classification' ? row.label : FACET_LABELS[name]?.[value];
    list.push({ value, label: label || value, count: Number(row.n) });
  }
  for (const name of FACET_NAMES) {
    facets[name] = facets[name]!.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, FACET_VALUES_MAX);
  }
  return facets;
}
