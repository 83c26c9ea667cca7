import { expect } from 'chai';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { DecodeError, decodeText, detectDelimiter, detectEncoding } from '../../adapters/index.js';
import { InputError } from '../../shared/errors.js';
import { sourceFixture } from '../fixtures/sources/paths.js';

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Decodes `bytes` fed in chunks of `size`; also returns the text that came out before any error. */
async function decode(bytes: Uint8Array, size = 4096, encoding?: string): Promise<{ text: string; error?: unknown }> {
  let text = '';
  try {
    for await (const piece of decodeText(chunksOf(bytes, size), { encoding })) text += piece;
    return { text };
  } catch (error) {
    return { text, error };
  }
}

/** `count` lines of Chinese text, each naming its number. */
function chineseLines(count: number): string {
  return Array.from({ length: count }, (_, i) => `第${i + 1}行,清远市清城区凤城街道,张三\n`).join('');
}

describe('decoding department files', () => {
  describe('detectEncoding', () => {
    it('trusts a UTF-8 BOM', () => {
      expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true)).to.equal('utf-8');
    });

    it('trusts UTF-16 BOMs in either byte order', () => {
      expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]), true)).to.equal('utf-16le');
      expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]), true)).to.equal('utf-16be');
    });

    it('takes strict UTF-8 without a BOM for UTF-8', () => {
      expect(detectEncoding(Buffer.from('公民身份号码,姓名', 'utf8'), true)).to.equal('utf-8');
    });

    it('takes bytes that are not UTF-8 for GB18030', () => {
      expect(detectEncoding(iconv.encode('公民身份号码,姓名', 'gbk'), true)).to.equal('gb18030');
      expect(detectEncoding(readFileSync(sourceFixture('persons-gb18030.csv')), true)).to.equal('gb18030');
    });

    it('forgives a UTF-8 character cut at the end of a sample, but not at the end of a file', () => {
      const cut = Buffer.from('清远市', 'utf8').subarray(0, 7);
      expect(detectEncoding(cut, false)).to.equal('utf-8');
      expect(detectEncoding(cut, true)).to.equal('gb18030');
    });
  });

  describe('decodeText', () => {
    it('decodes the GBK fixture as iconv-lite does', async () => {
      const bytes = readFileSync(sourceFixture('persons-gbk.csv'));
      const { text, error } = await decode(bytes);
      expect(error).to.equal(undefined);
      expect(text).to.equal(iconv.decode(bytes, 'gbk'));
      expect(text).to.contain('公民身份号码').and.contain('欧阳建国');
    });

    it('decodes characters outside GBK from the GB18030 fixture', async () => {
      const { text, error } = await decode(readFileSync(sourceFixture('persons-gb18030.csv')));
      expect(error).to.equal(undefined);
      expect(text).to.contain('刘䶮').and.contain('𠀀村').and.contain('黄𠀀');
    });

    it('drops the BOM of a UTF-8 file and of a UTF-16LE file', async () => {
      for (const name of ['persons-utf8-bom.csv', 'persons-utf16le.txt']) {
        const { text } = await decode(readFileSync(sourceFixture(name)));
        expect(text.charCodeAt(0), name).to.not.equal(0xfeff);
        expect(text.startsWith(name.endsWith('.csv') ? '公民身份号码' : 'idNumber'), name).to.equal(true);
      }
    });

    it('gives the same text however the bytes are cut into chunks', async () => {
      const samples = ['persons-gbk.csv', 'persons-gb18030.csv', 'persons-utf8-bom.csv', 'persons-utf16le.txt'].map((n) => readFileSync(sourceFixture(n)));
      const whole = await Promise.all(samples.map((b) => decode(b, 1 << 20)));
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: samples.length - 1 }), fc.integer({ min: 1, max: 64 }), async (i, size) => {
          const { text, error } = await decode(samples[i], size);
          expect(error).to.equal(undefined);
          expect(text).to.equal(whole[i].text);
        }),
        { numRuns: 60 },
      );
    });

    it('reads a file that is plain ASCII for its first 64 KiB and GBK after it as GB18030', async () => {
      const ascii = 'id,name\n' + Array.from({ length: 5000 }, (_, i) => `${i},name${i}\n`).join('');
      expect(ascii.length).to.be.greaterThan(64 * 1024);
      const bytes = Buffer.concat([Buffer.from(ascii), iconv.encode('5000,张三\n', 'gbk')]);
      const { text, error } = await decode(bytes, 16 * 1024);
      expect(error).to.equal(undefined);
      expect(text.endsWith('5000,张三\n')).to.equal(true);
    });

    it('lets an explicit encoding override detection', async () => {
      const bytes = readFileSync(sourceFixture('persons-gbk.csv'));
      expect((await decode(bytes, 4096, 'GBK')).text).to.equal(iconv.decode(bytes, 'gbk'));
      const { error } = await decode(bytes, 4096, 'utf-8');
      expect(error).to.be.instanceOf(DecodeError);
      expect((error as DecodeError).encoding).to.equal('utf-8');
      expect((error as DecodeError).line).to.equal(1);
    });

    it('refuses an encoding it does not know, naming the option', async () => {
      const { error } = await decode(Buffer.from('a,b\n'), 4096, 'klingon');
      expect(error).to.be.instanceOf(InputError);
      expect((error as InputError).problems[0].field).to.equal('encoding');
    });
  });

  describe('undecodable bytes', () => {
    it('rejects the undecodable fixture naming line 4 and GB18030, without replacement characters', async () => {
      const { text, error } = await decode(readFileSync(sourceFixture('undecodable.csv')), 64);
      expect(error).to.be.instanceOf(DecodeError).and.instanceOf(InputError);
      expect((error as DecodeError).line).to.equal(4);
      expect((error as DecodeError).encoding).to.equal('gb18030');
      expect((error as Error).message).to.equal('the file is not valid text: line 4 has a byte sequence that gb18030 cannot decode');
      expect(text).to.not.contain('\ufffd');
    });

    it('names the right line of a bad byte deep in a UTF-8 file, whatever the chunk size', async () => {
      const before = Buffer.from(chineseLines(4999), 'utf8');
      const bytes = Buffer.concat([before, Buffer.from('第5000行,'), Buffer.from([0xe6, 0x28]), Buffer.from(',张三\n' + chineseLines(10), 'utf8')]);
      expect(before.length).to.be.greaterThan(64 * 1024);
      for (const size of [1, 7, 4096, 1 << 20]) {
        const { text, error } = await decode(bytes, size);
        expect(error, `chunks of ${size}`).to.be.instanceOf(DecodeError);
        expect((error as DecodeError).line, `chunks of ${size}`).to.equal(5000);
        expect((error as DecodeError).encoding).to.equal('utf-8');
        expect(text).to.not.contain('\ufffd');
      }
    });

    it('names the last line when the file ends inside a multi-byte character', async () => {
      const bytes = Buffer.concat([iconv.encode('姓名\n张三\n李', 'gbk'), Buffer.from([0xcb])]);
      const { error } = await decode(bytes, 3);
      expect((error as DecodeError).line).to.equal(3);
    });

    it('counts UTF-16 lines by code units, not by 0x0A bytes', async () => {
      // U+0A0A (a Gurmukhi letter) is two 0x0A bytes; an unpaired surrogate on line 3 is the bad sequence.
      const text = Buffer.from('a\u0a0a\nb\n', 'utf16le');
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), text, Buffer.from([0x00, 0xd8, 0x41, 0x00, 0x0a, 0x00])]);
      const { error } = await decode(bytes, 5);
      expect((error as DecodeError).line).to.equal(3);
      expect((error as DecodeError).encoding).to.equal('utf-16le');
    });
  });

  describe('detectDelimiter', () => {
    it('picks the most frequent of comma, tab, semicolon and bar', () => {
      expect(detectDelimiter('a,b,c')).to.equal(',');
      expect(detectDelimiter('a\tb\tc,d')).to.equal('\t');
      expect(detectDelimiter('a;b;c')).to.equal(';');
      expect(detectDelimiter('a|b|c')).to.equal('|');
    });

    it('ignores delimiters inside quotes', () => {
      expect(detectDelimiter('"a,b,c";"d"')).to.equal(';');
    });

    it('falls back to a comma for a single column', () => {
      expect(detectDelimiter('姓名')).to.equal(',');
    });
  });
});
