export { catalogTypeDefs } from './catalogTypeDefs.js';
export { catalogResolvers, createCatalogLoaders, type CatalogContext } from './catalogResolvers.js';
export type { Visibility } from './catalogVisibility.js';
