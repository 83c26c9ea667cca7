/**
 * The representations of open rows: CSV (RFC 4180, a UTF-8 BOM and the items' Chinese names as
 * the header, so that Excel opens it as UTF-8), JSON Lines, and GeoJSON features for resources with
 * a geopoint item.
 */
import type { DataItem } from '../../catalog/index.js';
import type { DataRecord } from '../../exchange/index.js';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const JSONL_TYPE = 'application/x-ndjson; charset=utf-8';
export const GEOJSON_TYPE = 'application/geo+json; charset=utf-8';
/** Excel reads a CSV file as UTF-8 only when it starts with the byte-order mark. */
export const BOM = '\uFEFF';

// A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(…)`, `@SUM(…)`,
// `-2+3`; tab and CR are read past). Text from a source system must stay text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: text that could start a formula gets a leading `'`; quoted when it holds `"`, `,`, CR or LF. */
export function csvField(value: DataRecord[string]): string {
  if (value === null) return '';
  // Numbers and booleans are written by us from typed values (a negative number is no formula).
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly DataRecord[string][]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The header line: each item's Chinese name, or its apiName. */
export function csvHeader(fields: readonly DataItem[], label: 'name' | 'apiName' = 'name'): string {
  return csvLine(fields.map((f) => f[label]));
}

/** CSV lines of records, fields in the given order. */
export function csvRows(fields: readonly DataItem[], records: readonly DataRecord[]): string {
  let out = '';
  for (const record of records) out += csvLine(fields.map((f) => record[f.apiName] ?? null));
  return out;
}

export function jsonLines(records: readonly DataRecord[]): string {
  let out = '';
  for (const record of records) out += `${JSON.stringify(record)}\n`;
  return out;
}

/** The first geopoint item among `items`, which GeoJSON places features by. */
export function geopointItem(items: readonly DataItem[]): DataItem | undefined {
  return items.find((i) => i.dataType === 'geopoint');
}

/** `"23.68,113.05"` (latitude,longitude, as the catalog stores it) → GeoJSON `[113.05, 23.68]`. */
export function geoPosition(value: DataRecord[string]): [number, number] | null {
  if (typeof value !== 'string') return null;
  const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(value.trim());
  return m ? [Number(m[2]), Number(m[1])] : null;
}

export interface Feature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: DataRecord;
}

/** A record as a feature: the point from `geo`, every other field a property. */
export function toFeature(record: DataRecord, geo: DataItem): Feature {
  const position = geoPosition(record[geo.apiName] ?? null);
  const properties: DataRecord = {};
  for (const [name, value] of Object.entries(record)) if (name !== geo.apiName) properties[name] = value;
  return { type: 'Feature', geometry: position ? { type: 'Point', coordinates: position } : null, properties };
}
