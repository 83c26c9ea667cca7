/** Watermarks: the increasing value (a number, or an ISO date/time) that marks how far a source was read. */
export type Watermark = string | number;

const NUMERIC = /^[-+]?\d+(\.\d+)?$/;

/** Numbers (or numeric strings) compare as numbers, anything else as text: ISO dates sort as text. */
export function compareWatermarks(a: Watermark, b: Watermark): number {
  const numeric = (v: Watermark) => typeof v === 'number' || NUMERIC.test(v);
  if (numeric(a) && numeric(b)) return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function maxWatermark(a: Watermark | undefined, b: Watermark | undefined): Watermark | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareWatermarks(a, b) >= 0 ? a : b;
}
