/**
 * The portal's one stylesheet and icon, served by the portal router as static files (the page's
 * Content-Security-Policy allows styles from 'self' only, never inline). Their URLs carry a hash of
 * the content, so browsers may keep them for a year and still see every change.
 */
import { createHash } from 'node:crypto';

export const PORTAL_CSS = `
:root { --ink: #1d2733; --muted: #56616d; --line: #d5dbe1; --accent: #0b5cad; --accent-bg: #e8f1fb; --page: #f5f7f9;
  --fresh: #17663a; --fresh-bg: #e3f4e8; --due: #7a4d00; --due-bg: #fff1d6; --stale: #9b1c1c; --stale-bg: #fde8e8; }
* { box-sizing: border-box; }
html { font-family: system-ui, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: var(--ink); background: var(--page); line-height: 1.6; }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header.site { background: var(--accent); color: #fff; }
header.site .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 2rem; padding-top: .75rem; padding-bottom: .75rem; }
header.site a { color: #fff; text-decoration: none; }
header.site .brand { font-size: 1.25rem; font-weight: 700; }
header.site nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
header.site nav a[aria-current="page"] { border-bottom: 2px solid #fff; }
main { padding: 1.5rem 0 3rem; }
h1 { font-size: 1.6rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .75rem; }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; }
form.search { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
form.search .field { display: flex; flex-direction: column; flex: 1 1 16rem; }
form.search label { font-weight: 600; }
input[type="search"], select { font: inherit; padding: .5rem .6rem; border: 1px solid #8995a1; border-radius: 4px; background: #fff; }
button { font: inherit; padding: .5rem 1.1rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
.hero { background: var(--accent-bg); border-radius: 8px; padding: 1.5rem; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 1rem; list-style: none; padding: 0; margin: 1rem 0 0; }
.stats li { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; }
.stats strong { display: block; font-size: 1.75rem; color: var(--accent); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1.5rem; }
.layout { display: grid; grid-template-columns: 16rem 1fr; gap: 1.5rem; align-items: start; }
.layout > .content { grid-column: 2; grid-row: 1; min-width: 0; }
.layout > aside { grid-column: 1; grid-row: 1; }
@media (max-width: 48rem) { .layout { grid-template-columns: 1fr; } .layout > .content, .layout > aside { grid-column: auto; grid-row: auto; } }
.facet ul, .plain { list-style: none; margin: 0; padding: 0; }
.facet li { display: flex; justify-content: space-between; gap: .5rem; padding: .15rem 0; }
.facet a[aria-current="true"] { font-weight: 700; }
.count { color: var(--muted); font-variant-numeric: tabular-nums; }
.chips { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: .5rem 0 1rem; }
.chips a { display: inline-block; background: var(--accent-bg); border-radius: 999px; padding: .1rem .75rem; text-decoration: none; }
.results { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
.result h3 { margin-top: 0; font-size: 1.1rem; }
.meta { display: flex; flex-wrap: wrap; gap: .25rem 1rem; color: var(--muted); font-size: .9rem; margin: .25rem 0; padding: 0; list-style: none; }
.tags { display: flex; flex-wrap: wrap; gap: .4rem; list-style: none; padding: 0; margin: .5rem 0 0; }
.tags a { font-size: .85rem; border: 1px solid var(--line); border-radius: 4px; padding: 0 .4rem; text-decoration: none; }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; border-radius: 4px; padding: 0 .45rem; }
.badge.fresh { color: var(--fresh); background: var(--fresh-bg); }
.badge.due { color: var(--due); background: var(--due-bg); }
.badge.stale { color: var(--stale); background: var(--stale-bg); }
.badge.open { color: var(--accent); background: var(--accent-bg); }
.pagination ul { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.pagination a, .pagination span { display: inline-block; min-width: 2.25rem; text-align: center; padding: .25rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.pagination [aria-current="page"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: left; vertical-align: top; }
thead th, tbody th { background: #eef2f5; }
table.meta-table th { width: 11rem; }
.note { border-left: 4px solid var(--accent); background: var(--accent-bg); padding: .75rem 1rem; border-radius: 0 6px 6px 0; }
.note.warn { border-color: #b7791f; background: var(--due-bg); }
pre { background: #1d2733; color: #f0f3f6; padding: .75rem 1rem; border-radius: 6px; overflow-x: auto; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; padding: 1.5rem 0; }
footer.site ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** Three lines of a table on the portal's blue: the tab's icon, so browsers do not ask for a missing favicon.ico. */
export const PORTAL_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/><path d="M8 10h16M8 16h16M8 22h10" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>`;

const version = (content: string) => createHash('sha256').update(content).digest('hex').slice(0, 12);

export const CSS_PATH = `/assets/portal-${version(PORTAL_CSS)}.css`;
export const ICON_PATH = `/assets/icon-${version(PORTAL_ICON)}.svg`;
