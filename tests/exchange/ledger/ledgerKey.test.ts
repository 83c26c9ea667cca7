import { createHmac, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { LedgerKey } from '../../../exchange/index.js';

describe('LedgerKey', () => {
  it('computes exactly HMAC-SHA256 for any key and text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 100 }), fc.string({ unit: 'binary' }), (keyBytes, text) => {
        const key = Buffer.from(keyBytes);
        expect(new LedgerKey(key).mac(text)).to.equal(createHmac('sha256', key).update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes an identifier regardless of case and surrounding space, and differently under another key', () => {
    const key = new LedgerKey(randomBytes(32));
    expect(key.subject(' 11010519491231002x ')).to.equal(key.subject('11010519491231002X'));
    expect(new LedgerKey(randomBytes(32)).subject('11010519491231002X')).to.not.equal(key.subject('11010519491231002X'));
  });
});
