/**
 * CKAN's action API response envelope: `{ help, success, result }`, or `{ help, success: false,
 * error: { __type, message, … } }` with CKAN's statuses — 409 for validation errors (the error
 * also lists messages under each bad field's name, as CKAN does), 404 not found, 403 not allowed,
 * 400 for a request that cannot be read. Every CKAN router shares these, and the error handler
 * below serves everything mounted under `/api/3`.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { isDomainError, type ErrorCode } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { toPublicError } from '../errors.js';

export interface CkanError {
  __type: string;
  message: string;
  [field: string]: string | string[];
}

const ERROR_TYPES: Record<ErrorCode, [number, string]> = {
  BAD_USER_INPUT: [409, 'Validation Error'],
  QUERY_TOO_COMPLEX: [409, 'Validation Error'],
  NOT_FOUND: [404, 'Not Found Error'],
  FORBIDDEN: [403, 'Authorization Error'],
  UNAUTHENTICATED: [403, 'Authorization Error'],
  CONFLICT: [409, 'Validation Error'],
  RATE_LIMITED: [429, 'Rate Limit Error'],
  INTERNAL_SERVER_ERROR: [500, 'Internal Server Error'],
};

/** Where the documentation of an action is (the interactive reference of the open API). */
export function ckanHelp(req: Request, action: string): string {
  return `${req.protocol}://${req.get('host')}/api/v1/docs#/CKAN/${action}`;
}

/** The action named by the request path, `datastore_search` for `/api/3/action/datastore_search`. */
function actionOf(req: Request): string {
  return /\/action\/([A-Za-z_]+)/.exec(req.originalUrl)?.[1] ?? 'help_show';
}

export function sendCkanResult(req: Request, res: Response, result: unknown): void {
  res.json({ help: ckanHelp(req, actionOf(req)), success: true, result });
}

/** The error middleware of every route under `/api/3`: domain errors in CKAN's shape and status. */
export function ckanErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = (err as { status?: number })?.status;
    let code: number;
    let error: CkanError;
    if (!isDomainError(err) && status && status >= 400 && status < 500) {
      // A JSON parser's message quotes the body; the unknown action's is ours to show.
      const { type, expose } = err as { type?: string; expose?: boolean };
      const message = type === 'entity.parse.failed' ? 'Bad request - JSON Error: the body is not valid JSON' : status === 413 ? 'Bad request - the body is too large' : expose && !type ? String((err as Error).message) : 'Bad request';
      [code, error] = [400, { __type: 'Bad Request', message }];
    } else {
      const publicError = toPublicError(err, logger);
      const [httpStatus, type] = ERROR_TYPES[publicError.code];
      error = { __type: type, message: publicError.message };
      const problems = (publicError.details?.problems ?? []) as { field: string; message: string }[];
      for (const p of problems) if (p.field !== '__type' && p.field !== 'message') error[p.field] = [...((error[p.field] as string[] | undefined) ?? []), p.message];
      code = httpStatus;
    }
    res.status(code).json({ help: ckanHelp(req, actionOf(req)), success: false, error });
  };
}
