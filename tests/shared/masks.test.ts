import { expect } from 'chai';
import fc from 'fast-check';
import { applyMask, maskAddress, maskMobile, maskName, maskResidentId } from '../../shared/masks.js';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

const residentIdLike = fc.tuple(digits(17), fc.constantFrom(...'0123456789X')).map(([body, check]) => body + check);
const mobile = fc.tuple(fc.constantFrom(...'3456789'), digits(9)).map(([second, rest]) => `1${second}${rest}`);

// Common-use CJK ideographs, plus an astral one (𠮷) to check that names are cut by code point.
const hanzi = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((cp) => String.fromCodePoint(cp)),
  fc.constant('𠮷'),
);
const chineseName = fc.array(hanzi, { minLength: 2, maxLength: 6 }).map((cs) => cs.join(''));

describe('maskResidentId', () => {
  it('masks the GB example shape as 441802********1234', () => {
    expect(maskResidentId('441802199001011234')).to.equal('441802********1234');
  });

  it('keeps the first 6 and the last 4 characters and the length, and stars the rest', () => {
    fc.assert(
      fc.property(residentIdLike, (id) => {
        const masked = maskResidentId(id);
        expect(masked).to.have.length(18);
        expect(masked.slice(0, 6)).to.equal(id.slice(0, 6));
        expect(masked.slice(-4)).to.equal(id.slice(-4));
        expect(masked.slice(6, 14)).to.equal('********');
      }),
    );
  });

  it('never reveals the birth date part', () => {
    fc.assert(fc.property(residentIdLike, (id) => !maskResidentId(id).includes(id.slice(6, 14))));
  });

  it('stars a value too short to keep anything', () => {
    expect(maskResidentId('1234567890')).to.equal('**********');
  });
});

describe('maskMobile', () => {
  it('masks 13812345678 as 138****5678', () => {
    expect(maskMobile('13812345678')).to.equal('138****5678');
  });

  it('keeps the first 3 and the last 4 digits and stars the middle 4', () => {
    fc.assert(
      fc.property(mobile, (m) => {
        expect(maskMobile(m)).to.equal(`${m.slice(0, 3)}****${m.slice(-4)}`);
      }),
    );
  });

  it('stars a value too short to keep anything', () => {
    expect(maskMobile('1381234')).to.equal('*******');
  });
});

describe('maskName', () => {
  it('masks 张三丰 as 张**', () => {
    expect(maskName('张三丰')).to.equal('张**');
  });

  it('keeps the first character and stars every other one', () => {
    fc.assert(
      fc.property(chineseName, (name) => {
        const chars = Array.from(name);
        expect(maskName(name)).to.equal(chars[0] + '*'.repeat(chars.length - 1));
      }),
    );
  });

  it('never returns the original name of two or more characters', () => {
    fc.assert(fc.property(chineseName, (name) => maskName(name) !== name));
  });

  it('cuts by code point, not UTF-16 unit', () => {
    expect(maskName('𠮷野家')).to.equal('𠮷**');
  });

  it('still hides a one-character name behind a star', () => {
    expect(maskName('张')).to.equal('张*');
  });
});

const PROVINCES = ['广东省', '广西壮族自治区', '贵州省', '内蒙古自治区'];
const PREFECTURES = ['清远市', '广州市', '杭州市', '延边朝鲜族自治州', '锡林郭勒盟', '济南市'];
const DISTRICTS = ['清城区', '英德市', '连山壮族瑶族自治县', '市中区', '阳山县', '浦东新区', '科尔沁右翼前旗'];
// Pieces of the part below the district, including words that contain 省, 市, 区 and 县.
const STREET_PARTS = ['凤城街道', '北门街', '12号', '省道S114旁', '市场路', '工业园区', '裕华社区', '县道X380', '3栋201房', '吉田镇', '新城大道'];

const address = fc.record({
  province: fc.option(fc.constantFrom(...PROVINCES), { nil: '' }),
  prefecture: fc.constantFrom(...PREFECTURES),
  district: fc.constantFrom(...DISTRICTS),
  street: fc.array(fc.constantFrom(...STREET_PARTS), { minLength: 1, maxLength: 4 }).map((ps) => ps.join('')),
});

describe('maskAddress', () => {
  it('keeps 清远市清城区 of an address in 清城区', () => {
    expect(maskAddress('清远市清城区凤城街道北门街12号')).to.equal('清远市清城区****');
  });

  it('keeps a county-level city with its province and prefecture', () => {
    expect(maskAddress('广东省清远市英德市英城街道裕华社区5号')).to.equal('广东省清远市英德市****');
  });

  it('keeps an autonomous county up to 自治县', () => {
    expect(maskAddress('清远市连山壮族瑶族自治县吉田镇太平路8号')).to.equal('清远市连山壮族瑶族自治县****');
  });

  it('keeps province, prefecture and district and masks everything below them', () => {
    fc.assert(
      fc.property(address, ({ province, prefecture, district, street }) => {
        expect(maskAddress(province + prefecture + district + street)).to.equal(`${province}${prefecture}${district}****`);
      }),
      { numRuns: 1000 },
    );
  });

  it('never reveals any character below the district', () => {
    fc.assert(
      fc.property(address, ({ province, prefecture, district, street }) => {
        const head = province + prefecture + district;
        const masked = maskAddress(head + street);
        const kept = masked.slice(0, -'****'.length);
        expect(masked.endsWith('****')).to.equal(true);
        expect(head.startsWith(kept), `${masked} reveals more than ${head}`).to.equal(true);
        expect(masked).not.to.include(street);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not mistake 省道 in the street for a province', () => {
    expect(maskAddress('清远市清城区石角镇省道旁新区8号')).to.equal('清远市清城区****');
  });

  it('keeps a 州市 prefecture whole before a district starting with 市', () => {
    expect(maskAddress('杭州市市中区经七路')).to.equal('杭州市市中区****');
  });

  it('masks an address with no recognisable district entirely', () => {
    expect(maskAddress('凤城街道北门街12号')).to.equal('****');
  });

  it('masks an address that ends at its district entirely', () => {
    expect(maskAddress('清远市清城区')).to.equal('****');
  });
});

describe('applyMask', () => {
  it('dispatches each rule to its mask and leaves values alone under none', () => {
    expect(applyMask('residentId', '441802199001011234')).to.equal('441802********1234');
    expect(applyMask('mobile', '13812345678')).to.equal('138****5678');
    expect(applyMask('name', '李四')).to.equal('李*');
    expect(applyMask('address', '清远市清城区凤城街道')).to.equal('清远市清城区****');
    expect(applyMask('none', '公开信息')).to.equal('公开信息');
  });
});
