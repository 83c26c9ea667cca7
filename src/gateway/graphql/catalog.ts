export { catalogTypeDefs } from './catalogTypeDefs.js';
export { catalogResolvers, createCatalogLoaders, type CatalogContext } from './catalogResolvers.js';
