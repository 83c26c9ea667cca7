/**
 * The adapters area's only import surface. Every kind of source (SQL database, CSV/Excel file,
 * REST/JSON API) implements `SourceAdapter`; the sync runner and live queries build on it.
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
export { openSourceKnex, redactLocation, sourceEngine, type SourceEngine } from './sources/sqlConnection.js';
export { createLiveLocator, LiveBindingError, type LiveLocator } from './live.js';
