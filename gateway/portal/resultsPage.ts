/**
 * `GET /datasets`: the results of a catalog search, with facet sidebars (each value a link that
 * adds or removes it, so everything works by keyboard and without script), the selected values
 * as removable chips, pagination, and suggestions when nothing matched.
 */
import { FACET_NAMES, SEARCH_SORTS, type FacetCount, type FacetName } from '../../catalog/index.js';
import { datasetCard, pagination, tagLinks } from './components.js';
import { datasetsHref, FACET_PARAMS, isSelected, lastPageOf, PAGE_SIZE, selections, toggled, type DatasetsQuery } from './datasetsQuery.js';
import { html, type Html } from './html.js';
import { FACET_TITLES, SORT_LABELS, valueLabel } from './labels.js';
import { layout, searchForm } from './layout.js';
import type { ResultsData } from './PortalData.js';

/** The label of a value, from the facet counts when listed there (departments, categories). */
function labelOf(data: ResultsData, facet: FacetName, value: string): string {
  if (facet === 'provider') return data.departments.get(value)?.name ?? value;
  return data.result.facets[facet]?.find((c) => c.value === value)?.label ?? valueLabel(facet, value);
}

function facetSection(data: ResultsData, facet: FacetName): Html {
  const listed = data.result.facets[facet] ?? [];
  // A selected value that no longer counts anything stays listed, so it can still be removed.
  const missing = (data.query.filters[facet] ?? []).filter((v) => !listed.some((c) => c.value === v));
  const counts: FacetCount[] = [...listed, ...missing.map((value) => ({ value, label: labelOf(data, facet, value), count: 0 }))];
  if (!counts.length) return html``;
  const id = `facet-${facet}`;
  return html`<section class="facet" aria-labelledby="${id}">
<h3 id="${id}">${FACET_TITLES[facet]}</h3>
<ul>${counts.map((c) => {
    const selected = isSelected(data.query, facet, c.value);
    const href = datasetsHref(toggled(data.query, facet, c.value));
    return html`<li><a href="${href}"${selected ? html` aria-current="true"` : ''}>${selected ? html`<span aria-hidden="true">✓ </span><span class="visually-hidden">已选：</span>` : ''}${c.label}</a> <span class="count">${c.count}</span></li>`;
  })}</ul>
</section>`;
}

function selectedChips(data: ResultsData): Html {
  const chosen = selections(data.query);
  if (!chosen.length) return html``;
  const cleared = datasetsHref({ q: data.query.q, filters: {}, ...(data.query.sort ? { sort: data.query.sort } : {}), page: 1 });
  return html`<h2 class="visually-hidden">已选条件</h2>
<ul class="chips" aria-label="已选条件">
${chosen.map(({ facet, value }) => {
  const text = `${FACET_TITLES[facet]}：${labelOf(data, facet, value)}`;
  return html`<li><a href="${datasetsHref(toggled(data.query, facet, value))}" aria-label="移除条件 ${text}">${text} <span aria-hidden="true">×</span></a></li>`;
})}
<li><a href="${cleared}">清除全部条件</a></li>
</ul>`;
}

/** The search box with the sort order; the selected facets ride along as hidden fields. */
function searchWithSort(query: DatasetsQuery): Html {
  const effective = query.sort ?? (query.q.trim() ? 'relevance' : 'code');
  const hidden = selections(query).map(({ facet, value }) => html`<input type="hidden" name="${FACET_PARAMS[facet]}" value="${value}">`);
  const sort = html`<div class="field sort"><label for="sort">排序</label>
<select id="sort" name="sort">${SEARCH_SORTS.map((s) => html`<option value="${s}"${s === effective ? html` selected` : ''}>${SORT_LABELS[s]}</option>`)}</select></div>
${hidden}`;
  return searchForm(query.q, { id: 'q', label: '搜索数据集', extra: sort });
}

function noResults(data: ResultsData): Html {
  const s = data.suggestions;
  const textOnly = datasetsHref({ q: data.query.q, filters: {}, page: 1 });
  return html`<section class="panel" aria-labelledby="no-results">
<h2 id="no-results">没有找到匹配的数据集</h2>
<p>您可以：</p>
<ul>
${s?.withoutFilters ? html`<li><a href="${textOnly}">去掉全部筛选条件，只搜索“${data.query.q}”</a>（${s.withoutFilters} 个结果）</li>` : ''}
<li>检查关键词是否有错别字，或换一个更短、更常用的词；多个词之间用空格分隔，会查找同时包含这些词的数据集。</li>
<li>中文关键词请至少输入两个字；也可以输入拼音全拼（如 faren）或首字母（如 fr）。</li>
<li><a href="/datasets">浏览全部数据集</a></li>
</ul>
${s?.tags.length ? html`<h3>热门标签</h3>${tagLinks(s.tags.map((t) => t.value))}` : ''}
</section>`;
}

export function resultsPage(data: ResultsData): Html {
  const { query, result } = data;
  const title = query.q.trim() ? `“${query.q.trim()}”的搜索结果` : '数据目录';
  const pages = lastPageOf(result.total);
  const status = result.total
    ? `共找到 ${result.total} 个数据集${pages > 1 ? `，第 ${query.page} / ${pages} 页，每页 ${PAGE_SIZE} 个` : ''}`
    : '共找到 0 个数据集';
  const main = html`<h1>${title}</h1>
<div class="layout">
<div class="content">
${searchWithSort(query)}
<p role="status" id="result-count">${status}</p>
${selectedChips(data)}
${result.total
  ? html`<h2 class="visually-hidden">搜索结果</h2><ul class="results">${data.listed.map((l) => datasetCard(l.resource, l))}</ul>${pagination(query, result.total)}`
  : noResults(data)}
</div>
<aside aria-labelledby="filters-title">
<h2 id="filters-title">筛选</h2>
${FACET_NAMES.map((facet) => facetSection(data, facet))}
</aside>
</div>`;
  return layout({ title, main, current: 'datasets' });
}
