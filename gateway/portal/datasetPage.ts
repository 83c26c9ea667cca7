/**
 * `GET /datasets/{apiName or code}`: a public dataset's catalog entry, its open data items, and —
 * for open resources — a preview of the first rows, downloads, the API and the machine-readable
 * descriptions. A conditionally open resource shows its metadata and how to apply for its data.
 */
import { slugOf, type Classification, type Department, type PublicUrls, type Resource } from '../../catalog/index.js';
import { datasetHref, freshnessBadge, openBadge, tagLinks } from './components.js';
import { html, type Html } from './html.js';
import { beijingTime, valueLabel } from './labels.js';
import { layout } from './layout.js';
import type { DatasetData } from './PortalData.js';
import { itemsTable, previewTable } from './datasetTables.js';

function row(label: string, value: Html | string): Html {
  return html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
}

function providerCell(resource: Resource, provider: Department | undefined): Html {
  const c = provider?.contact ?? {};
  const contact = [
    c.name && html`<li>联系人：${c.name}</li>`,
    c.phone && html`<li>电话：${c.phone}</li>`,
    c.email && html`<li>邮箱：<a href="mailto:${c.email}">${c.email}</a></li>`,
  ].filter(Boolean);
  return html`${provider?.name ?? resource.provider}（${resource.provider}）${contact.length ? html`<ul class="plain">${contact}</ul>` : ''}`;
}

function classificationCell(c: Classification): Html {
  const levels: [string, string, string | undefined][] = [
    ['类', c.categoryCode, c.categoryName],
    ['项', c.itemCode, c.itemName],
    ['目', c.catalogCode, c.catalogName],
    ['细目', c.subitemCode ?? '', c.subitemName],
  ];
  return html`<ul class="plain">${levels.filter(([, code]) => code).map(([level, code, name]) => html`<li>${level}：${name}（${code}）</li>`)}</ul>`;
}

function metadataTable(data: DatasetData): Html {
  const r = data.resource;
  return html`<table class="meta-table">
<caption class="visually-hidden">数据集基本信息</caption>
<tbody>
${row('资源代码', r.code)}
${row('接口名称', html`<code>${r.apiName}</code>`)}
${row('提供部门', providerCell(r, data.provider))}
${row('资源分类', classificationCell(r.classification))}
${row('资源格式', valueLabel('format', r.format))}
${row('共享类型', valueLabel('sharingType', r.sharing.type))}
${row('开放属性', html`${openBadge(r.open.type)}${r.open.conditions ? html` ${r.open.conditions}` : ''}`)}
${row('使用许可', r.open.licence ?? '未注明')}
${row('更新周期', valueLabel('updateCycle', r.updateCycle))}
${row('发布日期', r.publishedOn ?? '—')}
${row('最近同步', beijingTime(r.lastSyncedAt))}
${row('数据新鲜度', freshnessBadge(data.freshness))}
${row('版本', `第 ${r.version} 版`)}
${r.tags.length ? row('标签', tagLinks(r.tags)) : ''}
${data.related.length ? row('关联数据集', html`<ul class="plain">${data.related.map((x) => html`<li><a href="${datasetHref(x)}">${x.name}</a></li>`)}</ul>`) : ''}
</tbody>
</table>`;
}

function applyNote(data: DatasetData): Html {
  const c = data.provider?.contact ?? {};
  return html`<section class="note warn" aria-labelledby="apply">
<h2 id="apply">如何获取数据</h2>
<p>本数据集为<strong>有条件开放</strong>：数据不提供匿名下载，注册用户可向提供部门提出使用申请，说明用途，经审核同意后开放。</p>
${data.resource.open.conditions && html`<p>开放条件：${data.resource.open.conditions}</p>`}
<p>受理部门：${data.provider?.name ?? data.resource.provider}${c.phone ? html`，电话 ${c.phone}` : ''}${c.email ? html`，邮箱 <a href="mailto:${c.email}">${c.email}</a>` : ''}。</p>
</section>`;
}

function downloads(urls: PublicUrls, apiName: string): Html {
  return html`<section aria-labelledby="downloads">
<h2 id="downloads">下载</h2>
<ul>
<li><a href="${urls.downloadCsv(apiName)}">下载 CSV</a>（UTF-8，可直接用 Excel 打开）</li>
<li><a href="${urls.downloadJsonLines(apiName)}">下载 JSON Lines</a>（每行一条 JSON 记录）</li>
</ul>
</section>`;
}

function apiSection(urls: PublicUrls, apiName: string): Html {
  const rows = urls.rows(apiName);
  return html`<section aria-labelledby="api">
<h2 id="api">开放接口</h2>
<p>无需注册即可调用，按访问地址限流。按字段筛选、选择字段、排序和翻页的参数见 <a href="/api/v1/docs">接口文档</a>（<a href="${urls.openApi()}">OpenAPI 描述</a>）。</p>
<pre><code>curl -G '${rows}' -d limit=5
curl -G '${rows}' -d limit=5 -H 'Accept: text/csv'</code></pre>
</section>`;
}

function machineReadable(urls: PublicUrls, apiName: string): Html {
  const ckan = `${urls.base}/api/3/action/package_show?id=${encodeURIComponent(slugOf(apiName))}`;
  return html`<section aria-labelledby="machine">
<h2 id="machine">元数据</h2>
<ul>
<li><a href="${urls.dataPackage(apiName)}">Frictionless 数据包（datapackage.json）</a></li>
<li><a href="${urls.dataset(apiName)}.ttl">DCAT-AP（Turtle）</a></li>
<li><a href="${urls.dataset(apiName)}.jsonld">DCAT-AP（JSON-LD）</a></li>
<li><a href="${ckan}">CKAN package_show</a></li>
</ul>
</section>`;
}

export function datasetPage(data: DatasetData, urls: PublicUrls): Html {
  const r = data.resource;
  const open = r.open.type === 'open';
  const main = html`<nav aria-label="位置"><a href="/">首页</a> › <a href="/datasets">数据目录</a> › ${r.name}</nav>
<h1>${r.name}</h1>
<ul class="meta">
<li>提供部门：${data.provider?.name ?? r.provider}</li>
<li>开放属性：${openBadge(r.open.type)}</li>
<li>更新周期：${valueLabel('updateCycle', r.updateCycle)}</li>
<li>新鲜度：${freshnessBadge(data.freshness)}</li>
</ul>
<p>${r.summary}</p>
${!open && applyNote(data)}
<section aria-labelledby="about">
<h2 id="about">基本信息</h2>
${metadataTable(data)}
</section>
<section aria-labelledby="items">
<h2 id="items">数据项</h2>
${itemsTable(data)}
</section>
${data.preview && previewTable(data.preview, data.codeSets)}
${open && downloads(urls, r.apiName)}
${open && apiSection(urls, r.apiName)}
${machineReadable(urls, r.apiName)}`;
  return layout({ title: r.name, main, current: 'datasets', headerSearch: true, canonical: urls.landingPage(r.apiName), description: r.summary });
}
