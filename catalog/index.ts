/**
 * The catalog area's only import surface: departments, resources (信息资源) and data items (信息项),
 * their versions, search, the shared store's tables and the row schemas derived from the items.
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
export {
  FACET_NAMES,
  SEARCH_SORTS,
  SEARCH_MAX_LIMIT,
  SEARCH_DEFAULT_LIMIT,
  PUBLIC_OPEN_TYPES,
  type FacetName,
  type FacetCount,
  type SearchFilters,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
} from './search/model.js';
export { FRESHNESS_VALUES, CYCLE_MS, freshnessOf, type Freshness } from './search/freshness.js';
export { FACET_LABELS, FACET_VALUES_MAX } from './search/facets.js';
export { toResourceSummary, type ResourceSummary } from './search/summary.js';
export { reindexCatalog } from './search/indexer.js';
// ---- Views of the open catalog for the open-data ecosystem: DCAT-AP 3, Frictionless, CKAN. ----
export { PublicUrls, slugOf } from './views/publicUrls.js';
export { dataPackage, tableSchema, type DataPackageContext, type TableSchema, type TableField, type ForeignKey } from './views/frictionless.js';
export { isPublicResource, hasOpenData, publishedItems } from './views/visibility.js';
export { catalogGraph, datasetGraph, datasetModified, lastPage, type CatalogPage, type DcatContext } from './views/dcat.js';
export { toJsonLd, toTurtle, JSONLD_CONTEXT } from './views/rdfDocuments.js';
export { themesOf, frequencyOf, accessRightsOf, licenceOf, type Term, type Licence } from './views/vocabularies.js';
export { OpenCatalog, OPERATOR_DEPARTMENT, type PublicPage } from './views/OpenCatalog.js';
export {
  ckanPackage,
  ckanOrganization,
  ckanGroup,
  ckanTime,
  ckanLicence,
  stableUuid,
  packageId,
  organizationId,
  groupId,
  groupName,
  CATEGORIES,
  FORMATS_OF,
  type CkanPackage,
  type CkanOrganization,
  type CkanPackageContext,
} from './views/ckan.js';
