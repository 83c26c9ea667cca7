/** The portal's Chinese words for the catalog's values (the facet labels come from the catalog itself). */
import { FACET_LABELS, type DataItem, type FacetName, type SearchSort } from '../../catalog/index.js';
import type { MaskRule } from '../../shared/index.js';

/** The label of a facet value, or the value itself when the catalog has none (providers, tags). */
export function valueLabel(facet: FacetName, value: string): string {
  return FACET_LABELS[facet]?.[value] ?? value;
}

export const FACET_TITLES: Record<FacetName, string> = {
  provider: '提供部门',
  classification: '资源分类',
  sharingType: '共享类型',
  openType: '开放属性',
  format: '资源格式',
  updateCycle: '更新周期',
  tags: '标签',
  freshness: '数据新鲜度',
};

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: '相关度',
  name: '名称',
  code: '资源代码',
  updated: '最近更新',
  published: '发布日期',
};

export const DATA_TYPE_LABELS: Record<DataItem['dataType'], string> = {
  string: '字符型',
  integer: '整数型',
  decimal: '数值型',
  boolean: '布尔型',
  date: '日期型',
  datetime: '日期时间型',
  geopoint: '地理坐标',
  code: '代码型',
};

export const MASK_LABELS: Record<Exclude<MaskRule, 'none'>, string> = {
  residentId: '脱敏显示：身份证号保留前 6 位和后 4 位',
  mobile: '脱敏显示：手机号保留前 3 位和后 4 位',
  name: '脱敏显示：姓名保留首字',
  address: '脱敏显示：地址保留至区县',
};

/** `2026-11-28T16:00:00.000Z` → `2026-11-29 00:00` in Beijing time, the platform's time zone. */
export function beijingTime(iso: string | null): string {
  if (!iso) return '—';
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
