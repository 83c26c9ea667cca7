/** The gateway: the only door to the outside (HTTP, GraphQL, portal, console). */
export { allMigrations } from './migrations.js';
