/**
 * The "open download" case: 1,000,000 generated rows of an open resource in a fresh SQLite
 * database, downloaded whole as CSV over HTTP from govshare (`/api/v1/resources/…/download.csv`)
 * and from the raw baseline (bare express, prepared sqlite3 statements, no masks, no ledger).
 * Reports rows per second of each and how much the govshare server's resident memory grew.
 * Standalone: `node dist/bench/openDownload.js [--rows=N]`.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Catalog, type ResourceInput } from '../catalog/index.js';
import { allMigrations } from '../server/migrations.js';
import { creditCodeCheckChar, insertRows, migrateLatest, openDatabase } from '../shared/index.js';
import type { BaselineSpec } from './baseline.js';
import type { CaseResult } from './cases.js';
import { freePort, startChild, startGovshare, stopChild } from './harness.js';

const TABLE = 'data_street_lamp';
const COLUMNS = ['lamp_code', 'road', 'district', 'installed_on', 'power', 'note'];

const item = (name: string, apiName: string, dataType: 'string' | 'date' | 'integer', extra: { length?: number; key?: boolean } = {}) => ({
  name,
  apiName,
  dataType,
  required: true,
  key: false,
  sensitivity: 'public' as const,
  mask: 'none' as const,
  ...extra,
});

const LAMPS: ResourceInput = {
  code: '204003/000001',
  apiName: 'streetLamp',
  name: '城市路灯',
  provider: 'ule',
  classification: { categoryCode: '2', categoryName: '主题信息资源类', itemCode: '04', itemName: '市政设施', catalogCode: '003', catalogName: '城市照明设施' },
  summary: '城区路灯的位置、功率和安装日期。',
  format: 'database',
  sharing: { type: 'unconditional', method: '接口' },
  open: { type: 'open', licence: 'CC BY 4.0' },
  updateCycle: 'monthly',
  items: [
    item('路灯编号', 'lampCode', 'string', { length: 16, key: true }),
    item('所在道路', 'road', 'string', { length: 100 }),
    item('所在区县', 'district', 'string', { length: 20 }),
    item('安装日期', 'installedOn', 'date'),
    item('功率（瓦）', 'power', 'integer'),
    item('备注', 'note', 'string', { length: 200 }),
  ],
};

function lampRow(i: number): unknown[] {
  return [
    `LD${String(i).padStart(8, '0')}`,
    `清远市清城区第${i % 977}号道路（${i % 13}段）`,
    i % 2 ? '清城区' : '清新区',
    `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`,
    60 + (i % 200),
    `巡检记录：编号${i}的路灯运行正常，灯杆完好，线路无破损，照度符合标准。`,
  ];
}

async function prepare(file: string, rows: number): Promise<void> {
  const db = await openDatabase(`sqlite:${file}`);
  try {
    await migrateLatest(db.knex, allMigrations);
    const catalog = new Catalog(db);
    await catalog.putDepartment({ code: 'ule', name: '清远市城市管理和综合执法局', creditCode: `11441800MB2C92010${creditCodeCheckChar('11441800MB2C92010')}`, parentCode: null, contact: {} });
    await catalog.createResource(LAMPS);
    await catalog.publishResource(LAMPS.code);
    await db.knex.transaction(async (trx) => {
      for (let start = 0; start < rows; start += 10_000) {
        const batch = Array.from({ length: Math.min(10_000, rows - start) }, (_, j) => lampRow(start + j));
        await insertRows(trx, db.dialect, TABLE, COLUMNS, batch);
      }
    });
    await catalog.recordSync(LAMPS.apiName, new Date());
  } finally {
    await db.knex.destroy();
  }
}

/** Resident memory of a process in bytes (Linux), or NaN elsewhere. */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface Download {
  rowsPerSecond: number;
  firstByteMs: number;
  totalMs: number;
  rssGrowthMb: number;
}

/** Downloads `url`, reading as fast as it comes and keeping nothing; samples the server's RSS meanwhile. */
async function download(url: string, pid: number, rows: number): Promise<Download> {
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 50);
  const started = performance.now();
  let firstByte = 0;
  let lines = 0;
  try {
    const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      firstByte ||= performance.now() - started;
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1)) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  if (lines !== rows + 1) throw new Error(`${url}: ${lines} lines, expected ${rows + 1}`);
  const totalMs = performance.now() - started;
  return { rowsPerSecond: rows / (totalMs / 1000), firstByteMs: Math.round(firstByte), totalMs: Math.round(totalMs), rssGrowthMb: Math.round(((peak - before) / 2 ** 20) * 10) / 10 };
}

export async function openDownloadCase(dir: string, rows: number, say: (line: string) => void): Promise<CaseResult> {
  const file = join(dir, 'download.sqlite');
  say(`open download: generating ${rows} rows into ${file} …`);
  await prepare(file, rows);
  const here = fileURLToPath(new URL('.', import.meta.url));
  const [basePort, realPort] = [await freePort(), await freePort()];
  const spec: BaselineSpec = { lookups: [], pages: [], downloads: [{ table: TABLE, columns: COLUMNS }] };
  const baseline = await startChild([join(here, 'baseline.js'), file, String(basePort), JSON.stringify(spec)], {}, basePort);
  const real = await startGovshare(file, dir, realPort);
  try {
    say(`open download: ${rows} rows from the baseline, then from govshare …`);
    const base = await download(`${baseline.url}/download/${TABLE}`, baseline.child.pid!, rows);
    const value = await download(`${real.url}/api/v1/resources/streetLamp/download.csv`, real.child.pid!, rows);
    return {
      name: `open download, ${rows.toLocaleString('en')} rows (CSV)`,
      baseline: Math.round(base.rowsPerSecond),
      value: Math.round(value.rowsPerSecond),
      unit: 'rows/s',
      ratio: Math.round((value.rowsPerSecond / base.rowsPerSecond) * 1000) / 1000,
      // One download per side: p50 is the time to the first byte, p99 the whole download (ms).
      p50: value.firstByteMs,
      p99: value.totalMs,
      baselineP50: base.firstByteMs,
      baselineP99: base.totalMs,
      target: 'server RSS growth < 100 MB',
      note: `server RSS growth ${value.rssGrowthMb} MB (baseline ${base.rssGrowthMb} MB); p50 = first byte, p99 = whole download`,
    };
  } finally {
    await stopChild(real.child);
    await stopChild(baseline.child);
  }
}

// Standalone run.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = process.argv.find((a) => a.startsWith('--rows='));
  const dir = mkdtempSync(join(tmpdir(), 'govshare-bench-download-'));
  openDownloadCase(dir, arg ? Number(arg.split('=')[1]) : 1_000_000, (line) => console.error(line))
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}
