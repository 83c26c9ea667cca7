/**
 * Source rows to staged rows: each mapped value parsed, the row validated against the resource's
 * row schema (check digits included), bad rows set aside as quarantine records with the field and
 * the reason. Compiled once per run; the per-row work is a loop over the mapped items.
 */
import { columnName, LOADED_AT_COLUMN, ROW_ID_COLUMN, type CodeSet, type DataItem, type RowValidator } from '../../catalog/index.js';
import type { FieldProblem } from '../../shared/index.js';
import type { ColumnMapping, SourceRow } from '../model.js';
import type { ParserFactory } from './seams.js';
import { compareWatermarks, type Watermark } from './watermarks.js';

export interface QuarantineRecord {
  position: number;
  field: string | null;
  reason: string;
  /** The source values as read, as JSON. */
  values: string;
}

/** What one batch became. */
export interface StagedBatch {
  /** Rows in staging column order: `_row_id` (the source position), the item columns, `_loaded_at`. */
  rows: unknown[][];
  quarantine: QuarantineRecord[];
  read: number;
  quarantinedRows: number;
  /** The highest watermark value seen, when the binding names a watermark column. */
  watermark?: Watermark;
}

export interface PipelineSpec {
  /** The items of the shown version: what is parsed and validated. */
  items: DataItem[];
  /** The items the staging table has columns for (older versions' too: left null). */
  stagingItems: DataItem[];
  mapping: ColumnMapping[];
  codeSets: ReadonlyMap<string, CodeSet>;
  parserFor: ParserFactory;
  validate: RowValidator;
  loadedAt: string;
  /** The source column holding the watermark, and for incremental runs the value already read. */
  watermarkColumn?: string;
  since?: Watermark;
}

const FORMAT_REASONS: Record<string, string> = {
  'resident-id': 'is not a valid resident ID (length, birth date or check digit)',
  'credit-code': 'is not a valid unified social credit code (check character)',
  mobile: 'is not a valid mobile number',
  date: 'is not a valid date',
  'date-time': 'is not a valid date and time',
  email: 'is not a valid email address',
  geopoint: 'is not a latitude,longitude pair',
};

/** One problem per field, in words a publisher can act on. */
function reasons(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const p of problems) {
    if (seen.has(p.field)) continue; // ajv's anyOf adds "must be null" and "must match a schema in anyOf" after the real one
    seen.add(p.field);
    const format = /^must match format "(.+)"$/.exec(p.message)?.[1];
    out.push({ field: p.field, message: (format && FORMAT_REASONS[format]) ?? p.message });
  }
  return out;
}

export function stagingColumns(stagingItems: DataItem[]): string[] {
  return [ROW_ID_COLUMN, ...stagingItems.map(columnName), LOADED_AT_COLUMN];
}

export function compilePipeline(spec: PipelineSpec): (batch: readonly SourceRow[]) => StagedBatch {
  const width = spec.stagingItems.length + 2;
  const slot = new Map(spec.stagingItems.map((item, i) => [item.apiName, i + 1]));
  const byItem = new Map(spec.items.map((i) => [i.apiName, i]));
  const fields = spec.mapping.map((m) => {
    const item = byItem.get(m.item)!;
    return { item: m.item, column: m.column, index: slot.get(m.item)!, parse: spec.parserFor(item, item.codeSet ? spec.codeSets.get(item.codeSet) : undefined, m) };
  });
  const { validate, loadedAt, watermarkColumn, since } = spec;
  // One object, reused for every row: ajv treats an undefined property as absent, and a stable
  // shape keeps validation fast and the garbage collector idle.
  const value: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f.item, undefined]));

  return (batch) => {
    const out: StagedBatch = { rows: [], quarantine: [], read: 0, quarantinedRows: 0 };
    for (const row of batch) {
      const mark = watermarkColumn === undefined ? undefined : (row.values[watermarkColumn] as Watermark | Date | null | undefined);
      const watermark = mark instanceof Date ? mark.toISOString() : (mark ?? undefined);
      // An incremental run skips what an earlier run read, when the source could not filter it.
      if (since !== undefined && watermark !== undefined && watermark !== '' && compareWatermarks(watermark, since) <= 0) continue;
      out.read++;
      if (watermark !== undefined && watermark !== '' && (out.watermark === undefined || compareWatermarks(watermark, out.watermark) > 0)) out.watermark = watermark;
      if (row.problem) {
        out.quarantinedRows++;
        out.quarantine.push({ position: row.position, field: null, reason: row.problem, values: JSON.stringify(row.values) });
        continue;
      }
      const staged = new Array<unknown>(width).fill(null);
      staged[0] = row.position;
      staged[width - 1] = loadedAt;
      let problems: FieldProblem[] | undefined;
      for (const f of fields) {
        const parsed = f.parse(row.values[f.column]);
        if (!parsed.ok) {
          (problems ??= []).push({ field: f.item, message: parsed.reason });
          value[f.item] = undefined;
        } else if (parsed.value === null) value[f.item] = undefined;
        else {
          staged[f.index] = parsed.value;
          value[f.item] = parsed.value;
        }
      }
      problems ??= validate(value);
      if (!problems.length) {
        out.rows.push(staged);
        continue;
      }
      out.quarantinedRows++;
      const values = JSON.stringify(row.values);
      for (const p of reasons(problems)) out.quarantine.push({ position: row.position, field: p.field === '(root)' ? null : p.field, reason: p.message, values });
    }
    return out;
  };
}
