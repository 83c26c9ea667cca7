/**
 * Streaming text decoding of department files. Departments send UTF-8 (with or without a BOM),
 * GBK/GB18030 and sometimes UTF-16 ("Unicode text" from Excel); the encoding is detected from the
 * bytes, and a file with undecodable bytes is refused with the line they are on — never stored
 * with U+FFFD replacement characters.
 */
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { InputError } from '../../shared/index.js';

/** How much of a file detection looks at. */
export const DETECTION_SAMPLE_BYTES = 64 * 1024;

/** A file that does not decode in its (detected or declared) encoding. */
export class DecodeError extends InputError {
  constructor(
    /** The 1-based line the first undecodable byte is on. */
    readonly line: number,
    readonly encoding: string,
  ) {
    super('the file is not valid text', [{ field: `line ${line}`, message: `has a byte sequence that ${encoding} cannot decode` }]);
  }
}

/**
 * The encoding of a file from its first bytes: a BOM decides; else bytes that are strict UTF-8 are
 * UTF-8; else GB18030 (a superset of GBK and GB2312). `complete` says the sample is the whole
 * file, so a multi-byte character cut at its end is an error rather than the sample's edge.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The canonical name of an encoding a binding declares; refuses one this platform cannot decode. */
export function resolveEncoding(label: string): string {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    throw new InputError('unknown encoding', [{ field: 'encoding', message: 'is not an encoding this platform decodes (use utf-8, gbk, gb18030, utf-16le or utf-16be)' }]);
  }
}

/** The field delimiter of a header line: the most frequent of `,` tab `;` `|` outside quotes (comma when none). */
export function detectDelimiter(headerLine: string): string {
  const candidates = [',', '\t', ';', '|'];
  const counts = new Map(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const c of candidates) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}

/** Where the newlines of an encoding are: one byte 0x0A, or one UTF-16 code unit in either byte order. */
type NewlineUnit = 'byte' | 'utf-16le' | 'utf-16be';

function newlineUnit(encoding: string): NewlineUnit {
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'byte';
}

/** The offsets just past each newline in `bytes` (which starts at a code-unit boundary). */
function newlineEnds(bytes: Uint8Array, unit: NewlineUnit): number[] {
  const ends: number[] = [];
  if (unit === 'byte') {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) ends.push(i + 1);
    return ends;
  }
  const [first, second] = unit === 'utf-16le' ? [0x0a, 0x00] : [0x00, 0x0a];
  for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === first && bytes[i + 1] === second) ends.push(i + 2);
  return ends;
}

/**
 * One file's decoder. It keeps the bytes since the last newline so that, when decoding fails, the
 * bad line can be found by decoding those bytes and the failing chunk line by line: after a
 * newline a decoder holds nothing pending (0x0A is never part of a multi-byte character in UTF-8
 * or GB18030, and a UTF-16 newline is a whole code unit), so each line decodes on its own.
 */
export class StrictDecoder {
  private decoder: TextDecoder;
  /** Bytes after the last newline seen, starting at a code-unit boundary. */
  private tail: Uint8Array = new Uint8Array(0);
  /** The line `tail` is on. */
  private line = 1;

  /**
   * @param provisional the file looked like plain ASCII so far: it is read as UTF-8, but may still
   *   turn out to be GB18030 at its first non-ASCII bytes (ASCII reads the same in both).
   */
  constructor(
    encoding: string,
    private provisional = false,
  ) {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  get encoding(): string {
    return this.decoder.encoding;
  }

  /** Decodes the next chunk; throws `DecodeError` naming the line of the first undecodable byte. */
  write(chunk: Uint8Array): string {
    let text: string;
    if (this.provisional && !isAscii(chunk)) {
      this.provisional = false;
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch {
        this.decoder = new TextDecoder('gb18030', { fatal: true });
        text = this.decodeOrLocate(chunk);
      }
    } else {
      text = this.decodeOrLocate(chunk);
    }
    this.advance(chunk);
    return text;
  }

  /** Flushes the decoder; a multi-byte character cut off by the end of the file is an error on the last line. */
  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new DecodeError(this.line, this.encoding);
    }
  }

  private decodeOrLocate(chunk: Uint8Array): string {
    try {
      return this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new DecodeError(this.locate(chunk), this.encoding);
    }
  }

  private advance(chunk: Uint8Array): void {
    const window = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const ends = newlineEnds(window, newlineUnit(this.encoding));
    this.line += ends.length;
    this.tail = ends.length ? window.subarray(ends[ends.length - 1]) : window;
  }

  /** The line of the first undecodable byte in `tail` + `chunk`, found by decoding it line by line. */
  private locate(chunk: Uint8Array): number {
    const window = Buffer.concat([this.tail, chunk]);
    const ends = newlineEnds(window, newlineUnit(this.encoding));
    let start = 0;
    for (let i = 0; i <= ends.length; i++) {
      const end = i < ends.length ? ends[i] : window.length;
      try {
        // A whole line is decoded to its end; the unfinished last one may stop mid-character.
        new TextDecoder(this.encoding, { fatal: true, ignoreBOM: true }).decode(window.subarray(start, end), { stream: i === ends.length });
      } catch {
        return this.line + i;
      }
      start = end;
    }
    return this.line + ends.length;
  }
}

/**
 * Decodes a byte stream to text chunks: the encoding is `encoding` when given, else detected from
 * the first 64 KiB. A leading BOM is dropped.
 */
export async function* decodeText(bytes: AsyncIterable<Uint8Array>, options: { encoding?: string } = {}): AsyncGenerator<string, void, undefined> {
  let decoder = options.encoding ? new StrictDecoder(resolveEncoding(options.encoding)) : undefined;
  let sample: Uint8Array[] = [];
  let sampled = 0;
  for await (const chunk of bytes) {
    if (decoder) {
      const text = decoder.write(chunk);
      if (text) yield text;
      continue;
    }
    sample.push(chunk);
    sampled += chunk.length;
    if (sampled < DETECTION_SAMPLE_BYTES) continue;
    const head = Buffer.concat(sample);
    sample = [];
    decoder = decoderFor(head, false);
    const text = decoder.write(head);
    if (text) yield text;
  }
  if (!decoder) {
    const head = Buffer.concat(sample);
    decoder = decoderFor(head, true);
    const text = decoder.write(head);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** A decoder for the file `head` starts; `complete` says it is the whole file. Only its first 64 KiB are looked at. */
function decoderFor(head: Uint8Array, complete: boolean): StrictDecoder {
  const sample = head.subarray(0, DETECTION_SAMPLE_BYTES);
  const whole = complete && sample.length === head.length;
  const encoding = detectEncoding(sample, whole);
  return new StrictDecoder(encoding, encoding === 'utf-8' && !whole && isAscii(sample));
}
