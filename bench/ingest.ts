/**
 * The ingest case: a generated file of person rows (valid resident IDs, dates, codes) loaded by
 * govshare's full sync against a raw baseline through the same driver, each in a child process
 * on a fresh SQLite file. Interleaved baseline, sync, sync, baseline; rows/s averaged per side.
 * The sync reads the generated CSV file through the csv adapter, so its peak RSS is a streaming run's.
 */
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { personStream } from '../demo/index.js';
import type { CaseResult } from './cases.js';

const run = promisify(execFile);

/** Bytes per generated row, measured: `--ingest-big` sizes its file (~1 GB) by it. */
const BYTES_PER_ROW = 115;
export const BIG_FILE_ROWS = Math.round(1e9 / BYTES_PER_ROW);

interface ChildResult {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  peakRssMb: number;
  status?: string;
  error?: string | null;
}

export interface IngestResult extends CaseResult {
  /** Peak RSS of the streaming sync, in MB. */
  peakRssMb: number;
  fileMb: number;
  rows: number;
}

function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes `rows` persons as UTF-8 CSV with the items' apiNames as headers. */
export async function writePersonCsv(file: string, rows: number, seed: number): Promise<void> {
  const out = createWriteStream(file);
  let header = true;
  let chunk = '';
  for (const person of personStream(rows, seed)) {
    if (header) {
      chunk += `${Object.keys(person).join(',')}\n`;
      header = false;
    }
    chunk += `${Object.values(person).map(csvField).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
}

async function child(mode: 'baseline' | 'sync', dir: string, rows: number, csv: string): Promise<ChildResult> {
  const file = join(dir, `${mode}-${Date.now()}.sqlite`);
  const script = fileURLToPath(new URL('./ingestChild.js', import.meta.url));
  const { stdout } = await run(process.execPath, [script, mode, file, String(rows), '1', csv], { maxBuffer: 1 << 20 });
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
  if (result.status && result.status !== 'succeeded') throw new Error(`ingest ${mode}: the sync run ${result.status}: ${result.error}`);
  return result;
}

export async function ingestCase(rows: number, say: (line: string) => void, big = false): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'govshare-ingest-'));
  try {
    const csv = join(dir, 'persons.csv');
    say(`ingest: generating ${rows} persons to ${csv} …`);
    await writePersonCsv(csv, rows, 1);
    const fileMb = Math.round(statSync(csv).size / 1e6);
    // A ~1 GB file is about memory: one streaming sync, no baseline (which holds every row in memory).
    if (big) return await bigFileCase(dir, rows, csv, fileMb, say);
    const measured: ChildResult[] = [];
    for (const mode of ['baseline', 'sync', 'sync', 'baseline'] as const) {
      say(`ingest: ${mode} of ${rows} rows …`);
      measured.push(await child(mode, dir, rows, csv));
    }
    // Each sync streams the file, so its peak RSS is that of a streaming run.
    const peakRssMb = Math.max(measured[1]!.peakRssMb, measured[2]!.peakRssMb);
    const mean = (xs: ChildResult[]) => xs.reduce((a, x) => a + x.rowsPerSecond, 0) / xs.length;
    const baseline = mean([measured[0]!, measured[3]!]);
    const value = mean([measured[1]!, measured[2]!]);
    return {
      name: `CSV ingest: full sync of ${rows} person rows (SQLite)`,
      baseline: Math.round(baseline),
      value: Math.round(value),
      unit: 'rows/s',
      ratio: Math.round((value / baseline) * 1000) / 1000,
      p50: 0,
      p99: 0,
      baselineP50: 0,
      baselineP99: 0,
      target: `≥ 0.6; peak RSS ${peakRssMb} MB for a ${fileMb} MB file (< 300 MB)`,
      peakRssMb,
      fileMb,
      rows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bigFileCase(dir: string, rows: number, csv: string, fileMb: number, say: (line: string) => void): Promise<IngestResult> {
  say(`ingest: one streaming sync of the ${fileMb} MB file for its peak RSS …`);
  const sync = await child('sync', dir, rows, csv);
  return {
    name: `CSV ingest: peak RSS of a full sync of a ${fileMb} MB file (${rows} rows)`,
    baseline: 300,
    value: sync.peakRssMb,
    unit: 'MB',
    ratio: Math.round((sync.peakRssMb / 300) * 1000) / 1000,
    p50: 0,
    p99: 0,
    baselineP50: 0,
    baselineP99: 0,
    target: `peak RSS < 300 MB (baseline column: the limit); ${sync.rowsPerSecond} rows/s`,
    peakRssMb: sync.peakRssMb,
    fileMb,
    rows,
  };
}
