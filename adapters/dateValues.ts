/**
 * Dates and times as departments write them — `2014-06-30`, `2014/6/30`, `2014.6.30`, `20140630`,
 * `2014年6月30日`, with or without a time — and as drivers and workbooks hand them over (`Date`
 * objects, Excel serial numbers), turned into `YYYY-MM-DD` or an ISO 8601 UTC instant. Naive times
 * are Beijing time (Asia/Shanghai, UTC+8, no daylight saving since 1991).
 */
import { InputError } from '../shared/index.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Calendar and clock fields; `offsetMinutes` is undefined for a naive time. */
export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes?: number;
}

const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const DAY_MS = 86_400_000;
/** Excel's 1900 date system: serial 1 is 1900-01-01; it counts a 29 February 1900 (serial 60) that never was. */
const EXCEL_LAST_SERIAL = 2_958_466; // 10000-01-01

export const DATE_FORMS = 'expected forms like 2014-06-30, 2014/6/30, 20140630, 2014年6月30日';
const NOT_A_DATE = `not a date (${DATE_FORMS})`;
const NOT_A_CALENDAR_DATE = 'not a calendar date (that day does not exist in that month)';

const DATE_TEXT =
  /^(?:(\d{4})([-/.])(\d{1,2})\2(\d{1,2})|(\d{4})(\d{2})(\d{2})|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

function fail<T>(reason: string): Outcome<T> {
  return { ok: false, reason };
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

function checked(parts: DateTimeParts): Outcome<DateTimeParts> {
  if (!isCalendarDate(parts.year, parts.month, parts.day)) return fail(NOT_A_CALENDAR_DATE);
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return fail('not a time of day (hours 0–23, minutes and seconds 0–59)');
  return { ok: true, value: parts };
}

function zoneMinutes(zone: string): number | undefined {
  if (/^z$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return minutes > 14 * 60 ? undefined : m[1] === '-' ? -minutes : minutes;
}

/** Date (and time) text in one of the usual forms. */
export function parseDateText(text: string): Outcome<DateTimeParts> {
  const m = DATE_TEXT.exec(text);
  if (!m) return fail(NOT_A_DATE);
  const [year, month, day] = m[1] ? [m[1], m[3], m[4]] : m[5] ? [m[5], m[6], m[7]] : [m[8], m[9], m[10]];
  const offsetMinutes = m[15] === undefined ? undefined : zoneMinutes(m[15]);
  if (m[15] !== undefined && offsetMinutes === undefined) return fail('not a time zone offset (at most ±14:00)');
  return checked({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(m[11] ?? 0),
    minute: Number(m[12] ?? 0),
    second: Number(m[13] ?? 0),
    millisecond: m[14] ? Number(m[14].padEnd(3, '0').slice(0, 3)) : 0,
    offsetMinutes,
  });
}

const FORMAT_TOKENS = /YYYY|MM|M|DD|D|HH|H|mm|ss/g;
const TOKEN_PATTERN: Record<string, string> = { YYYY: '(\\d{4})', MM: '(\\d{2})', M: '(\\d{1,2})', DD: '(\\d{2})', D: '(\\d{1,2})', HH: '(\\d{2})', H: '(\\d{1,2})', mm: '(\\d{2})', ss: '(\\d{2})' };
const TOKEN_FIELD: Record<string, keyof DateTimeParts> = { YYYY: 'year', MM: 'month', M: 'month', DD: 'day', D: 'day', HH: 'hour', H: 'hour', mm: 'minute', ss: 'second' };

/**
 * A parser for a binding's explicit date pattern such as `DD/MM/YYYY` or `YYYY年M月D日 HH:mm`
 * (tokens YYYY MM M DD D HH H mm ss; anything else is literal).
 */
export function compileDateFormat(format: string): (text: string) => Outcome<DateTimeParts> {
  const fields: (keyof DateTimeParts)[] = [];
  let pattern = '';
  let last = 0;
  for (const m of format.matchAll(FORMAT_TOKENS)) {
    pattern += escapeRegExp(format.slice(last, m.index)) + TOKEN_PATTERN[m[0]];
    fields.push(TOKEN_FIELD[m[0]]);
    last = m.index + m[0].length;
  }
  pattern += escapeRegExp(format.slice(last));
  const missing = (['year', 'month', 'day'] as const).filter((f) => !fields.includes(f));
  if (missing.length || new Set(fields).size !== fields.length) {
    throw new InputError('bad date format', [{ field: 'dateFormat', message: 'must name each of YYYY, MM (or M) and DD (or D) once' }]);
  }
  const regex = new RegExp(`^${pattern}$`);
  const reason = `not a date in the form ${format}`;
  return (text) => {
    const m = regex.exec(text);
    if (!m) return fail(reason);
    const parts: DateTimeParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 };
    fields.forEach((f, i) => (parts[f] = Number(m[i + 1])));
    return checked(parts);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The calendar fields of an instant on the clock `offsetMinutes` ahead of UTC. */
function partsAt(ms: number, offsetMinutes: number): DateTimeParts {
  const d = new Date(ms + offsetMinutes * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    offsetMinutes,
  };
}

/**
 * A `Date` from a driver or workbook. Date-only values arrive as midnight UTC (workbooks) or as
 * midnight in the process's zone (SQL drivers); either is taken at its face value. Any other
 * instant is read on the Beijing clock.
 */
export function partsOfDate(date: Date): Outcome<DateTimeParts> {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return fail('not a valid date object');
  if (ms % DAY_MS === 0) return { ok: true, value: partsAt(ms, 0) };
  if (date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0 && date.getMilliseconds() === 0) {
    return { ok: true, value: partsAt(ms, -date.getTimezoneOffset()) };
  }
  return { ok: true, value: partsAt(ms, SHANGHAI_OFFSET_MINUTES) };
}

/**
 * A number as a date: an Excel serial (1900 date system, a fraction is the time of day), a
 * `YYYYMMDD` integer as SQL sources keep dates, or Unix time in seconds or milliseconds (APIs).
 */
export function partsOfNumber(n: number): Outcome<DateTimeParts> {
  if (!Number.isFinite(n) || n < 1) return fail('not a date (a number below 1 is no Excel date serial)');
  if (n < EXCEL_LAST_SERIAL) {
    const serial = Math.floor(n);
    if (serial === 60) return fail('not a calendar date (Excel serial 60 is 1900-02-29, which never was)');
    const days = serial < 60 ? serial - 1 : serial - 2;
    const ms = Date.UTC(1900, 0, 1) + days * DAY_MS + Math.round((n - serial) * DAY_MS);
    return { ok: true, value: { ...partsAt(ms, 0), offsetMinutes: undefined } };
  }
  if (Number.isInteger(n) && n >= 10_000_000 && n < 100_000_000) {
    return checked({ year: Math.floor(n / 10_000), month: Math.floor(n / 100) % 100, day: n % 100, hour: 0, minute: 0, second: 0, millisecond: 0 });
  }
  if (n >= 1e9 && n < 1e10) return { ok: true, value: partsAt(n * 1000, SHANGHAI_OFFSET_MINUTES) };
  if (n >= 1e11 && n < 1e14) return { ok: true, value: partsAt(n, SHANGHAI_OFFSET_MINUTES) };
  return fail('not a date (a number that is no Excel date serial, YYYYMMDD date or Unix time)');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function isoDate(parts: DateTimeParts): string {
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** The UTC instant of the parts, naive ones read as Beijing time. */
export function isoInstant(parts: DateTimeParts): string {
  const t = new Date(0);
  t.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  t.setUTCHours(parts.hour, parts.minute, parts.second, parts.millisecond);
  return new Date(t.getTime() - (parts.offsetMinutes ?? SHANGHAI_OFFSET_MINUTES) * 60_000).toISOString();
}
