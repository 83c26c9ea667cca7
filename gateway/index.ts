/** The gateway: the only door to the outside (HTTP, GraphQL, portal, console). Only the composition root imports it. */
export { createApp, type App, type GatewayServices } from './app.js';
export { listenHttp, type HttpListener } from './server.js';
export { HTTP_STATUS, toPublicError } from './errors.js';
export { authenticate, authRouter, principalOf, requirePrincipal, type OAuthErrorCode } from './auth.js';
