import { expect } from 'chai';
import fc from 'fast-check';
import { redactIdentifiers } from '../../shared/redact.js';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const residentIdLike = fc.tuple(digits(17), fc.constantFrom(...'0123456789X')).map(([body, check]) => body + check);
const creditCodeLike = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), minLength: 18, maxLength: 18 });
const mobile = fc.tuple(fc.constantFrom(...'3456789'), digits(9)).map(([second, rest]) => `1${second}${rest}`);
const around = fc.string({ unit: fc.constantFrom(...'abc :"/-'), maxLength: 10 });

describe('redactIdentifiers', () => {
  it('never lets a resident ID, credit code or mobile number through, wherever it sits in the text', () => {
    fc.assert(
      fc.property(around, fc.oneof(residentIdLike, creditCodeLike, mobile), around, (before, id, after) => {
        const out = redactIdentifiers(`${before}${id}${after}`);
        expect(out).to.not.include(id);
        expect(out).to.include(`${id.slice(0, 3)}***`);
      }),
    );
  });

  it('leaves the names the catalog issues as they are', () => {
    for (const name of ['102001/000001', 'legalEntity', 'legal-entity', 'category-2', '170e3dbd-efe1-532c-bd1b-5e68980e1903', 'package_show']) {
      expect(redactIdentifiers(name)).to.equal(name);
    }
  });

  it('cuts long text', () => {
    expect(redactIdentifiers('x'.repeat(500), 100)).to.equal(`${'x'.repeat(100)}…`);
  });
});
