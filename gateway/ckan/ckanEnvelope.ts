/**
 * CKAN's action API wire format: `{help, success, result}` or `{help, success: false, error:
 * {__type, message, <field>: [problems]}}` with CKAN's statuses (Validation Error 409, Not Found
 * Error 404, Authorization Error 403, Bad Request 400). CKAN clients branch on these, so CKAN
 * routes answer in this shape instead of the REST API's `{error: {code}}`; which errors are safe
 * to show is still decided by `toPublicError`.
 * Every router under `/api/3` (the package actions and `datastore_search`) answers through here.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { type Config, InputError, isDomainError, type ErrorCode, type Logger, redactIdentifiers } from '../../shared/index.js';
import { toPublicError } from '../errors.js';
import { publicUrlsFor } from '../rest/publicBase.js';

type UrlConfig = Pick<Config, 'publicUrl' | 'port'>;

/** The action name is the last segment of the path (`/api/3/action/package_show`). */
export function actionOf(req: Request): string {
  return req.path.split('/').filter(Boolean).pop() ?? '';
}

function helpUrl(req: Request, config: UrlConfig): string {
  return `${publicUrlsFor(req, config).base}/api/3/action/help_show?name=${encodeURIComponent(redactIdentifiers(actionOf(req), 64))}`;
}

export function sendResult(req: Request, res: Response, config: UrlConfig, result: unknown): void {
  res.json({ help: helpUrl(req, config), success: true, result });
}

function sendError(req: Request, res: Response, config: UrlConfig, status: number, error: Record<string, unknown>): void {
  res.status(status).json({ help: helpUrl(req, config), success: false, error });
}

const CKAN_TYPE: Partial<Record<ErrorCode, [number, string]>> = {
  BAD_USER_INPUT: [409, 'Validation Error'],
  QUERY_TOO_COMPLEX: [409, 'Validation Error'],
  NOT_FOUND: [404, 'Not Found Error'],
  FORBIDDEN: [403, 'Authorization Error'],
  UNAUTHENTICATED: [403, 'Authorization Error'],
  CONFLICT: [409, 'Validation Error'],
  RATE_LIMITED: [429, 'Rate Limit Error'],
};

/** Errors of CKAN routes in CKAN's shape; invalid input names each field, as CKAN does. */
export function ckanErrors(logger: Logger, config: UrlConfig): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof InputError) {
      const fields: Record<string, string[]> = {};
      for (const p of err.problems) (fields[p.field] ??= []).push(p.message);
      sendError(req, res, config, 409, { __type: 'Validation Error', message: err.message, ...fields });
      return;
    }
    const status = (err as { status?: number })?.status;
    if (!isDomainError(err) && status && status >= 400 && status < 500) {
      const type = (err as { type?: string }).type;
      const what = type === 'entity.parse.failed' ? 'JSON Error: could not parse the request body' : status === 413 ? 'the body is too large' : 'could not read the request';
      sendError(req, res, config, 400, { __type: 'Bad Request', message: `Bad request - ${what}` });
      return;
    }
    const publicError = toPublicError(err, logger);
    const [code, type] = CKAN_TYPE[publicError.code] ?? [500, 'Internal Server Error'];
    sendError(req, res, config, code, { __type: type, message: publicError.message });
  };
}

/** For any action no CKAN router answered: CKAN's 400 "Action name not known". */
export function unknownAction(config: UrlConfig): RequestHandler {
  return (req, res) => {
    sendError(req, res, config, 400, { __type: 'Bad Request', message: `Bad request - Action name not known: ${redactIdentifiers(actionOf(req), 64)}` });
  };
}
