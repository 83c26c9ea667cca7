import { expect } from 'chai';
import fc from 'fast-check';
import { autoMapping, compileValueParser, csvSource, type Parsed, type SourceRow } from '../../adapters/index.js';
import { createRowValidator, deriveRowSchema, type CodeSet, type DataItem } from '../../catalog/index.js';
import { demoCatalog } from '../../demo/index.js';
import { InputError } from '../../shared/errors.js';
import { sourceFixture } from '../fixtures/sources/paths.js';

const { codeSets, resources } = demoCatalog();
const person = resources.find((r) => r.apiName === 'person')!;
const legalEntity = resources.find((r) => r.apiName === 'legalEntity')!;
const CODE_SETS = new Map(codeSets.map((s) => [s.id, s]));

function itemOf(apiName: string, resource = person): DataItem {
  return resource.items.find((i) => i.apiName === apiName)!;
}

function parserFor(item: DataItem, mapping?: Parameters<typeof compileValueParser>[2]): (raw: unknown) => Parsed {
  return compileValueParser(item, item.codeSet ? CODE_SETS.get(item.codeSet) : undefined, mapping);
}

const plain = (dataType: DataItem['dataType'], extra: Partial<DataItem> = {}): DataItem => ({
  name: '测试',
  apiName: 'probe',
  dataType,
  required: false,
  key: false,
  sensitivity: 'public',
  mask: 'none',
  ...extra,
});

function values(parse: (raw: unknown) => Parsed, inputs: unknown[]): unknown[] {
  return inputs.map((raw) => {
    const parsed = parse(raw);
    return parsed.ok ? parsed.value : `! ${parsed.reason}`;
  });
}

describe('value transforms', () => {
  describe('text', () => {
    it('trims, turns full-width letters, digits and ideographic spaces half-width, and takes empty for null', () => {
      expect(values(parserFor(itemOf('address')), ['  英德市和平中路１６号Ａ座\u3000', '\u3000 ', '', null, undefined])).to.deep.equal(['英德市和平中路16号A座', null, null, null, null]);
    });

    it('keeps full-width punctuation in free text, as Chinese names and addresses write it', () => {
      expect(values(parserFor(itemOf('name', legalEntity)), ['清远某某投资合伙企业（有限合伙）'])).to.deep.equal(['清远某某投资合伙企业（有限合伙）']);
    });

    it('upper-cases a resident ID and keeps numbers from spreadsheets as text unless digits were lost', () => {
      expect(values(parserFor(itemOf('idNumber')), ['44180219850301123x', '４４１８０２１９８５０３０１１２３Ｘ', 441802198503011200])).to.deep.equal([
        '44180219850301123X',
        '44180219850301123X',
        '! a number too long to keep every digit (store the column as text)',
      ]);
      expect(values(parserFor(itemOf('mobile')), [13800138001])).to.deep.equal(['13800138001']);
    });
  });

  describe('codes', () => {
    it('keeps codes, maps code-set labels to codes, and restores leading zeros a spreadsheet dropped', () => {
      expect(values(parserFor(itemOf('gender')), ['1', '男', ' 女 ', '9'])).to.deep.equal(['1', '1', '2', '9']);
      expect(values(parserFor(itemOf('ethnicity')), ['01', '汉族', '瑶族', 1, '１３'])).to.deep.equal(['01', '01', '13', '01', '13']);
    });

    it('leaves an unknown code for validation to name', () => {
      expect(values(parserFor(itemOf('gender')), ['M', '男性'])).to.deep.equal(['M', '男性']);
    });

    it('applies a mapping’s value replacements before anything else', () => {
      const parse = parserFor(itemOf('gender'), { column: 'sex', item: 'gender', values: { M: '1', F: '2', '-': '' } });
      expect(values(parse, ['M', ' F', '-', '女'])).to.deep.equal(['1', '2', null, '2']);
    });
  });

  describe('numbers', () => {
    const integer = parserFor(plain('integer'));
    const decimal = parserFor(plain('decimal'));

    it('removes thousands separators and currency signs and reads full-width digits', () => {
      expect(values(decimal, ['1,234.50', '1，234', '￥1,000', '¥ 12.5', '-¥3', '１２３．４', '.5', 42, 10n])).to.deep.equal([1234.5, 1234, 1000, 12.5, -3, 123.4, 0.5, 42, 10]);
    });

    it('does not guess at 万 or 亿, misplaced separators or other text', () => {
      expect(values(decimal, ['1.2万', '3亿', '1,23', '12元', 'abc', '1e5', true])).to.deep.equal([
        '! a number with a Chinese unit (万, 亿…) is not converted; give the plain number',
        '! a number with a Chinese unit (万, 亿…) is not converted; give the plain number',
        '! not a number (thousands separators out of place)',
        '! not a number',
        '! not a number',
        '! not a number',
        '! not a number',
      ]);
    });

    it('wants integers whole and exactly storable', () => {
      expect(values(integer, ['12', '12.0', '12.5', 12.5, '9007199254740993'])).to.deep.equal([
        12,
        12,
        '! not a whole number',
        '! not a whole number',
        '! a whole number too large to store exactly',
      ]);
    });
  });

  describe('booleans', () => {
    it('reads 是/否, true/false, 1/0, Y/N, yes/no and T/F in any case', () => {
      const parse = parserFor(plain('boolean'));
      expect(values(parse, ['是', '否', 'TRUE', 'false', '1', '0', 'y', 'N', 'Yes', 'no', 't', 'F', true, 0])).to.deep.equal([
        true, false, true, false, true, false, true, false, true, false, true, false, true, false,
      ]);
      expect(values(parse, ['也许'])).to.deep.equal(['! not a yes/no value (expected 是/否, true/false, 1/0, Y/N, yes/no or T/F)']);
    });
  });

  describe('dates', () => {
    const date = parserFor(itemOf('birthDate'));

    it('reads the forms departments write', () => {
      const forms = ['2014-06-30', '2014/6/30', '2014.6.30', '20140630', '2014年6月30日', '2014 年 6 月 30 日', '２０１４－０６－３０', '2014-06-30T10:00:00+08:00', '2014-06-30 23:59:59', '2014/6/30 8:05'];
      expect(values(date, forms)).to.deep.equal(forms.map(() => '2014-06-30'));
    });

    it('reads Excel serial numbers in the 1900 date system, YYYYMMDD numbers and Date objects', () => {
      expect(values(date, [41820, 41820.75, 1, 59, 61, 20140630, new Date(Date.UTC(2014, 5, 30)), new Date(2014, 5, 30)])).to.deep.equal([
        '2014-06-30',
        '2014-06-30',
        '1900-01-01',
        '1900-02-28',
        '1900-03-01',
        '2014-06-30',
        '2014-06-30',
        '2014-06-30',
      ]);
    });

    it('rejects impossible dates and other text with a reason that does not repeat the value', () => {
      expect(values(date, ['2014-02-30', '2100-02-29', '2014-13-01', '30/06/2014', 'yesterday', 60])).to.deep.equal([
        '! not a calendar date (that day does not exist in that month)',
        '! not a calendar date (that day does not exist in that month)',
        '! not a calendar date (that day does not exist in that month)',
        '! not a date (expected forms like 2014-06-30, 2014/6/30, 20140630, 2014年6月30日)',
        '! not a date (expected forms like 2014-06-30, 2014/6/30, 20140630, 2014年6月30日)',
        '! not a calendar date (Excel serial 60 is 1900-02-29, which never was)',
      ]);
      expect(values(date, ['2000-02-29'])).to.deep.equal(['2000-02-29']);
    });

    it('follows a mapping’s date format when one is given', () => {
      const parse = parserFor(itemOf('birthDate'), { column: 'dob', item: 'birthDate', dateFormat: 'DD/MM/YYYY' });
      expect(values(parse, ['30/06/2014', '31/06/2014', '2014-06-30'])).to.deep.equal([
        '2014-06-30',
        '! not a calendar date (that day does not exist in that month)',
        '! not a date in the form DD/MM/YYYY',
      ]);
    });

    it('refuses a date format without a year, month and day, naming it', () => {
      expect(() => parserFor(itemOf('birthDate'), { column: 'dob', item: 'birthDate', dateFormat: 'MM/DD' }))
        .to.throw(InputError)
        .with.property('problems')
        .that.deep.equals([{ field: 'dateFormat', message: 'must name each of YYYY, MM (or M) and DD (or D) once' }]);
    });
  });

  describe('date-times', () => {
    const datetime = parserFor(plain('datetime'));

    it('gives UTC instants, reading naive times as Beijing time', () => {
      expect(values(datetime, ['2014-06-30 10:00:00', '2014年6月30日 10:00', '2014-06-30T10:00:00Z', '2014-06-30T10:00:00.5+0530', '2014-06-30', 41820.5, 1404093600000])).to.deep.equal([
        '2014-06-30T02:00:00.000Z',
        '2014-06-30T02:00:00.000Z',
        '2014-06-30T10:00:00.000Z',
        '2014-06-30T04:30:00.500Z',
        '2014-06-29T16:00:00.000Z',
        '2014-06-30T04:00:00.000Z',
        '2014-06-30T02:00:00.000Z',
      ]);
    });

    it('rejects times of day that do not exist', () => {
      expect(values(datetime, ['2014-06-30 24:00', '2014-06-30 10:61'])).to.deep.equal([
        '! not a time of day (hours 0–23, minutes and seconds 0–59)',
        '! not a time of day (hours 0–23, minutes and seconds 0–59)',
      ]);
    });
  });

  describe('geopoints', () => {
    it('normalises the usual spellings of a point to lat,lng', () => {
      const parse = parserFor(plain('geopoint'));
      expect(values(parse, ['23.68,113.05', ' 23.68 ， 113.05 ', '(23.68, 113.05)', '23.68 113.05', 'POINT(113.05 23.68)', [23.68, 113.05], { lat: 23.68, lng: 113.05 }, { type: 'Point', coordinates: [113.05, 23.68] }])).to.deep.equal(
        Array(8).fill('23.68,113.05'),
      );
      expect(values(parse, ['91,113', '23,181', '清远'])).to.deep.equal([
        '! latitude out of range (−90 to 90)',
        '! longitude out of range (−180 to 180)',
        '! not a point (expected latitude,longitude like 23.68,113.05)',
      ]);
    });
  });

  it('never repeats an identifier or a phone number in a reason', () => {
    const parsers = (['date', 'datetime', 'boolean', 'geopoint'] as const).map((t) => parserFor(plain(t)));
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[1-9]\d{16}[\dX]$/), fc.stringMatching(/^1[3-9]\d{9}$/)), (value) => {
        for (const parse of parsers) {
          const parsed = parse(value);
          expect(parsed.ok).to.equal(false);
          if (!parsed.ok) expect(parsed.reason).to.not.contain(value);
        }
      }),
    );
  });
});

describe('autoMapping', () => {
  const items = person.items;

  it('maps columns named by Chinese name, apiName or snake_case, whatever their case, width or spacing', () => {
    const { mapping, unmapped, unknownColumns } = autoMapping(['公民身份号码', ' NAME ', 'ｇｅｎｄｅｒ', 'BIRTH_DATE', 'ethnicity', '户籍所在区县', '住址', '联系电话', '备注'], items);
    expect(mapping.map((m) => `${m.column}→${m.item}`)).to.deep.equal([
      '公民身份号码→idNumber',
      ' NAME →name',
      'ｇｅｎｄｅｒ→gender',
      'BIRTH_DATE→birthDate',
      'ethnicity→ethnicity',
      '户籍所在区县→district',
      '住址→address',
      '联系电话→mobile',
    ]);
    expect(unmapped).to.deep.equal([]);
    expect(unknownColumns).to.deep.equal(['备注']);
  });

  it('lets an explicit mapping win and reports the items nothing feeds', () => {
    const { mapping, unmapped, unknownColumns } = autoMapping(['sfzh', 'name', '姓名'], items, [{ column: 'sfzh', item: 'idNumber' }, { column: '姓名', item: 'name', values: { 无: '' } }]);
    expect(mapping).to.deep.equal([
      { column: 'sfzh', item: 'idNumber' },
      { column: '姓名', item: 'name', values: { 无: '' } },
    ]);
    expect(unmapped.map((i) => i.apiName)).to.deep.equal(['gender', 'birthDate', 'ethnicity', 'district', 'address', 'mobile']);
    expect(unknownColumns).to.deep.equal(['name']);
  });

  it('refuses an explicit mapping that names what is not there, or feeds one item twice', () => {
    try {
      autoMapping(['sfzh', 'xm'], items, [{ column: 'sfhm', item: 'idNumber' }, { column: 'xm', item: 'fullName' }, { column: 'xm', item: 'idNumber' }, { column: 'sfzh', item: 'idNumber' }]);
      expect.fail('expected an InputError');
    } catch (err) {
      expect((err as InputError).problems).to.deep.equal([
        { field: 'mapping[0].column', message: 'names no column of the source (its columns: sfzh, xm)' },
        { field: 'mapping[1].item', message: 'names no data item of the resource' },
        { field: 'mapping[3].item', message: 'is already fed by column xm' },
      ]);
    }
  });

  it('refuses two columns that would feed the same item', () => {
    expect(() => autoMapping(['name', '姓名'], items)).to.throw(InputError, 'column 姓名 feeds item name as column name does; map one of them explicitly');
  });
});

describe('the bad-rows fixture, read, parsed and validated', () => {
  it('loads the good rows and names what is wrong with each bad one', async () => {
    const source = csvSource(sourceFixture('persons-bad-rows.csv'));
    const columns = (await source.describe()).map((c) => c.name);
    const { mapping, unmapped } = autoMapping(columns, person.items);
    expect(unmapped).to.deep.equal([]);
    const parsers = mapping.map((m) => ({ m, parse: parserFor(itemOf(m.item), m) }));
    const validate = createRowValidator(deriveRowSchema({ ...person, version: 1 }, { codeSets: CODE_SETS as ReadonlyMap<string, CodeSet>, referencedItems: new Map() }));

    const outcome = (row: SourceRow): string => {
      if (row.problem) return row.problem;
      const record: Record<string, unknown> = {};
      for (const { m, parse } of parsers) {
        const parsed = parse(row.values[m.column]);
        if (!parsed.ok) return `${m.item}: ${parsed.reason}`;
        if (parsed.value !== null) record[m.item] = parsed.value;
      }
      return validate(record).map((p) => `${p.field} ${p.message}`).join('; ') || 'ok';
    };
    const outcomes: [number, string][] = [];
    for await (const batch of source.read({ batchSize: 100 })) for (const row of batch) outcomes.push([row.position, outcome(row)]);
    expect(outcomes).to.deep.equal([
      [2, 'ok'],
      [3, 'idNumber must match format "resident-id"'],
      [4, 'birthDate: not a calendar date (that day does not exist in that month)'],
      [5, 'name is required'],
      [6, 'expected 8 fields, found 7'],
      [7, 'unclosed quote'],
      [8, 'ok'],
      [9, 'ok'],
    ]);
  });
});
