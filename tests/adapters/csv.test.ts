import { expect } from 'chai';
import { rejection } from '../catalog/fixtures.js';
import iconv from 'iconv-lite';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { csvSource, DecodeError, type SourceRow } from '../../adapters/index.js';
import { InputError } from '../../shared/errors.js';
import { FIXTURE_CONTENTS, sourceFixture } from '../fixtures/sources/paths.js';
import { adapterContract, readRows } from './contractSuite.js';

for (const [kind, name] of [
  ['GBK, CRLF', 'persons-gbk.csv'],
  ['GB18030', 'persons-gb18030.csv'],
  ['UTF-8 with BOM, multi-line field, blank line', 'persons-utf8-bom.csv'],
  ['tab-delimited UTF-8', 'persons-tab.tsv'],
  ['tab-delimited UTF-16LE', 'persons-utf16le.txt'],
]) {
  adapterContract(`csv (${kind})`, () => csvSource(sourceFixture(name)), () => FIXTURE_CONTENTS[name]);
}



/** File descriptors of this process open on `path` (Linux). */
function openDescriptors(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

describe('csvSource', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'govshare-csv-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('positions each record on the physical line it starts on, past multi-line fields and blank lines', async () => {
    const rows = await readRows(csvSource(sourceFixture('persons-utf8-bom.csv')));
    expect(rows.map((r) => r.position)).to.deep.equal([2, 5]);
    expect(rows[0].values['住址']).to.equal('连南瑶族自治县三江镇\n顺德路9号');
    expect(rows[1].values['姓名']).to.equal('何"阿强"');
  });

  it('keeps no BOM in the first column name', async () => {
    const columns = await csvSource(sourceFixture('persons-utf8-bom.csv')).describe();
    expect(columns[0].name).to.equal('公民身份号码');
  });

  it('yields the bad-rows fixture whole, marking the records the file itself gets wrong', async () => {
    const rows = await readRows(csvSource(sourceFixture('persons-bad-rows.csv')));
    expect(rows.map((r) => [r.position, r.problem ?? null])).to.deep.equal([
      [2, null],
      [3, null],
      [4, null],
      [5, null],
      [6, 'expected 8 fields, found 7'],
      [7, 'unclosed quote'],
      [8, null],
      [9, null],
    ]);
    expect(Object.keys(rows[4].values)).to.have.length(7);
    // What line 7 holds is kept: the field the open quote starts runs to the end of its line.
    expect(Object.values(rows[5].values)).to.deep.equal(['441802198506066660', '周全,男,1985-06-06,汉族,清城区,清城区凤城街道6号,13800000016']);
    expect(rows[7].values['住址']).to.equal('清城区凤城街道8号, 2楼');
  });

  it('reports a quote left open to the end of the file once, at the line it opens, and keeps the lines after it', async () => {
    const path = file('open-quote.csv', 'a,b,c\n1,2,3\n4,"5,6\n7,8,9\n10,11,12');
    const rows = await readRows(csvSource(path));
    expect(rows.map((r) => [r.position, r.problem ?? null, Object.values(r.values)])).to.deep.equal([
      [2, null, ['1', '2', '3']],
      [3, 'unclosed quote', ['4', '5,6']],
      [4, null, ['7', '8', '9']],
      [5, null, ['10', '11', '12']],
    ]);
  });

  it('keeps fields beyond the header under their positions', async () => {
    const rows = await readRows(csvSource(file('extra.csv', 'a,b\n1,2,3,4\n')));
    expect(rows[0]).to.deep.equal({ position: 2, values: { a: '1', b: '2', '#3': '3', '#4': '4' }, problem: 'expected 2 fields, found 4' });
  });

  it('keeps values as strings, empty fields as empty strings, and quoted delimiters and quotes as text', async () => {
    const rows = await readRows(csvSource(file('quoted.csv', 'a,b,c\r\n"x, ""y""",,  z  \r\n')));
    expect(rows).to.deep.equal([{ position: 2, values: { a: 'x, "y"', b: '', c: '  z  ' } }]);
  });

  it('detects a semicolon delimiter, and takes an explicit one over detection', async () => {
    const path = file('semi.csv', 'a;b|c\n1;2|3\n');
    expect(await csvSource(path).describe()).to.deep.equal([{ name: 'a' }, { name: 'b|c' }]);
    expect((await csvSource(path, { delimiter: '|' }).describe()).map((c) => c.name)).to.deep.equal(['a;b', 'c']);
  });

  it('reads a GBK file with an explicit encoding', async () => {
    const rows = await readRows(csvSource(sourceFixture('persons-gbk.csv'), { encoding: 'gbk' }));
    expect(rows[2].values['住址']).to.equal('英德市英城街道和平中路１６号');
  });

  it('refuses bad options up front, naming them', () => {
    for (const [options, field] of [
      [{ encoding: 'ebcdic-martian' }, 'encoding'],
      [{ delimiter: '"' }, 'delimiter'],
      [{ delimiter: ',,' }, 'delimiter'],
    ] as const) {
      try {
        csvSource(sourceFixture('persons-gbk.csv'), options);
        expect.fail('expected an InputError');
      } catch (err) {
        expect(err).to.be.instanceOf(InputError);
        expect((err as InputError).problems[0].field).to.equal(field);
      }
    }
  });

  it('refuses a batch size that is not a positive whole number', async () => {
    const err = await rejection(readRows(csvSource(sourceFixture('persons-gbk.csv')), { batchSize: 0 }), Error);
    expect((err as InputError).problems[0].field).to.equal('batchSize');
  });

  it('refuses an empty file and a header with a blank or repeated name', async () => {
    expect(await rejection(csvSource(file('empty.csv', '\n\n')).describe(), Error)).to.be.instanceOf(InputError);
    const bad = (await rejection(readRows(csvSource(file('header.csv', 'a,,a\n1,2,3\n'))), Error)) as InputError;
    expect(bad.problems.map((p) => p.field)).to.deep.equal(['header column 2', 'header column 3']);
  });

  it('describes from the header alone, while a read reaches an undecodable byte far below it', async () => {
    const lines = Array.from({ length: 30000 }, (_, i) => `${i},清远市清城区凤城街道${i}号`).join('\n');
    const path = file('late-bad-byte.csv', Buffer.concat([iconv.encode(`编号,住址\n${lines}\n30000,`, 'gbk'), Buffer.from([0xff, 0x0a])]));
    expect((await csvSource(path).describe()).map((c) => c.name)).to.deep.equal(['编号', '住址']);
    const err = await rejection(readRows(csvSource(path)), Error);
    expect(err).to.be.instanceOf(DecodeError);
    expect((err as DecodeError).line).to.equal(30002);
  });

  /** A file too large to be read in one chunk, so that a read holds it open. */
  function largeFile(name: string, rows: number): string {
    const row = (i: number) => `44180219850301${String(i % 10000).padStart(4, '0')},张伟${i},1,1985-03-01,01,清城区,清远市清城区凤城街道${i}号,13800138001\n`;
    const parts = ['公民身份号码,姓名,性别,出生日期,民族,户籍所在区县,住址,联系电话\n'];
    for (let i = 0; i < rows; i++) parts.push(row(i));
    return file(name, iconv.encode(parts.join(''), 'gbk'));
  }

  it('rejects an aborted read with an AbortError and closes the file', async () => {
    const path = largeFile('abort.csv', 20_000);
    const controller = new AbortController();
    const rows: SourceRow[] = [];
    const err = await rejection(
      (async () => {
        for await (const batch of csvSource(path).read({ batchSize: 1, signal: controller.signal })) {
          rows.push(...batch);
          expect(openDescriptors(path)).to.equal(1);
          controller.abort();
        }
      })(),
      Error,
    );
    expect((err as Error).name).to.equal('AbortError');
    expect(rows).to.have.length(1);
    expect(openDescriptors(path)).to.equal(0);
  });

  it('closes the file of a read in progress when the adapter is closed', async () => {
    const path = largeFile('close.csv', 20_000);
    const adapter = csvSource(path);
    const iterator = adapter.read({ batchSize: 1 })[Symbol.asyncIterator]();
    await iterator.next();
    expect(openDescriptors(path)).to.equal(1);
    await adapter.close();
    await iterator.return?.();
    expect(openDescriptors(path)).to.equal(0);
  });

  it('streams 200,000 rows in flat memory', async function () {
    this.timeout(30000); // about 1.5 s; throughput is the benchmark's business, not this test's
    const path = largeFile('large.csv', 200_000);
    const gc = exposeGc();
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let rows = 0;
    let batches = 0;
    for await (const batch of csvSource(path).read({ batchSize: 1000 })) {
      rows += batch.length;
      // Sampled after a collection, heap use is what the read holds on to.
      if (++batches % 20 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    expect(rows).to.equal(200_000);
    expect(peak, `heap growth ${Math.round(peak / 1e6)} MB`).to.be.below(50e6);
  });
});

/** A full garbage collection: `global.gc`, exposed for this test when node was started without --expose-gc. */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
