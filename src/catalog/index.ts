/**
 * The catalog area's only import surface: departments, resources (信息资源) and data items (信息项),
 * their versions, the shared store's tables and the row schemas derived from the items.
 */
export * from './model.js';
export { Catalog, type CatalogOptions } from './Catalog.js';
export { ResourceCache, type ResourceCacheOptions } from './ResourceCache.js';
export { catalogMigrations } from './migrations/index.js';
export { columnName, dataTableName, ROW_ID_COLUMN, LOADED_AT_COLUMN } from './dataTables.js';
export { createRowValidator, deriveRowSchema, type JsonSchema, type RowValidator } from './rowSchema.js';
export { validateResourceInput, validateDepartmentInput } from './validation.js';
export { encodeCursor, decodeCursor, MAX_PAGE, type ResourceFilter, type ResourcePage } from './resourceQuery.js';
// ---- Views of the open catalog for the open-data ecosystem: DCAT-AP 3, Frictionless, CKAN. ----
export { PublicUrls, slugOf } from './views/publicUrls.js';
export { dataPackage, tableSchema, type DataPackageContext, type TableSchema, type TableField, type ForeignKey } from './views/frictionless.js';
export { isPublicResource, hasOpenData, publishedItems, PUBLIC_OPEN_TYPES } from './views/visibility.js';
export { catalogGraph, datasetGraph, datasetModified, lastPage, type CatalogPage, type DcatContext } from './views/dcat.js';
export { toJsonLd, toTurtle, JSONLD_CONTEXT } from './views/rdfDocuments.js';
export { themesOf, frequencyOf, accessRightsOf, licenceOf, type Term, type Licence } from './views/vocabularies.js';
export { OpenCatalog, OPERATOR_DEPARTMENT, type PublicPage } from './views/OpenCatalog.js';
