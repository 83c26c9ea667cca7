/**
 * Authentication at the door: the OAuth2 client-credentials token endpoint (RFC 6749 §4.4) and
 * the middleware that turns `Authorization: Bearer …` into the request's principal.
 */
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Accounts, Principal, TokenService } from '../exchange/index.js';
import { isDomainError, UnauthenticatedError } from '../shared/index.js';

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';

const REALM = 'govshare';
const FORM = 'application/x-www-form-urlencoded';
const BODY_LIMIT = '8kb';

class OAuthError extends Error {
  constructor(readonly status: 400 | 401, readonly error: OAuthErrorCode, readonly description: string) {
    super(description);
  }
}

/** `POST /auth/token` when mounted at `/auth`. */
export function authRouter(accounts: Accounts, tokens: TokenService): Router {
  const router = Router();
  router.post('/token', express.urlencoded({ extended: false, limit: BODY_LIMIT }), express.json({ limit: BODY_LIMIT }), async (req, res, next) => {
    try {
      const { clientId, clientSecret } = readTokenRequest(req);
      const account = await accounts.authenticate(clientId, clientSecret).catch((err: unknown) => {
        if (err instanceof UnauthenticatedError) throw new OAuthError(401, 'invalid_client', 'client authentication failed');
        throw err;
      });
      noStore(res);
      res.json(tokens.issue(account));
    } catch (err) {
      next(err);
    }
  });
  const oauthErrors: ErrorRequestHandler = (err, _req, res, next) => {
    // Body parsers mark unreadable bodies with a 4xx status.
    const status = (err as { status?: number })?.status;
    if (!(err instanceof OAuthError) && !(status && status >= 400 && status < 500 && !isDomainError(err))) return next(err);
    const e = err instanceof OAuthError ? err : new OAuthError(400, 'invalid_request', status === 413 ? 'request body too large' : 'malformed request body');
    noStore(res);
    if (e.status === 401) res.setHeader('WWW-Authenticate', `Basic realm="${REALM}", charset="UTF-8"`);
    res.status(e.status).json({ error: e.error, error_description: e.description });
  };
  router.use(oauthErrors);
  return router;
}

/** RFC 6749 §5.1: token responses are never cached. */
function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

/** Grant type and client credentials, from the body or HTTP Basic (one method only, §2.3.1). */
function readTokenRequest(req: Request): { clientId: string; clientSecret: string } {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is([FORM, 'application/json'])) throw new OAuthError(400, 'invalid_request', `the body must be ${FORM}`);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const grantType = param(body, 'grant_type');
  if (grantType === undefined) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
  const basic = basicCredentials(req.headers.authorization);
  const bodyId = param(body, 'client_id');
  const bodySecret = param(body, 'client_secret');
  if (basic) {
    if (bodySecret !== undefined) throw new OAuthError(400, 'invalid_request', 'use either HTTP Basic or client_secret in the body, not both');
    if (bodyId !== undefined && bodyId !== basic.clientId) throw new OAuthError(400, 'invalid_request', 'client_id differs from the Basic credentials');
    return basic;
  }
  if (bodyId === undefined || bodySecret === undefined) throw new OAuthError(401, 'invalid_client', 'client_id and client_secret are required');
  return { clientId: bodyId, clientSecret: bodySecret };
}

/** §3.2: a parameter without a value is omitted, and none may repeat. */
function param(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', `${name} must be given once, as a string`);
  return value;
}

/** §2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match) throw new OAuthError(401, 'invalid_client', 'only HTTP Basic client authentication is supported here');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError(401, 'invalid_client', 'malformed Basic credentials');
  try {
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: unform(decoded.slice(0, colon)), clientSecret: unform(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError(401, 'invalid_client', 'malformed Basic credentials');
  }
}

/**
 * Sets `res.locals.principal` from a bearer token. No Authorization header: anonymous, and the
 * route decides. A header that is malformed, or a token that is expired, forged or otherwise
 * bad: UnauthenticatedError (401) through the error middleware.
 */
export function authenticate(tokens: TokenService): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) return next();
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_request"`);
      return next(new UnauthenticatedError('the Authorization header must be "Bearer <token>"'));
    }
    try {
      res.locals.principal = tokens.verify(match[1]!);
    } catch (err) {
      res.setHeader('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token"`);
      return next(err);
    }
    next();
  };
}

/** The principal `authenticate` established, or undefined for an anonymous caller. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** The principal, or UnauthenticatedError when the caller sent no token. */
export function requirePrincipal(res: Response): Principal {
  const principal = principalOf(res);
  if (!principal) throw new UnauthenticatedError('authentication required');
  return principal;
}
