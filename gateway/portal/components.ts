/** Pieces several portal pages share: badges, a dataset's card, tag links, pagination. */
import { FACET_LABELS, type Freshness, type OpenType, type Resource } from '../../catalog/index.js';
import { datasetsHref, lastPageOf, type DatasetsQuery } from './datasetsQuery.js';
import { html, type Html } from './html.js';
import { valueLabel } from './labels.js';

/** The portal page of a dataset, by apiName (a resource code holds a slash). */
export function datasetHref(resource: Pick<Resource, 'apiName'>): string {
  return `/datasets/${encodeURIComponent(resource.apiName)}`;
}

export function freshnessBadge(freshness: Freshness): Html {
  return html`<span class="badge ${freshness}" title="数据新鲜度：按更新周期与最近一次数据同步比较">${FACET_LABELS.freshness![freshness]}</span>`;
}

export function openBadge(openType: OpenType): Html {
  return html`<span class="badge${openType === 'open' ? ' open' : ''}">${valueLabel('openType', openType)}</span>`;
}

/** Long summaries are cut at a character boundary (never inside a surrogate pair). */
export function excerpt(text: string, chars = 120): string {
  const all = [...text];
  return all.length <= chars ? text : `${all.slice(0, chars).join('')}…`;
}

export function tagLinks(tags: readonly string[]): Html {
  if (!tags.length) return html``;
  const href = (tag: string) => datasetsHref({ q: '', filters: { tags: [tag] }, page: 1 });
  return html`<ul class="tags" aria-label="标签">${tags.map((t) => html`<li><a href="${href(t)}">${t}</a></li>`)}</ul>`;
}

export interface CardContext {
  providerName: string;
  freshness: Freshness;
}

/** One dataset in a list: name, provider, open type, update cycle, freshness, summary and tags. */
export function datasetCard(resource: Resource, context: CardContext): Html {
  return html`<li class="result panel">
<article>
<h3><a href="${datasetHref(resource)}">${resource.name}</a></h3>
<ul class="meta">
<li>提供部门：${context.providerName}</li>
<li>开放属性：${openBadge(resource.open.type)}</li>
<li>更新周期：${valueLabel('updateCycle', resource.updateCycle)}</li>
<li>新鲜度：${freshnessBadge(context.freshness)}</li>
</ul>
<p>${excerpt(resource.summary)}</p>
${tagLinks(resource.tags)}
</article>
</li>`;
}

/** The page numbers shown: the first, the last, and two either side of the current one. */
function pageWindow(current: number, last: number): (number | 'gap')[] {
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, last])].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
  return shown.flatMap((p, i) => (i > 0 && p - shown[i - 1]! > 1 ? ['gap' as const, p] : [p]));
}

export function pagination(query: DatasetsQuery, total: number): Html {
  const last = lastPageOf(total);
  if (last <= 1) return html``;
  const at = (page: number) => datasetsHref({ ...query, page });
  const current = query.page;
  return html`<nav class="pagination" aria-label="分页">
<ul>
${current > 1 && html`<li><a href="${at(current - 1)}" rel="prev">上一页</a></li>`}
${pageWindow(current, last).map((p) =>
  p === 'gap'
    ? html`<li><span aria-hidden="true">…</span></li>`
    : p === current
      ? html`<li><a href="${at(p)}" aria-current="page" aria-label="第 ${p} 页，当前页">${p}</a></li>`
      : html`<li><a href="${at(p)}" aria-label="第 ${p} 页">${p}</a></li>`,
)}
${current < last && html`<li><a href="${at(current + 1)}" rel="next">下一页</a></li>`}
</ul>
</nav>`;
}
