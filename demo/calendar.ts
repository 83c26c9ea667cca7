/**
 * Dates of the demo world as whole days since 1970-01-01 (UTC), so that drawing a random date is
 * drawing an integer. The world is seen from its epoch, 2026-01-01: nothing happens after it.
 */
const DAY_MS = 86_400_000;

/** The instant every demo row is stamped with, so two loads are byte-identical. */
export const DEMO_EPOCH = '2026-01-01T00:00:00.000Z';

export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The last day before the epoch: the latest date any generated event may carry. */
export const LAST_DAY = dayOf(2025, 12, 31);

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `20250307` — the date part of a resident ID number. */
export function compactDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
}

/** `2025年3月7日`, as written in administrative decisions. */
export function chineseDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** The same calendar day `years` later; 29 February falls back to 28 February. */
export function addYears(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  const month = d.getUTCMonth();
  const shifted = new Date(Date.UTC(d.getUTCFullYear() + years, month, d.getUTCDate()));
  if (shifted.getUTCMonth() !== month) shifted.setUTCDate(0);
  return shifted.getTime() / DAY_MS;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
