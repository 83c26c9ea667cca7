/** The two tables of a dataset page: its open data items, and a preview of its first rows. */
import type { CodeSet, DataItem } from '../../catalog/index.js';
import type { DataRecord, OpenPage } from '../../exchange/index.js';
import { html, type Html } from './html.js';
import { DATA_TYPE_LABELS, MASK_LABELS } from './labels.js';
import type { DatasetData } from './PortalData.js';

function typeOf(item: DataItem): string {
  const size = item.dataType === 'decimal' && item.length ? `(${item.length},${item.scale ?? 2})` : item.length ? `(${item.length})` : '';
  return `${DATA_TYPE_LABELS[item.dataType]}${size}`;
}

function notes(item: DataItem, codeSets: ReadonlyMap<string, CodeSet>): Html {
  const set = item.codeSet ? codeSets.get(item.codeSet) : undefined;
  const parts = [
    item.description && html`<span>${item.description}</span>`,
    item.codeSet && html`<span>代码集：${set?.name ?? item.codeSet}${set?.standard ? `（${set.standard}）` : ''}</span>`,
    item.mask !== 'none' && html`<strong>${MASK_LABELS[item.mask]}</strong>`,
  ].filter(Boolean);
  return html`${parts.map((p, i) => html`${i ? html`<br>` : ''}${p}`)}`;
}

export function itemsTable(data: DatasetData): Html {
  if (!data.items.length) return html`<p>本数据集没有向社会开放的数据项。</p>`;
  return html`<div class="table-scroll"><table>
<caption>向社会开放的 ${data.items.length} 个数据项</caption>
<thead><tr><th scope="col">名称</th><th scope="col">字段名</th><th scope="col">类型</th><th scope="col">主键</th><th scope="col">必填</th><th scope="col">说明</th></tr></thead>
<tbody>
${data.items.map(
  (item) => html`<tr><th scope="row">${item.name}</th><td><code>${item.apiName}</code></td><td>${typeOf(item)}</td><td>${item.key ? '是' : '否'}</td><td>${item.required ? '是' : '否'}</td><td>${notes(item, data.codeSets)}</td></tr>`,
)}
</tbody>
</table></div>`;
}

/** A value as the preview shows it: codes with their meaning, booleans in words, empty as a dash. */
function cell(item: DataItem, value: DataRecord[string] | undefined, codeSets: ReadonlyMap<string, CodeSet>): Html {
  if (value === null || value === undefined || value === '') return html`<span aria-hidden="true">—</span><span class="visually-hidden">空</span>`;
  if (typeof value === 'boolean') return html`${value ? '是' : '否'}`;
  const meaning = item.codeSet && item.mask === 'none' ? codeSets.get(item.codeSet)?.values[String(value)] : undefined;
  return meaning ? html`${meaning}（${String(value)}）` : html`${String(value)}`;
}

export function previewTable(preview: OpenPage, codeSets: ReadonlyMap<string, CodeSet>): Html {
  const fields = preview.fields;
  const body = preview.records.length
    ? html`<div class="table-scroll"><table>
<caption>前 ${preview.records.length} 条记录${preview.next ? '（完整数据请下载或调用接口）' : ''}</caption>
<thead><tr>${fields.map((f) => html`<th scope="col">${f.name}${f.mask !== 'none' ? html`<span class="count">（脱敏）</span>` : ''}</th>`)}</tr></thead>
<tbody>
${preview.records.map((record) => html`<tr>${fields.map((f) => html`<td>${cell(f, record[f.apiName], codeSets)}</td>`)}</tr>`)}
</tbody>
</table></div>`
    : html`<p>暂无数据。</p>`;
  return html`<section aria-labelledby="preview">
<h2 id="preview">数据预览</h2>
${body}
</section>`;
}
