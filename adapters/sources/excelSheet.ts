/**
 * Streams the rows of one worksheet of an .xlsx file with exceljs's `WorkbookReader`, so memory
 * stays flat (beyond the shared-strings table, which the format makes every reader hold).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { InputError, isDomainError } from '../../shared/index.js';

/** What exceljs's streaming reader knows of the workbook once `xl/workbook.xml` is parsed. */
interface WorkbookInternals {
  model?: { sheets?: { name: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

/** exceljs sets the sheet's name on its reader, but its typings leave it out. */
type SheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name: string };

/** The sheet being read and the workbook facts its cell values depend on. */
export interface SheetContext {
  sheetName: string;
  /** Dates in the file count from 1904 (old Mac workbooks) instead of 1900. */
  date1904: boolean;
}

/** Fails early, with the field named, for a path that is not a readable file. */
async function assertFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new InputError('cannot read the Excel source', [{ field: 'location', message: `is not a readable file: ${path}` }]);
}

/**
 * Stops reading a worksheet that is not wanted. When exceljs met the worksheet before the shared
 * strings it parked it in a temp file and hands us a stream of that file: destroy it so its file
 * descriptor closes (a worksheet read straight from the zip is drained by exceljs itself).
 */
/**
 * Walks a sheet nobody reads. Destroying its reader instead races exceljs: a sheet spooled to a
 * temp file (shared strings stored after the sheets) has the file removed while its stream still
 * opens it, an uncaught ENOENT.
 */
async function skip(sheet: SheetReader): Promise<void> {
  for await (const _row of sheet) {
    // parsed and dropped
  }
}

function release(sheet: SheetReader): void {
  const source = (sheet as unknown as { iterator?: { destroy?: () => void } }).iterator;
  if (typeof source?.destroy === 'function') source.destroy();
}

/**
 * The rows of the named sheet (default: the first in tab order), as exceljs parses them, with
 * the context needed to read their values. Stopping early (`return`) still walks the rest of the
 * workbook's sheets, without parsing them, so exceljs removes its temp files; an error or an
 * aborted signal stops at once.
 */
export async function* sheetRows(path: string, wanted: string | undefined, signal?: AbortSignal): AsyncGenerator<{ row: ExcelJS.Row; context: SheetContext }> {
  await assertFile(path);
  signal?.throwIfAborted();
  const input = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const internals = workbook as unknown as WorkbookInternals;
  const sheets = workbook[Symbol.asyncIterator]() as AsyncGenerator<SheetReader>;
  const seen: string[] = [];
  let current: SheetReader | undefined;
  let found = false;
  let settled = false;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      current = next.value;
      seen.push(current.name);
      const names = internals.model?.sheets?.map((s) => s.name) ?? [];
      const target = wanted ?? names[0] ?? current.name;
      if (wanted !== undefined && names.length > 0 && !names.includes(wanted)) throw missingSheet(wanted, names);
      if (found || current.name !== target) {
        await skip(current);
        continue;
      }
      found = true;
      const context: SheetContext = { sheetName: current.name, date1904: internals.properties?.model?.date1904 === true };
      for await (const row of current) {
        signal?.throwIfAborted();
        yield { row, context };
      }
    }
    settled = true;
    if (!found) throw missingSheet(wanted ?? '', seen);
  } catch (err) {
    settled = true;
    throw isDomainError(err) || signal?.aborted ? err : unreadable(path, err);
  } finally {
    if (!settled) {
      // The consumer stopped early: let exceljs finish its walk so it cleans up after itself.
      if (current) release(current);
      for (let next = await sheets.next(); !next.done; next = await sheets.next()) await skip(next.value);
    }
    input.destroy();
  }
}

function missingSheet(wanted: string, names: string[]): InputError {
  return new InputError('the workbook has no such sheet', [{ field: 'sheet', message: `"${wanted}" is not one of its sheets: ${names.join(', ')}` }]);
}

/** exceljs and unzipper fail with plain errors ("invalid signature") on a file that is not a workbook. */
function unreadable(path: string, err: unknown): InputError {
  const reason = err instanceof Error ? err.message : String(err);
  return new InputError('cannot read the Excel source', [{ field: 'location', message: `is not a readable .xlsx workbook (${reason}): ${path}` }]);
}
