/**
 * The public portal: `/`, `/datasets` and `/datasets/{apiName or code}`, server-rendered HTML with
 * one static stylesheet and no script. Pages carry a strict Content-Security-Policy; errors inside
 * the portal are answered as pages (a 400 names the bad parameter), never as JSON or a stack trace.
 */
import compression from 'compression';
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { type Config, InputError, isDomainError, type Logger, redactIdentifiers } from '../../shared/index.js';
import { HTTP_STATUS, toPublicError, type PublicError } from '../errors.js';
import { publicUrlsFor } from '../rest/publicBase.js';
import { openRateLimit } from '../rest/rateLimit.js';
import { datasetPage } from './datasetPage.js';
import { errorPage } from './errorPage.js';
import { homePage } from './homePage.js';
import { documentOf, type Html } from './html.js';
import type { PortalData } from './PortalData.js';
import { resultsPage } from './resultsPage.js';
import { CSS_PATH, ICON_PATH, PORTAL_CSS, PORTAL_ICON } from './styles.js';

export interface PortalRouterOptions {
  /** `publicUrl` (else the request's host) is the base of the API and download links shown; `openData` holds the rate limits. */
  config: Pick<Config, 'publicUrl' | 'port' | 'openData'>;
  logger: Logger;
}

/** No script at all, styles and images from the portal itself, no framing, forms only to itself. */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function setPageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PORTAL_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Search words in a URL stay on this site: other sites see no referrer at all.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-cache');
}

const pageHeaders: RequestHandler = (_req, res, next) => {
  setPageHeaders(res);
  next();
};

/** A static file whose URL names its content hash, so it may be cached for good. */
function asset(type: string, body: string): RequestHandler {
  return (_req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(type).send(body);
  };
}

function send(res: Response, status: number, page: Html): void {
  res.status(status).type('html').send(documentOf(page));
}

/** Pages without parameters refuse any, naming them, rather than ignore them. */
function refuseParams(req: Request): void {
  const names = Object.keys(req.query);
  if (names.length) throw new InputError('invalid query', names.map((name) => ({ field: redactIdentifiers(name, 40), message: '不是本页的参数（本页没有参数）' })));
}

/** Errors of portal routes as pages; express's own client errors (a malformed URL escape) are 400s. */
function portalErrors(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const status = (err as { status?: number })?.status;
    const publicError: PublicError =
      !isDomainError(err) && status && status >= 400 && status < 500 ? { code: 'BAD_USER_INPUT', message: '页面地址格式有误' } : toPublicError(err, logger);
    // A URL that fails to decode fails before any route's own middleware ran.
    setPageHeaders(res);
    send(res, HTTP_STATUS[publicError.code], errorPage(HTTP_STATUS[publicError.code], publicError));
  };
}

export function portalRouter(portal: PortalData, options: PortalRouterOptions): Router {
  const router = Router();
  // Pages are limited like the open APIs (each dataset page reads rows and writes a ledger entry), on their own count.
  const page = [pageHeaders, openRateLimit(options.config.openData), compression()];

  router.get(CSS_PATH, compression(), asset('text/css; charset=utf-8', PORTAL_CSS));
  router.get(ICON_PATH, asset('image/svg+xml', PORTAL_ICON));

  router.get('/', page, async (req: Request, res: Response) => {
    refuseParams(req);
    send(res, 200, homePage(await portal.home()));
  });

  router.get('/datasets', page, async (req: Request, res: Response) => {
    send(res, 200, resultsPage(await portal.results(req.query)));
  });

  // A resource code holds a slash (`102001/000001`), so the rest of the path is the identifier.
  router.get('/datasets/*id', page, async (req: Request, res: Response) => {
    refuseParams(req);
    const id = ([] as string[]).concat(req.params.id ?? []).join('/');
    const data = await portal.dataset(id, String(res.getHeader('X-Request-Id') ?? ''));
    send(res, 200, datasetPage(data, publicUrlsFor(req, options.config)));
  });

  router.use(portalErrors(options.logger));
  return router;
}
