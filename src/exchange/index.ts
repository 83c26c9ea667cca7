/**
 * The exchange area's only import surface: accounts and tokens, access requests and grants, the
 * policy a grant compiles to, and reading the shared store under it (open data included).
 */
export * from './model.js';
export { exchangeMigrations } from './migrations/index.js';
export { OpenData, openItems, type OpenDataOptions } from './OpenData.js';
export { findByKey, toRecord, type DataRecord } from './storeReader.js';
