import { expect } from 'chai';
import { rejection } from '../catalog/fixtures.js';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { excelSource, type SourceRow } from '../../adapters/index.js';
import { InputError } from '../../shared/errors.js';
import { adapterContract, readRows } from './contractSuite.js';

// Tests run from dist/tests/adapters; the committed fixture stays in the source tree.
const PERSONS_XLSX = fileURLToPath(new URL('../../../tests/fixtures/sources/persons.xlsx', import.meta.url));

const PERSON_COLUMNS = ['公民身份号码', '姓名', '性别', '出生日期', '民族', '户籍所在区县', '住址', '联系电话'];
const person = (values: (string | null)[]) => Object.fromEntries(PERSON_COLUMNS.map((c, i) => [c, values[i] ?? null]));

adapterContract(
  'excel (first sheet)',
  () => excelSource(PERSONS_XLSX),
  () => ({
    columns: PERSON_COLUMNS,
    rows: [
      person(['441802199005120010', '张伟', '1', '1990-05-12T00:00:00.000Z', '01', '清城区', '清城区凤城街道人民一路8号', '13812345678']),
      person(['441803198503010027', '李娜', '2', '1985-03-01T00:00:00.000Z', '01', '清新区', '清新区太和镇太和大道1号', '13912345678']),
      person(['441881197811200038', '王芳', '2', '1978-11-20T00:00:00.000Z', '02', '英德市', '英德市英城街道和平中路2号', null]),
      person(['44188220120607004X', '陈晨', '1']),
      person(['441823200109150051', '刘洋', '1', '2001-09-15T00:00:00.000Z', '01', '佛冈县', '佛冈县石角镇', null]),
    ],
  }),
);

adapterContract(
  'excel (named sheet)',
  () => excelSource(PERSONS_XLSX, { sheet: '迁入登记' }),
  () => ({
    columns: ['公民身份号码', '姓名', '迁入地址', 'column4', 'column5', '迁入日期'],
    rows: [
      { 公民身份号码: '441802199501010064', 姓名: '赵敏', 迁入地址: '连州市', column4: '保安镇', column5: null, 迁入日期: '2026-10-08T00:00:00.000Z' },
      { 公民身份号码: '441825199902280078', 姓名: '孙丽', 迁入地址: '连山壮族瑶族自治县', column4: null, column5: null, 迁入日期: '2026-11-02T00:00:00.000Z' },
      { 公民身份号码: '441826198706300088', 姓名: '周杰', 迁入地址: '连南瑶族自治县', column4: null, column5: null, 迁入日期: '2026-11-20T00:00:00.000Z' },
    ],
  }),
);



describe('excelSource', () => {
  describe('the first sheet of persons.xlsx', () => {
    let rows: SourceRow[];
    before(async () => {
      rows = await readRows(excelSource(PERSONS_XLSX));
    });

    it('positions rows by their worksheet row number, skipping the blank row 4', () => {
      expect(rows.map((r) => r.position)).to.deep.equal([2, 3, 5, 6, 7]);
    });

    it('gives dates as Dates and numbers as numbers', () => {
      expect(rows[0]!.values['出生日期']).to.be.instanceOf(Date);
      expect((rows[0]!.values['出生日期'] as Date).toISOString()).to.equal('1990-05-12T00:00:00.000Z');
      expect(rows[1]!.values['联系电话']).to.equal(13912345678);
      expect(rows[0]!.values['联系电话']).to.equal('13812345678');
    });

    it('turns rich text into plain text and a hyperlink into its text', () => {
      expect(rows[1]!.values['姓名']).to.equal('李娜');
      expect(rows[0]!.values['住址']).to.equal('清城区凤城街道人民一路8号');
    });

    it('gives formula cells their cached result, as a Date when the cell is formatted as a date', () => {
      expect(rows[1]!.values['性别']).to.equal('2');
      expect(rows[4]!.values['户籍所在区县']).to.equal('佛冈县');
      expect(rows[4]!.values['出生日期']).to.be.instanceOf(Date);
      expect((rows[4]!.values['出生日期'] as Date).toISOString()).to.equal('2001-09-15T00:00:00.000Z');
    });

    it('reports an error cell as a problem on its row, naming the cell', () => {
      expect(rows[2]!.problem).to.equal('cell H5 holds #N/A');
      expect(rows[2]!.values['联系电话']).to.equal(null);
      expect(rows.filter((r) => r.problem)).to.have.length(1);
    });

    it('pads a row shorter than the header with nulls', () => {
      expect(Object.keys(rows[3]!.values)).to.deep.equal(PERSON_COLUMNS);
      expect(rows[3]!.values['住址']).to.equal(null);
    });

    it('suggests each column type from the first record', async () => {
      const columns = await excelSource(PERSONS_XLSX).describe();
      expect(columns.find((c) => c.name === '出生日期')).to.deep.include({ sourceType: 'date', dataType: 'date' });
      expect(columns.find((c) => c.name === '姓名')).to.deep.include({ sourceType: 'string', dataType: 'string' });
    });
  });

  describe('a named sheet whose header is not on the first row', () => {
    it('reports a value in a column without a header as a problem, not dropped silently', async () => {
      const rows = await readRows(excelSource(PERSONS_XLSX, { sheet: '迁入登记' }));
      expect(rows.map((r) => r.position)).to.deep.equal([4, 5, 6]);
      expect(rows[2]!.problem).to.equal('cell G6 holds a value but its column has no header');
    });
  });

  describe('bad locations', () => {
    it('refuses a sheet that does not exist, listing the sheets that do', async () => {
      const err = await rejection(excelSource(PERSONS_XLSX, { sheet: '户籍变动' }).describe(), Error);
      expect(err).to.be.instanceOf(InputError);
      expect((err as InputError).problems).to.deep.equal([{ field: 'sheet', message: '"户籍变动" is not one of its sheets: 人口基础信息, 迁入登记' }]);
    });

    it('refuses a missing file and a file that is not a workbook, naming the location', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'govshare-excel-'));
      try {
        const csv = join(dir, 'persons.xlsx');
        writeFileSync(csv, '公民身份号码,姓名\n441802199005120010,张伟\n');
        for (const path of [join(dir, 'missing.xlsx'), csv]) {
          const err = await rejection(readRows(excelSource(path)), Error);
          expect(err).to.be.instanceOf(InputError);
          expect((err as InputError).problems[0]!.field).to.equal('location');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a header with a repeated name and formatted blank cells after it', () => {
    it('renames the repeat by its column and does not count the blank cells as columns', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'govshare-excel-'));
      try {
        const path = join(dir, 'header.xlsx');
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('登记');
        sheet.getRow(1).values = ['姓名', '联系电话', '联系电话'];
        sheet.getCell('E1').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
        sheet.getRow(2).values = ['张伟', '13812345678', '07633312345'];
        await workbook.xlsx.writeFile(path);
        const adapter = excelSource(path);
        expect((await adapter.describe()).map((c) => c.name)).to.deep.equal(['姓名', '联系电话', '联系电话_3']);
        expect((await readRows(adapter))[0]!.values).to.deep.equal({ 姓名: '张伟', 联系电话: '13812345678', 联系电话_3: '07633312345' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a generated workbook of 20,000 rows', () => {
    let dir: string;
    let path: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'govshare-excel-'));
      path = join(dir, 'large.xlsx');
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
      const sheet = writer.addWorksheet('人口');
      sheet.addRow(['序号', '姓名', '出生日期']).commit();
      for (let i = 1; i <= 20_000; i++) sheet.addRow([i, `居民${i}`, new Date(Date.UTC(1980, 0, 1 + (i % 9000)))]).commit();
      sheet.commit();
      await writer.commit();
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('streams every row in full batches, in order', async () => {
      let count = 0;
      let last = 0;
      let batches = 0;
      for await (const batch of excelSource(path).read({ batchSize: 500 })) {
        batches++;
        for (const row of batch) {
          expect(row.values['序号']).to.equal(last + 1);
          last = row.values['序号'] as number;
          count++;
        }
      }
      expect(count).to.equal(20_000);
      expect(batches).to.equal(40);
    });
  });
});
