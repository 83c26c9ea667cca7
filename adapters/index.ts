/**
 * The adapters area's only import surface. Every kind of source (SQL database, CSV/Excel file,
 * REST/JSON API) implements `SourceAdapter`; bindings say which source feeds a resource; the sync
 * runner keeps the shared store in step with it, and the scheduler runs it by update cycle.
 */
export * from './model.js';
export { excelSource } from './sources/excel.js';
export { restKeyLookup, restSource, type RestKeyLookupOptions } from './sources/rest.js';
export { RestSourceError } from './sources/restHttp.js';
export { csvSource, type CsvOptions } from './sources/csv.js';
export { decodeText, detectDelimiter, detectEncoding, DecodeError, StrictDecoder } from './sources/decode.js';
export { compileValueParser, normaliseFreeText, normaliseText, type Parsed } from './transforms.js';
export { autoMapping, type AutoMapping } from './columnMapping.js';
// ---- SQL sources and live (federated) queries ----
export { sqlSource } from './sources/sql.js';
export { openSourceKnex, sourceEngine, type SourceEngine } from './sources/sqlConnection.js';
export { redactLocation } from './redaction.js';
export { createLiveLocator, LiveBindingError, type LiveLocator } from './live.js';
export { cachedLiveBindings } from './liveBindings.js';
export { adapterMigrations } from './migrations/index.js';
export { DEFAULT_MAX_QUARANTINE_SHARE, validateBindingInput, type SourceBindingInput } from './bindingInput.js';
export { redactBinding, SourceBindings, type SourceBindingsOptions, type StoredBinding } from './bindings.js';
export { openSource } from './sources/index.js';
export { positionedRowsSource, rowsSource, type RowsSourceOptions } from './sources/rowsSource.js';
export { SyncRunner, type RunOptions, type SyncRunnerOptions } from './sync/SyncRunner.js';
export type { SyncProgress } from './sync/loadStaging.js';
export type { ColumnMapper, ParserFactory, ValueParser } from './sync/seams.js';
export { CYCLE_INTERVAL_MS, dueResources, runDueSyncs, startSyncScheduler, syncScheduler, type SchedulerOptions } from './sync/scheduler.js';
export { STALE_AFTER_MS } from './sync/runRecords.js';
export type { Watermark } from './sync/watermarks.js';
