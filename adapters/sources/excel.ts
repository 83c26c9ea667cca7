/**
 * The Excel (.xlsx) source: one worksheet, its first non-empty row the header, each later
 * non-empty row a record positioned by its worksheet row number. Values keep the types exceljs
 * gives (numbers, dates, booleans, strings); rich text, hyperlinks and formulas become their
 * text or cached result, and an error cell (`#N/A`) becomes a problem on its row.
 */
import type ExcelJS from 'exceljs';
import { InputError } from '../../shared/index.js';
import type { ReadOptions, SourceAdapter, SourceColumn, SourceOptions, SourceRow } from '../model.js';
import { sheetRows, type SheetContext } from './excelSheet.js';

type Cell = { value: unknown; problem?: string };

const DAY_MS = 86_400_000;
/** Days from the 1900 date system's day 0 (as Excel counts it) to 1970-01-01. */
const EPOCH_1900 = 25_569;
const EPOCH_1904 = EPOCH_1900 - 1_462;

/** Whether a number format shows a date or time (quoted literals and `[...]` sections aside). */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhsb]/i.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToDate(serial: number, context: SheetContext): Date {
  return new Date(Math.round((serial - (context.date1904 ? EPOCH_1904 : EPOCH_1900)) * DAY_MS));
}

function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  const rich = (value as { richText?: { text?: string }[] } | null)?.richText;
  if (Array.isArray(rich)) return rich.map((run) => run.text ?? '').join('');
  return String(value);
}

/** One cell's value as the adapter offers it, or the problem it holds. */
export function cellValue(cell: ExcelJS.Cell, context: SheetContext): Cell {
  const value: unknown = cell.value;
  if (value === null || value === undefined) return { value: null };
  if (typeof value !== 'object' || value instanceof Date) return { value };
  if ('error' in value) return { value: null, problem: `cell ${cell.address} holds ${String(value.error)}` };
  if ('richText' in value) return { value: plainText(value) };
  if ('hyperlink' in value) return { value: 'text' in value ? plainText(value.text) : null };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) return { value: null, problem: `cell ${cell.address} holds a formula without a saved result (open and save the file in Excel)` };
    if (typeof result === 'number' && Number.isNaN(result)) return { value: null, problem: `cell ${cell.address} holds a formula whose result is an error` };
    if (typeof result === 'number' && isDateFormat(cell.numFmt)) return { value: serialToDate(result, context) };
    if (result !== null && typeof result === 'object' && 'error' in result) return { value: null, problem: `cell ${cell.address} holds ${String(result.error)}` };
    return { value: result };
  }
  return { value: null, problem: `cell ${cell.address} holds a value of an unknown kind` };
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function rowIsEmpty(row: ExcelJS.Row): boolean {
  return (row.values as unknown[]).every(isBlank);
}

/**
 * Header names: trimmed; blank and merged-away cells become `column<N>`; a repeated name gets
 * `_<N>`. Blank cells after the last named one are not columns (formatting often reaches far to
 * the right); a value under one is reported on its row.
 */
function headerNames(row: ExcelJS.Row, context: SheetContext): string[] {
  const texts: string[] = [];
  for (let col = 1; col <= row.cellCount; col++) {
    const { value, problem } = cellValue(row.getCell(col), context);
    texts.push(problem || isBlank(value) ? '' : (value instanceof Date ? value.toISOString().slice(0, 10) : plainText(value)).trim());
  }
  while (texts.length && !texts[texts.length - 1]) texts.pop();
  const names: string[] = [];
  texts.forEach((text, i) => {
    const name = text || `column${i + 1}`;
    names.push(names.includes(name) ? `${name}_${i + 1}` : name);
  });
  return names;
}

function toSourceRow(row: ExcelJS.Row, header: string[], context: SheetContext): SourceRow {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  header.forEach((name, i) => {
    const cell = cellValue(row.getCell(i + 1), context);
    values[name] = cell.value;
    if (cell.problem) problems.push(cell.problem);
  });
  for (let col = header.length + 1; col <= row.cellCount; col++) {
    const cell = row.getCell(col);
    if (!isBlank(cell.value)) problems.push(`cell ${cell.address} holds a value but its column has no header`);
  }
  return problems.length ? { position: row.number, values, problem: problems.join('; ') } : { position: row.number, values };
}

/** A column's type as its first record suggests: the kind of value exceljs gave, and the data type it fits. */
function typeOf(value: unknown): Pick<SourceColumn, 'sourceType' | 'dataType'> {
  if (value instanceof Date) return { sourceType: 'date', dataType: value.getTime() % DAY_MS === 0 ? 'date' : 'datetime' };
  if (typeof value === 'number') return { sourceType: 'number', dataType: Number.isInteger(value) ? 'integer' : 'decimal' };
  if (typeof value === 'boolean') return { sourceType: 'boolean', dataType: 'boolean' };
  if (typeof value === 'string') return { sourceType: 'string', dataType: 'string' };
  return {};
}

/** An Excel workbook as a source: the named sheet, or the first one. */
export function excelSource(path: string, options: Pick<SourceOptions, 'sheet'> = {}): SourceAdapter {
  const sheet = options.sheet;

  async function describe(): Promise<SourceColumn[]> {
    let header: string[] | undefined;
    for await (const { row, context } of sheetRows(path, sheet)) {
      if (rowIsEmpty(row)) continue;
      if (!header) {
        header = headerNames(row, context);
        continue;
      }
      // Only a hint: a later record may hold another kind of value.
      const first = toSourceRow(row, header, context).values;
      return header.map((name) => ({ name, ...typeOf(first[name]) }));
    }
    return (header ?? []).map((name) => ({ name }));
  }

  async function* read({ batchSize, signal }: ReadOptions): AsyncGenerator<SourceRow[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError('cannot read the Excel source', [{ field: 'batchSize', message: 'must be a positive integer' }]);
    let header: string[] | undefined;
    let batch: SourceRow[] = [];
    for await (const { row, context } of sheetRows(path, sheet, signal)) {
      if (rowIsEmpty(row)) continue;
      if (!header) {
        header = headerNames(row, context);
        continue;
      }
      batch.push(toSourceRow(row, header, context));
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  return { kind: 'excel', describe, read, close: async () => {} };
}
