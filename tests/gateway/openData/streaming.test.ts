/**
 * A download of 200,000 rows keeps the server's memory flat: rows are read in batches as the client
 * takes them. The client reads in the same process, chunk by chunk, keeping nothing. Heap is
 * sampled while the download runs; holding the rows (or the CSV) would take several times the bound.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { Catalog, type ResourceInput } from '../../../catalog/index.js';
import { startServer, type RunningServer } from '../../../server/index.js';
import { insertRows } from '../../../shared/index.js';
import { creditCode } from '../../catalog/fixtures.js';
import { describeEngines } from '../../support/engines.js';
import { silentLogger, testConfig } from '../../support/server.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const ROWS = 200_000;
const HEAP_BOUND_MB = 40;

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
    { name: '路灯编号', apiName: 'lampCode', dataType: 'string', length: 16, required: true, key: true, sensitivity: 'public', mask: 'none' },
    { name: '所在道路', apiName: 'road', dataType: 'string', length: 100, required: true, key: false, sensitivity: 'public', mask: 'none' },
    { name: '所在区县', apiName: 'district', dataType: 'string', length: 20, required: true, key: false, sensitivity: 'public', mask: 'none' },
    { name: '安装日期', apiName: 'installedOn', dataType: 'date', required: false, key: false, sensitivity: 'public', mask: 'none' },
    { name: '功率（瓦）', apiName: 'power', dataType: 'integer', required: false, key: false, sensitivity: 'public', mask: 'none' },
    { name: '备注', apiName: 'note', dataType: 'string', length: 200, required: false, key: false, sensitivity: 'public', mask: 'none' },
  ],
};

describeEngines('open downloads stream with flat memory', (ctx) => {
  let server: RunningServer;
  before(async function () {
    this.timeout(180_000);
    const catalog = new Catalog(ctx.db);
    await catalog.putDepartment({ code: 'ule', name: '清远市城市管理和综合执法局', creditCode: creditCode('11441800MB2C92010'), parentCode: null, contact: {} });
    await catalog.createResource(LAMPS);
    await catalog.publishResource(LAMPS.code);
    const columns = ['lamp_code', 'road', 'district', 'installed_on', 'power', 'note'];
    await ctx.db.knex.transaction(async (trx) => {
      for (let start = 0; start < ROWS; start += 10_000) {
        const batch = Array.from({ length: 10_000 }, (_, j) => {
          const i = start + j;
          return [`LD${String(i).padStart(8, '0')}`, `清远市清城区第${i % 977}号道路（${i % 13}段）`, i % 2 ? '清城区' : '清新区', `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`, 60 + (i % 200), `巡检记录：编号${i}的路灯运行正常，灯杆完好，线路无破损，照度符合标准。`];
        });
        await insertRows(trx, ctx.db.dialect, 'data_street_lamp', columns, batch);
      }
    });
    server = await startServer({ db: ctx.db, logger: silentLogger, catalog, config: testConfig(), sweepIntervalMs: 0, alertIntervalMs: 0 }, 0);
  });
  after(async () => {
    await server?.close();
  });

  /** Downloads the lamps, reading chunk by chunk; returns the lines, and the heap growth over a collected baseline. */
  async function download(encoding: string): Promise<{ lines: number; growthMb: number }> {
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 10);
    let lines = 0;
    let bytes = 0;
    const started = performance.now();
    try {
      const res = await fetch(`${server.url}/api/v1/resources/streetLamp/download.csv`, { headers: { 'accept-encoding': encoding } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-encoding') ?? 'identity').to.equal(encoding);
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1)) lines++;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const growthMb = (peak - baseline) / 2 ** 20;
    console.log(`      ${ctx.db.engine} ${encoding}: ${ROWS} rows, ${(bytes / 2 ** 20).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s), heap growth ${growthMb.toFixed(1)} MB`);
    return { lines, growthMb };
  }

  for (const encoding of ['identity', 'gzip']) {
    it(`downloads ${ROWS.toLocaleString('en')} rows as CSV (${encoding}) with heap growth under ${HEAP_BOUND_MB} MB`, async function () {
      this.timeout(180_000);
      const { lines, growthMb } = await download(encoding);
      expect(lines).to.equal(ROWS + 1);
      expect(growthMb).to.be.below(HEAP_BOUND_MB);
    });
  }

  it('stops reading the table when the client goes away', async () => {
    let batches = 0;
    const count = (q: { sql: string }) => {
      if (q.sql.includes('data_street_lamp') && !q.sql.includes('count(')) batches++;
    };
    ctx.db.knex.on('query', count);
    try {
      const abort = new AbortController();
      const res = await fetch(`${server.url}/api/v1/resources/streetLamp/download.jsonl`, { signal: abort.signal, headers: { 'accept-encoding': 'identity' } });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      abort.abort();
      await new Promise((r) => setTimeout(r, 1000));
      expect(batches, 'batches read after the client left').to.be.below(10);
      expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    } finally {
      ctx.db.knex.off('query', count);
    }
  });
});
