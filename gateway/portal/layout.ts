/** The frame of every portal page: landmarks, skip link, site navigation, search, footer. */
import { html, type Html } from './html.js';
import { CSS_PATH, ICON_PATH } from './styles.js';

export const SITE_NAME = '清远市政务数据开放平台';

export interface PageFrame {
  /** The page's own title; the document title adds the site's name. */
  title: string;
  main: Html;
  /** Which navigation entry is the current page. */
  current?: 'home' | 'datasets';
  /** A search box in the header (pages without their own). */
  headerSearch?: boolean;
  /** The page's canonical URL (a dataset reached by code points at its apiName page). */
  canonical?: string;
  description?: string;
}

/** The search form; `id` keeps labels unique when a page has two. */
export function searchForm(q: string, options: { id: string; label?: string; extra?: Html } = { id: 'q' }): Html {
  return html`<form class="search" role="search" action="/datasets" method="get">
  <div class="field"><label for="${options.id}">${options.label ?? '搜索数据集'}</label>
  <input id="${options.id}" name="q" type="search" value="${q}" maxlength="200" placeholder="名称、拼音或关键词，如 法人、renkou" autocomplete="off"></div>
  ${options.extra}
  <button type="submit">搜索</button>
</form>`;
}

function navLink(href: string, label: string, current: boolean): Html {
  return html`<li><a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

export function layout(frame: PageFrame): Html {
  return html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title === SITE_NAME ? SITE_NAME : `${frame.title} - ${SITE_NAME}`}</title>
${frame.description && html`<meta name="description" content="${frame.description}">`}
${frame.canonical && html`<link rel="canonical" href="${frame.canonical}">`}
<link rel="stylesheet" href="${CSS_PATH}">
<link rel="icon" type="image/svg+xml" href="${ICON_PATH}">
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="site">
<div class="wrap">
<a class="brand" href="/">${SITE_NAME}</a>
<nav aria-label="网站导航"><ul>
${navLink('/', '首页', frame.current === 'home')}
${navLink('/datasets', '数据目录', frame.current === 'datasets')}
${navLink('/api/v1/docs', '开放接口', false)}
</ul></nav>
${frame.headerSearch && searchForm('', { id: 'header-q', label: '搜索' })}
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${frame.main}
</main>
<footer class="site">
<div class="wrap">
<p>主办：清远市经济和信息化局。各数据集的使用许可见其页面，使用时请注明来源。</p>
<ul aria-label="机器可读的目录">
<li><a href="/catalog.ttl">DCAT 目录（Turtle）</a></li>
<li><a href="/catalog.jsonld">DCAT 目录（JSON-LD）</a></li>
<li><a href="/api/3/action/package_list">CKAN 接口</a></li>
<li><a href="/api/v1/openapi.json">OpenAPI 描述</a></li>
</ul>
</div>
</footer>
</body>
</html>`;
}
