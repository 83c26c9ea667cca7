/** `GET /`: the search box, what the open catalog holds, its entry points and what changed lately. */
import type { FacetCount, FacetName } from '../../catalog/index.js';
import { datasetCard } from './components.js';
import { datasetsHref } from './datasetsQuery.js';
import { html, type Html } from './html.js';
import { layout, searchForm, SITE_NAME } from './layout.js';
import type { HomeData } from './PortalData.js';

function entryList(facet: FacetName, title: string, id: string, counts: readonly FacetCount[]): Html {
  const href = (value: string) => datasetsHref({ q: '', filters: { [facet]: [value] }, page: 1 });
  return html`<section class="panel facet" aria-labelledby="${id}">
<h2 id="${id}">${title}</h2>
${counts.length
  ? html`<ul>${counts.map((c) => html`<li><a href="${href(c.value)}">${c.label}</a> <span class="count">${c.count} 个</span></li>`)}</ul>`
  : html`<p>暂无</p>`}
</section>`;
}

export function homePage(data: HomeData): Html {
  const main = html`<section class="hero" aria-labelledby="site-title">
<h1 id="site-title">${SITE_NAME}</h1>
<p>查找、预览和下载清远市各部门向社会开放的政务数据，也可以通过开放接口直接调用。</p>
${searchForm('', { id: 'q', label: '搜索数据集' })}
<ul class="stats" aria-label="平台概况">
<li><strong>${data.datasets}</strong>个数据集</li>
<li><strong>${data.openDatasets}</strong>个可直接下载</li>
<li><strong>${data.departments}</strong>个开放部门</li>
</ul>
</section>
<div class="columns">
${entryList('provider', '按部门浏览', 'by-provider', data.providers)}
${entryList('classification', '按分类浏览', 'by-classification', data.classifications)}
${entryList('tags', '热门标签', 'by-tag', data.tags)}
</div>
<section aria-labelledby="recent">
<h2 id="recent">最近更新</h2>
${data.recent.length
  ? html`<ul class="results">${data.recent.map((l) => datasetCard(l.resource, l))}</ul>`
  : html`<p>目录中还没有开放的数据集。</p>`}
<p><a href="/datasets">浏览全部 ${data.datasets} 个数据集</a></p>
</section>`;
  return layout({ title: SITE_NAME, main, current: 'home', description: '清远市政府部门向社会开放的数据目录、数据预览、下载与开放接口。' });
}
