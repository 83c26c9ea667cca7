/**
 * Source values into the catalog's stored types, for every kind of source: text is trimmed and
 * full-width forms made half-width, numbers lose their thousands separators and currency signs,
 * dates come in many spellings, code-set labels become codes. A value that cannot be parsed gets a
 * short reason that never repeats the value (it may be personal data).
 */
import type { CodeSet, DataItem } from '../catalog/index.js';
import { partsOfDate, partsOfNumber, compileDateFormat, isoDate, isoInstant, parseDateText, type DateTimeParts, type Outcome } from './dateValues.js';
import type { ColumnMapping } from './model.js';

type Value = string | number | boolean | null;
export type Parsed = { ok: true; value: Value } | { ok: false; reason: string };

const NULL: Parsed = { ok: true, value: null };
const ok = (value: Value): Parsed => ({ ok: true, value });
const fail = (reason: string): Parsed => ({ ok: false, reason });

/** Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space; in free text only letters, digits and the space. */
function isFullWidth(c: number, punctuation: boolean): boolean {
  if (c === 0x3000) return true;
  if (c < 0xff01 || c > 0xff5e) return false;
  // In free text, full-width punctuation （，：） is standard Chinese typography and stays.
  return punctuation || (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}

/** What `isFullWidth` accepts, as one native scan: most values hold nothing full-width. */
const ANY_FULL_WIDTH = /[\u3000\uff01-\uff5e]/;
const FULL_WIDTH_ALNUM = /[\u3000\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/;

function normalise(text: string, punctuation: boolean): string {
  // Look before building a new string: most values hold nothing to convert.
  const found = (punctuation ? ANY_FULL_WIDTH : FULL_WIDTH_ALNUM).exec(text);
  if (!found) return text.trim();
  let i = found.index;
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += !isFullWidth(c, punctuation) ? text[i] : c === 0x3000 ? ' ' : String.fromCharCode(c - 0xfee0);
  }
  return out.trim();
}

/** Trimmed, with full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space made half-width. */
export function normaliseText(text: string): string {
  return normalise(text, true);
}

/** Trimmed, with full-width letters, digits and the ideographic space made half-width; punctuation kept. */
export function normaliseFreeText(text: string): string {
  return normalise(text, false);
}

/** Compiled once per item; converts one source value to the item's stored form. */
export function compileValueParser(item: DataItem, codeSet?: CodeSet, mapping?: ColumnMapping): (raw: unknown) => Parsed {
  const freeText = item.dataType === 'string' && !item.format;
  const normalise = freeText ? normaliseFreeText : normaliseText;
  const parse = typeParser(item, codeSet, mapping);
  const replacements = mapping?.values ? new Map(Object.entries(mapping.values).map(([from, to]) => [normalise(from), normalise(to)])) : undefined;
  return (raw) => {
    if (raw === null || raw === undefined) return NULL;
    let value = raw;
    if (typeof value === 'string') {
      value = normalise(value);
      if (value === '') return NULL;
    }
    if (replacements && (typeof value === 'string' || typeof value === 'number')) {
      const replaced = replacements.get(String(value));
      if (replaced !== undefined) value = replaced;
      if (value === '') return NULL;
    }
    return parse(value);
  };
}

function typeParser(item: DataItem, codeSet: CodeSet | undefined, mapping: ColumnMapping | undefined): (value: unknown) => Parsed {
  switch (item.dataType) {
    case 'string':
      return item.format === 'residentId' || item.format === 'creditCode' ? (v) => upper(text(v)) : text;
    case 'code':
      return codeParser(item, codeSet);
    case 'integer':
      return (v) => number(v, true);
    case 'decimal':
      return (v) => number(v, false);
    case 'boolean':
      return boolean;
    case 'date':
      return temporal(mapping, isoDate);
    case 'datetime':
      return temporal(mapping, isoInstant);
    case 'geopoint':
      return geopoint;
    default: {
      const unreachable: never = item.dataType;
      throw new Error(`unknown data type ${String(unreachable)}`);
    }
  }
}

function text(v: unknown): Parsed {
  switch (typeof v) {
    case 'string':
      return ok(v);
    case 'number':
      // Excel keeps long digit strings (ID numbers) as floating point and loses their last digits.
      return Number.isInteger(v) && !Number.isSafeInteger(v) ? fail('a number too long to keep every digit (store the column as text)') : ok(String(v));
    case 'bigint':
    case 'boolean':
      return ok(String(v));
    default:
      return v instanceof Date && !Number.isNaN(v.getTime()) ? ok(v.toISOString()) : fail('not a text value');
  }
}

function upper(parsed: Parsed): Parsed {
  return parsed.ok && typeof parsed.value === 'string' ? ok(parsed.value.toUpperCase()) : parsed;
}

/** Codes stay, labels become their codes (男 → 1), codes that lost leading zeros in a spreadsheet get them back; anything else is left for validation to name. */
function codeParser(item: DataItem, codeSet: CodeSet | undefined): (v: unknown) => Parsed {
  const codes = new Set(Object.keys(codeSet?.values ?? {}));
  const byLabel = new Map(Object.entries(codeSet?.values ?? {}).map(([code, label]) => [normaliseText(label).toLowerCase(), code]));
  return (v) => {
    const parsed = text(v);
    if (!parsed.ok || codes.has(parsed.value as string)) return parsed;
    const value = parsed.value as string;
    const code = byLabel.get(value.toLowerCase());
    if (code !== undefined) return ok(code);
    const padded = item.length && /^\d+$/.test(value) ? value.padStart(item.length, '0') : value;
    return ok(codes.has(padded) ? padded : value);
  };
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

function number(v: unknown, integer: boolean): Parsed {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'bigint') n = Number(v);
  else if (typeof v === 'string') {
    if (/[万亿千百]/.test(v)) return fail('a number with a Chinese unit (万, 亿…) is not converted; give the plain number');
    // A currency sign may stand before or after the sign: ¥-5 or -¥5.
    let s = v.replace(/^([+-]?)\s*[¥￥]\s*/, '$1');
    if (s.includes(',')) {
      if (!GROUPED_NUMBER.test(s)) return fail('not a number (thousands separators out of place)');
      s = s.replaceAll(',', '');
    }
    if (!PLAIN_NUMBER.test(s)) return fail('not a number');
    n = Number(s);
  } else return fail('not a number');
  if (!Number.isFinite(n)) return fail('not a finite number');
  if (integer && !Number.isInteger(n)) return fail('not a whole number');
  if (integer && !Number.isSafeInteger(n)) return fail('a whole number too large to store exactly');
  return ok(n);
}

const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes', 't']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no', 'f']);

function boolean(v: unknown): Parsed {
  if (typeof v === 'boolean') return ok(v);
  const word = typeof v === 'string' ? v.toLowerCase() : typeof v === 'number' ? String(v) : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return ok(true);
  if (word !== undefined && FALSE_WORDS.has(word)) return ok(false);
  return fail('not a yes/no value (expected 是/否, true/false, 1/0, Y/N, yes/no or T/F)');
}

function temporal(mapping: ColumnMapping | undefined, format: (parts: DateTimeParts) => string): (v: unknown) => Parsed {
  const parseText = mapping?.dateFormat ? compileDateFormat(mapping.dateFormat) : parseDateText;
  return (v) => {
    const parts: Outcome<DateTimeParts> =
      typeof v === 'string' ? parseText(v) : typeof v === 'number' ? partsOfNumber(v) : v instanceof Date ? partsOfDate(v) : { ok: false, reason: 'not a date' };
    return parts.ok ? ok(format(parts.value)) : parts;
  };
}

const POINT_REASON = 'not a point (expected latitude,longitude like 23.68,113.05)';

/** `lat,lng` text (or `lat lng`, `(lat, lng)`, WKT `POINT(lng lat)`), `[lat, lng]`, `{lat, lng}` or a GeoJSON point. */
function geopoint(v: unknown): Parsed {
  let lat: unknown;
  let lng: unknown;
  if (typeof v === 'string') {
    const wkt = /^POINT\s*\(\s*(\S+)\s+(\S+)\s*\)$/i.exec(v);
    const pair = wkt ? [wkt[2], wkt[1]] : v.replace(/^[([]\s*|\s*[)\]]$/g, '').split(/\s*[,;]\s*|\s+/);
    if (pair.length !== 2 || !pair.every((p) => PLAIN_NUMBER.test(p))) return fail(POINT_REASON);
    [lat, lng] = pair.map(Number);
  } else if (Array.isArray(v) && v.length === 2) [lat, lng] = v;
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.type === 'Point' && Array.isArray(o.coordinates)) [lng, lat] = o.coordinates as unknown[];
    else [lat, lng] = [o.lat ?? o.latitude, o.lng ?? o.lon ?? o.longitude];
  }
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return fail(POINT_REASON);
  if (Math.abs(lat) > 90) return fail('latitude out of range (−90 to 90)');
  if (Math.abs(lng) > 180) return fail('longitude out of range (−180 to 180)');
  return ok(`${lat},${lng}`);
}
