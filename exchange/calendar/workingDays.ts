/**
 * The working-day calendar of the statutory request clock (提供部门应在 10 个工作日内答复): Chinese
 * public holidays and make-up workdays (调休) from the maintained `chinese-days` package.
 *
 * Dates are calendar dates in Asia/Shanghai (`YYYY-MM-DD`). China has kept one offset, +08:00,
 * without daylight saving since 1991, so an instant becomes a date by a fixed shift and never
 * through the machine's timezone.
 *
 * `chinese-days` 1.5.7 holds the State Council schedules for 2004–2026. For a year it has no
 * schedule for (the next year's is published each November) this module counts Monday–Friday as
 * working days: deadlines in such a year may fall on a holiday that is not yet announced, and move
 * when the package is updated.
 *
 * The schedule is read from the package's published data file, not through `isWorkday`: 1.5.7
 * builds its date tables at load time with a UTC parse and a local-time format, so on a machine
 * west of Greenwich every holiday and make-up workday sits one day early and ordinary weekends
 * shift too. The data file was generated once by the package's build and holds plain date keys.
 */
import { createRequire } from 'node:module';

interface Schedule {
  /** Public holidays (法定节假日及调休休息日), `YYYY-MM-DD` → description. */
  holidays: Record<string, string>;
  /** Make-up workdays (调休上班日) on a weekend. */
  workdays: Record<string, string>;
}

const schedule = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as Schedule;
/** Years the package holds a State Council schedule for. */
const COVERED_YEARS: ReadonlySet<number> = new Set(Object.keys(schedule.holidays).map((d) => Number(d.slice(0, 4))));

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Far beyond any statutory period; stops a runaway loop on absurd input. */
const MAX_DAYS = 100_000;

/** An ISO calendar date, `YYYY-MM-DD`, in Asia/Shanghai. */
export type CalendarDate = string;

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): CalendarDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar date begins (00:00 +08:00). */
export function startOfShanghaiDay(date: CalendarDate): Date {
  return new Date(dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === value;
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whether `chinese-days` holds the official holiday schedule of `year`. */
export function calendarCovers(year: number): boolean {
  return COVERED_YEARS.has(year);
}

/** Whether public offices work on `date`: a weekday that is not a holiday, or a make-up workday. */
export function isWorkingDay(date: CalendarDate): boolean {
  const weekday = (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  if (calendarCovers(Number(date.slice(0, 4)))) {
    if (Object.hasOwn(schedule.workdays, date)) return true;
    if (Object.hasOwn(schedule.holidays, date)) return false;
  }
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline of a period of `n` working days: the n-th working day after `date`. The day of
 * submission never counts, so a submission on a holiday or weekend starts counting from the next
 * working day (that day is day 1). With `n = 0` the deadline is the first working day on or after
 * `date`.
 */
export function addWorkingDays(date: CalendarDate | Date, n: number): CalendarDate {
  if (!Number.isInteger(n) || n < 0 || n > MAX_DAYS) throw new RangeError(`working days must be an integer from 0 to ${MAX_DAYS}, got ${n}`);
  let day = asDate(date);
  if (n === 0) {
    while (!isWorkingDay(day)) day = addCalendarDays(day, 1);
    return day;
  }
  let counted = 0;
  while (counted < n) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day)) counted++;
  }
  return day;
}

/**
 * Working days left from `today` until the deadline `due`: the working days after today up to and
 * including the deadline; 0 when it is due today; negative when overdue, counting the working days
 * since the deadline — at least -1, so that an overdue request never reads as due today.
 */
export function workingDaysBetween(today: CalendarDate | Date, due: CalendarDate | Date): number {
  const a = asDate(today);
  const b = asDate(due);
  if (a === b) return 0;
  if (a < b) return countWorkingDays(a, b);
  return -Math.max(1, countWorkingDays(b, a));
}

/** Working days d with from < d ≤ to. */
function countWorkingDays(from: CalendarDate, to: CalendarDate): number {
  const last = dayNumber(to);
  if (last - dayNumber(from) > MAX_DAYS) throw new RangeError('the period is too long to count');
  let n = 0;
  for (let day = dayNumber(from) + 1; day <= last; day++) if (isWorkingDay(fromDayNumber(day))) n++;
  return n;
}

function asDate(value: CalendarDate | Date): CalendarDate {
  if (value instanceof Date) return shanghaiDate(value);
  if (!isCalendarDate(value)) throw new RangeError(`not a calendar date YYYY-MM-DD: "${String(value)}"`);
  return value;
}

function dayNumber(date: CalendarDate): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: "${String(date)}"`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
