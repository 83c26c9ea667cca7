/**
 * The exchange area's only import surface: reading the shared store under policy. The foundation
 * serves open data; grants, access requests and the audit ledger build on the same reader.
 */
export { OpenData, openItems, type OpenDataOptions } from './OpenData.js';
export { findByKey, toRecord, type DataRecord } from './storeReader.js';
