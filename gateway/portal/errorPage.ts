/**
 * The portal's error pages: a 400 names each bad parameter and what is wrong with it, a 404 says the
 * dataset is not in the open catalog (closed and absent alike), anything else is a generic apology.
 * Nothing of the error's internals is shown; only public errors' own words are.
 */
import type { PublicError } from '../errors.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';

interface Problem {
  field: string;
  message: string;
}

function problemsOf(error: PublicError): Problem[] {
  const problems = error.details?.problems;
  return Array.isArray(problems) ? (problems as Problem[]) : [];
}

function badRequest(error: PublicError): Html {
  const problems = problemsOf(error);
  return html`<h1>请求参数有误</h1>
<p>页面地址中的参数无法识别，请修改后重试。</p>
${problems.length
  ? html`<ul class="note warn" aria-label="有误的参数">${problems.map((p) => html`<li>参数 <code>${p.field}</code>：${p.message}</li>`)}</ul>`
  : html`<p class="note warn">${error.message}</p>`}
<p><a href="/datasets">重新浏览数据目录</a> · <a href="/">返回首页</a></p>`;
}

function notFound(): Html {
  return html`<h1>未找到该数据集</h1>
<p>开放目录中没有这个数据集：地址可能有误，或该数据集未向社会开放。</p>
<p><a href="/datasets">浏览数据目录</a> · <a href="/">返回首页</a></p>`;
}

function otherError(status: number): Html {
  if (status === 429) return html`<h1>访问过于频繁</h1><p>一分钟内的访问次数已达上限，请稍后再试。</p>`;
  if (status === 401) return html`<h1>无法识别访问凭据</h1><p>请求附带的 API 密钥或令牌无效，请去掉后重试。</p>`;
  return html`<h1>服务暂时不可用</h1><p>处理请求时出现问题，请稍后再试。如果问题持续，请联系平台管理方。</p><p><a href="/">返回首页</a></p>`;
}

export function errorPage(status: number, error: PublicError): Html {
  const main = status === 400 ? badRequest(error) : status === 404 ? notFound() : otherError(status);
  const title = status === 400 ? '请求参数有误' : status === 404 ? '未找到' : status === 429 ? '访问过于频繁' : '出错了';
  return layout({ title, main, headerSearch: true });
}
