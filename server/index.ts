/** The composition root: the services and their lifecycle, the server, the migration list. The CLI lives beside it. */
export { allMigrations } from './migrations.js';
export { createServices, type ServiceOptions, type Services } from './services.js';
export { serveServices, startServer, type RunningServer, type ServerOptions } from './http.js';
