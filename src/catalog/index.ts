/**
 * The catalog area's only import surface: departments, resources (信息资源) and data items (信息项),
 * their versions, the shared store's tables and the row schemas derived from the items.
 */
export * from './model.js';
export { Catalog, type CatalogOptions } from './Catalog.js';
export { ResourceCache, type ResourceCacheOptions } from './ResourceCache.js';
export { catalogMigrations } from './migrations/index.js';
export {
  columnName,
  createStagingTable,
  dataTableName,
  dropStagingTable,
  indexStagingKey,
  stagingTableName,
  swapInStaging,
  ROW_ID_COLUMN,
  LOADED_AT_COLUMN,
} from './dataTables.js';
export { createAjv, toProblems } from './ajv.js';
export { createRowValidator, deriveRowSchema, type JsonSchema, type RowValidator } from './rowSchema.js';
export { validateResourceInput, validateDepartmentInput } from './validation.js';
export { encodeCursor, decodeCursor, MAX_PAGE, type ResourceFilter, type ResourcePage } from './resourceQuery.js';
