/**
 * The adapters area's only import surface. Every kind of source (SQL database, CSV/Excel file,
 * REST/JSON API) implements `SourceAdapter`; the sync runner and live queries build on it.
 */
export * from './model.js';
export { excelSource } from './sources/excel.js';
export { restKeyLookup, restSource, type RestKeyLookupOptions } from './sources/rest.js';
export { RestSourceError } from './sources/restHttp.js';
