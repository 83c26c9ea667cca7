import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import type { DataItem } from '../../../catalog/index.js';
import { BOM, csvField, csvHeader, csvLine, geoPosition } from '../../../gateway/rest/rowFormats.js';

const FORMULA = /^[=+\-@\t\r]/;

describe('CSV cells of open downloads', () => {
  it('round-trips any text through an RFC 4180 parser, formula starts prefixed with an apostrophe', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('=1+1', '-2', '+3', '@A1', '\tx', '\ry', 'a,b', 'a"b', 'a\r\nb', '')), { minLength: 1, maxLength: 6 }), (cells) => {
        const [parsed] = parse(csvLine(cells), { relax_quotes: false }) as string[][];
        expect(parsed).to.deep.equal(cells.map((c) => (FORMULA.test(c) ? `'${c}` : c)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes numbers, booleans and empty values as they are', () => {
    expect([csvField(-12.5), csvField(0), csvField(true), csvField(null)]).to.deep.equal(['-12.5', '0', 'true', '']);
  });

  it('starts a header with the BOM when the caller adds it, and names columns in Chinese', () => {
    const items = [{ name: '罚款金额（元）' }, { name: '案件所在区县' }] as DataItem[];
    const text = BOM + csvHeader(items);
    expect(parse(text, { bom: true })).to.deep.equal([['罚款金额（元）', '案件所在区县']]);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).to.deep.equal(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('reads geopoints as latitude,longitude and writes GeoJSON positions as [longitude, latitude]', () => {
    expect(geoPosition('23.68,113.05')).to.deep.equal([113.05, 23.68]);
    expect(geoPosition(' -33.9,151.2 ')).to.deep.equal([151.2, -33.9]);
    expect(geoPosition('not a point')).to.equal(null);
    expect(geoPosition(null)).to.equal(null);
  });
});
