import { expect } from 'chai';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  isValidCreditCode,
  isValidResidentId,
  parseResidentId,
  residentIdCheckChar,
} from '../../shared/identifiers.js';

const RESIDENT_ALPHABET = '0123456789X';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A resident ID body: region (not starting with 0), a real date 1900..2030 and a sequence. */
const residentBody = fc
  .record({
    region: fc.integer({ min: 100000, max: 999999 }),
    date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, date, sequence }) => {
    const birthDate = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
    return { region: String(region), birthDate, sequence, body: `${region}${birthDate.replaceAll('-', '')}${pad(sequence, 3)}` };
  });

const residentId = residentBody.map((b) => ({ ...b, id: b.body + residentIdCheckChar(b.body) }));

const creditChar = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const creditCode = fc
  .tuple(creditChar, creditChar, fc.integer({ min: 0, max: 999999 }), fc.array(creditChar, { minLength: 9, maxLength: 9 }))
  .map(([authority, kind, region, org]) => {
    const body = `${authority}${kind}${pad(region, 6)}${org.join('')}`;
    return body + creditCodeCheckChar(body);
  });

/** Every value that differs from `value` in exactly one position, using `alphabet`. */
function singleSubstitutions(value: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    for (const c of alphabet) if (c !== value[i]) out.push(value.slice(0, i) + c + value.slice(i + 1));
  }
  return out;
}

describe('resident ID numbers (GB 11643)', () => {
  it('accepts every generated ID with a computed check character', () => {
    fc.assert(fc.property(residentId, ({ id }) => isValidResidentId(id)));
  });

  it('parses region, birth date and gender (odd 17th digit is male) from generated IDs', () => {
    fc.assert(
      fc.property(residentId, ({ id, region, birthDate, sequence }) => {
        expect(parseResidentId(id)).to.deep.equal({ region, birthDate, gender: sequence % 2 === 1 ? 'male' : 'female' });
      }),
    );
  });

  it('rejects every single-character substitution of a valid ID, at every position', () => {
    fc.assert(
      fc.property(residentId, ({ id }) => {
        const corrupted = singleSubstitutions(id, RESIDENT_ALPHABET);
        expect(corrupted).to.have.length(18 * 10);
        for (const bad of corrupted) expect(isValidResidentId(bad), bad).to.equal(false);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts the GB 11643 example 11010519491231002X and reads a woman born 1949-12-31', () => {
    expect(parseResidentId('11010519491231002X')).to.deep.equal({ region: '110105', birthDate: '1949-12-31', gender: 'female' });
  });

  it('computes X as the check character of the GB 11643 example body', () => {
    expect(residentIdCheckChar('11010519491231002')).to.equal('X');
  });

  it('rejects a lowercase x check character', () => {
    expect(isValidResidentId('11010519491231002x')).to.equal(false);
  });

  it('rejects a birth date that is not on the calendar even with a correct check digit', () => {
    for (const date of ['19490230', '19000229', '19491301', '19491200']) {
      const body = `110105${date}002`;
      expect(isValidResidentId(body + residentIdCheckChar(body)), date).to.equal(false);
    }
  });

  it('accepts 29 February of a leap year', () => {
    const body = '11010520000229002';
    expect(parseResidentId(body + residentIdCheckChar(body))?.birthDate).to.equal('2000-02-29');
  });

  it('rejects birth years before 1900', () => {
    const body = '11010518991231002';
    expect(isValidResidentId(body + residentIdCheckChar(body))).to.equal(false);
  });

  it('rejects a region starting with 0, wrong lengths and non-digits', () => {
    const body = '01010519491231002';
    for (const bad of [body + residentIdCheckChar(body), '1101051949123100', '11010519491231002X0', '1101051949123100AX', ' 11010519491231002X']) {
      expect(isValidResidentId(bad), bad).to.equal(false);
    }
  });

  it('refuses to compute a check character for a body that is not 17 digits', () => {
    expect(() => residentIdCheckChar('1101051949123100')).to.throw(RangeError);
    expect(() => residentIdCheckChar('1101051949123100X')).to.throw(RangeError);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('has the 31-character alphabet without I, O, Z, S and V', () => {
    expect(CREDIT_CODE_ALPHABET).to.have.length(31);
    for (const c of 'IOZSV') expect(CREDIT_CODE_ALPHABET).not.to.include(c);
  });

  it('accepts every generated code with a computed check character', () => {
    fc.assert(fc.property(creditCode, (code) => isValidCreditCode(code)));
  });

  it('rejects every single-character substitution of a valid code, at every position', () => {
    fc.assert(
      fc.property(creditCode, (code) => {
        const corrupted = singleSubstitutions(code, CREDIT_CODE_ALPHABET);
        expect(corrupted).to.have.length(18 * 30);
        for (const bad of corrupted) expect(isValidCreditCode(bad), bad).to.equal(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a code containing I, O, Z, S or V at any position', () => {
    fc.assert(
      fc.property(creditCode, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'IOZSV'), (code, i, c) => {
        expect(isValidCreditCode(code.slice(0, i) + c + code.slice(i + 1))).to.equal(false);
      }),
    );
  });

  it('accepts 91350100M000100Y43, whose check character computes to 3', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).to.equal('3');
    expect(isValidCreditCode('91350100M000100Y43')).to.equal(true);
  });

  it('rejects the example with another check character', () => {
    expect(isValidCreditCode('91350100M000100Y44')).to.equal(false);
  });

  it('maps a weighted sum divisible by 31 to the check character 0', () => {
    expect(creditCodeCheckChar('00000000000000000')).to.equal('0');
    expect(isValidCreditCode('000000000000000000')).to.equal(true);
  });

  it('rejects lowercase letters and wrong lengths', () => {
    for (const bad of ['91350100m000100y43', '91350100M000100Y4', '91350100M000100Y433']) expect(isValidCreditCode(bad), bad).to.equal(false);
  });

  it('rejects letters in the six-digit region code', () => {
    const body = '91A50100M000100Y4';
    expect(isValidCreditCode(body + creditCodeCheckChar(body))).to.equal(false);
  });

  it('refuses to compute a check character over characters outside the alphabet', () => {
    expect(() => creditCodeCheckChar('91350100M000100I4')).to.throw(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100')).to.throw(RangeError);
  });
});
