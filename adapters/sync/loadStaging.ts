/**
 * The load phase of a run: read the source in batches, turn each into staged rows and quarantine
 * records, and commit them every `commitRows` rows. Memory holds two commits' rows at most.
 */
import { performance } from 'node:perf_hooks';
import type { SourceAdapter, SourceRow } from '../model.js';
import type { StagedBatch } from './rowPipeline.js';
import type { RunCounts } from './runRecords.js';
import type { StagingWriter } from './stagingWriter.js';
import { maxWatermark, type Watermark } from './watermarks.js';

export interface SyncProgress {
  read: number;
  quarantined: number;
  rowsPerSecond: number;
}

export interface LoadOptions {
  source: SourceAdapter;
  /** Compiled lazily: the first batch names the columns of a source that cannot describe them up front. */
  pipeline: (firstBatch: readonly SourceRow[]) => Promise<(batch: readonly SourceRow[]) => StagedBatch>;
  writer: StagingWriter;
  counts: RunCounts;
  batchSize: number;
  commitRows: number;
  since?: Watermark;
  signal?: AbortSignal;
  /** Throws when the run must stop (aborted, or its lock taken over). */
  check: () => void;
  now: () => Date;
  onProgress?: (progress: SyncProgress) => void;
}

/** Loads staging; returns the highest watermark seen. */
export async function loadStaging(options: LoadOptions): Promise<Watermark | undefined> {
  const { counts, writer } = options;
  const started = performance.now();
  let process: ((batch: readonly SourceRow[]) => StagedBatch) | undefined;
  let watermark: Watermark | undefined;
  let pending: { rows: unknown[][]; quarantine: StagedBatch['quarantine'] } = { rows: [], quarantine: [] };
  // One commit may be in flight while the next batches are parsed: the database works on its own
  // thread (SQLite) or server (PostgreSQL), so reading and writing overlap.
  let inFlight: Promise<void> | undefined;
  const commit = async () => {
    const next = { ...pending, counts: { read: counts.read, quarantined: counts.quarantined }, at: options.now().toISOString() };
    pending = { rows: [], quarantine: [] };
    await inFlight;
    inFlight = writer.write(next);
    inFlight.catch(() => {}); // awaited at the next commit or at the end
  };
  try {
    for await (const batch of options.source.read({ batchSize: options.batchSize, since: options.since, signal: options.signal })) {
      options.check();
      process ??= await options.pipeline(batch);
      const staged = process(batch);
      counts.read += staged.read;
      counts.quarantined += staged.quarantinedRows;
      watermark = maxWatermark(watermark, staged.watermark);
      for (const row of staged.rows) pending.rows.push(row);
      for (const q of staged.quarantine) pending.quarantine.push(q);
      if (pending.rows.length + pending.quarantine.length >= options.commitRows) await commit();
      const seconds = (performance.now() - started) / 1000;
      options.onProgress?.({ read: counts.read, quarantined: counts.quarantined, rowsPerSecond: seconds > 0 ? Math.round(counts.read / seconds) : 0 });
    }
    options.check();
    await commit();
    await inFlight;
  } finally {
    // Nothing may still be writing to staging when the caller drops it after a failure.
    await inFlight?.catch(() => {});
  }
  return watermark;
}
