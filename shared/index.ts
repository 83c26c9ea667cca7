/** The shared room: configuration, database, errors, identifiers and masks. */
export * from './config.js';
export * from './database.js';
export * from './errors.js';
export * from './identifiers.js';
export * from './masks.js';
export * from './migrations.js';
export { createLogger, type Logger } from './logger.js';
export { insertRows } from './bulkInsert.js';
export { writeTransaction } from './writeTransaction.js';
export { redactIdentifiers } from './redact.js';
export { periodic, type Periodic, type PeriodicOptions } from './periodic.js';
