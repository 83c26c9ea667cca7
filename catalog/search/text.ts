/**
 * How catalog text becomes search tokens, and a query becomes prefixes to look them up by.
 *
 * The index stores suffixes: for every Chinese character, the run of Chinese text that starts there
 * (up to 12 characters) and — in names, tags, items and department names, not in summaries — its
 * pinyin spelling (syllables from there on, up to 36 letters) and its initials; for Latin text,
 * each word (and each part of a camelCase word). A query term is then a prefix: any substring of
 * the Chinese text, any pinyin starting at a syllable (`renkou`, even a half-typed `renkouj`), any
 * run of initials (`rkjc`) and any word start (`legal`) is one B-tree range scan on `token`, the
 * same on SQLite and PostgreSQL.
 */
import { pinyin } from 'pinyin-pro';

/** Longest Chinese suffix stored; longer query runs are looked up as overlapping windows. */
export const HAN_TOKEN_CHARS = 12;
/** Longest pinyin, initials or word token stored; longer Latin query runs are cut to it. */
export const LATIN_TOKEN_CHARS = 36;

// A run of Chinese characters, or a run of other letters and digits.
const RUN = /(\p{Script=Han}+)|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/** Full-width forms to their ASCII ones (NFKC), lower case, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Chinese runs and Latin/digit runs of a text, in order; punctuation and spaces separate them. */
export function runs(text: string): { han: boolean; text: string }[] {
  return Array.from(text.normalize('NFKC').matchAll(RUN), (m) => ({ han: m[1] !== undefined, text: m[0] }));
}

/** `legalEntity` → `legal`, `entity`; `GB2260` → `gb`, `2260`. */
function wordParts(word: string): string[] {
  return word
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])|([0-9])([A-Za-z])/g, (_, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .split(' ');
}

export interface Spelling {
  /** One syllable per character, tones dropped, ü written v (`lv`). */
  syllables: string[];
  initials: string[];
}

/** Pinyin of a run of Chinese characters, read in context (重庆 → chong qing). */
export function spell(han: string): Spelling {
  const syllables = pinyin(han, { toneType: 'none', type: 'array', v: true });
  const initials = syllables.map((s) => s.charAt(0));
  return { syllables, initials };
}

/**
 * Every token of a text: Chinese suffixes and Latin words, and with `spelled` the pinyin and
 * initials suffixes too. Long prose (summaries) is not spelled: its initials would match nearly
 * any two letters, and spelling it adds over a third to the index for little that names, tags and
 * items do not already answer.
 */
export function textTokens(text: string, into: Set<string> = new Set(), spelled = true): Set<string> {
  for (const run of runs(text)) {
    if (!run.han) {
      into.add(run.text.toLowerCase().slice(0, LATIN_TOKEN_CHARS));
      for (const part of wordParts(run.text)) if (part) into.add(part.toLowerCase().slice(0, LATIN_TOKEN_CHARS));
      continue;
    }
    const chars = Array.from(run.text);
    for (let i = 0; i < chars.length; i++) into.add(chars.slice(i, i + HAN_TOKEN_CHARS).join(''));
    if (!spelled) continue;
    const { syllables, initials } = spell(run.text);
    for (let i = 0; i < chars.length; i++) {
      into.add(syllables.slice(i).join('').slice(0, LATIN_TOKEN_CHARS));
      into.add(initials.slice(i, i + LATIN_TOKEN_CHARS).join(''));
    }
  }
  into.delete('');
  return into;
}

/** A resource name as ranking compares it: normalized text, its pinyin and its initials. */
export interface NameKeys {
  text: string;
  pinyin: string;
  initials: string;
}

export function nameKeys(name: string): NameKeys {
  let py = '';
  let ini = '';
  for (const run of runs(name)) {
    if (run.han) {
      const s = spell(run.text);
      py += s.syllables.join('');
      ini += s.initials.join('');
    } else {
      py += run.text.toLowerCase();
      ini += run.text.toLowerCase();
    }
  }
  return { text: normalizeText(name), pinyin: py, initials: ini };
}

/** One term of a query: what it is compared with and the token prefixes it must all find. */
export interface QueryTerm {
  /** The term as typed, normalized; ranking compares it with names. */
  text: string;
  /** Every prefix must match a token (a term mixing scripts, `人口abc`, needs each part). */
  prefixes: string[];
}

/** Overlapping windows that together cover a long Chinese run. */
function hanWindows(chars: string[]): string[] {
  if (chars.length <= HAN_TOKEN_CHARS) return [chars.join('')];
  const windows: string[] = [];
  const step = HAN_TOKEN_CHARS / 2;
  for (let start = 0; start + HAN_TOKEN_CHARS < chars.length; start += step) windows.push(chars.slice(start, start + HAN_TOKEN_CHARS).join(''));
  windows.push(chars.slice(chars.length - HAN_TOKEN_CHARS).join(''));
  return windows;
}

/** The terms of a query: whitespace separates them, and every term must match (AND). */
export function queryTerms(q: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const raw of normalizeText(q).split(' ')) {
    const prefixes = runs(raw).flatMap((run) => (run.han ? hanWindows(Array.from(run.text)) : [run.text.toLowerCase().slice(0, LATIN_TOKEN_CHARS)]));
    if (prefixes.length) terms.push({ text: runs(raw).map((r) => r.text.toLowerCase()).join(''), prefixes: [...new Set(prefixes)] });
  }
  return terms;
}

/** The smallest string greater than every string that starts with `prefix` (code-point order). */
export function prefixEnd(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop()!.codePointAt(0)!;
  return chars.join('') + String.fromCodePoint(last + 1);
}
