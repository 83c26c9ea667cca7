/** The gateway: the only door to the outside (HTTP, GraphQL, portal, console). */
export { createApp, type App, type AppDependencies } from './app.js';
export { listen, type RunningServer } from './server.js';
export { HTTP_STATUS, toPublicError } from './errors.js';
export { authenticate, authRouter, principalOf, requirePrincipal, type OAuthErrorCode } from './auth.js';
