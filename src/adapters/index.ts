/**
 * The adapters area's only import surface. Every kind of source (SQL database, CSV/Excel file,
 * REST/JSON API) implements `SourceAdapter`; the sync runner and live queries build on it.
 */
export * from './model.js';
// ---- SQL sources and live (federated) queries ----
export { sqlSource } from './sources/sql.js';
export { openSourceKnex, redactLocation, sourceEngine, type SourceEngine } from './sources/sqlConnection.js';
export { createLiveLocator, LiveBindingError, type LiveLocator } from './live.js';
