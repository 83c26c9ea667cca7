/**
 * CKAN's action API wire format: `{help, success, result}` or `{help, success: false, error:
 * {__type, message, <field>: [problems]}}` with CKAN's statuses (Validation Error 409, Not Found
 * Error 404, Authorization Error 403, Bad Request 400). CKAN clients branch on these, so CKAN
 * routes answer in this shape instead of the REST API's `{error: {code}}`; which errors are safe
 * to show is still decided by `toPublicError`.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Config } from '../../shared/config.js';
import { InputError, isDomainError, NotFoundError, type ErrorCode } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { redactIdentifiers } from '../../shared/redact.js';
import { toPublicError } from '../errors.js';
import { publicUrlsFor } from '../rest/publicBase.js';

type UrlConfig = Pick<Config, 'publicUrl' | 'port'>;

/** The action name is the last segment of the path (`/api/3/action/package_show`). */
function actionOf(req: Request): string {
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
      const what = (err as { type?: string }).type === 'entity.parse.failed' ? 'JSON Error: could not parse the request body' : 'could not read the request';
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

export type Params = Record<string, unknown>;

/**
 * An action's parameters: the query string, and on POST the JSON or form body too. A name given
 * in both places is refused rather than one of them silently winning; so is a name the action
 * does not know.
 */
export function actionParams(req: Request, known: readonly string[]): Params {
  const params: Params = { ...req.query };
  const body: unknown = req.method === 'POST' ? req.body : undefined;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw new InputError('Bad request body', [{ field: 'body', message: 'must be a JSON object of parameters' }]);
  }
  const problems: { field: string; message: string }[] = [];
  for (const [name, value] of Object.entries(body ?? {})) {
    if (name in params) problems.push({ field: name, message: 'is given both in the query string and in the body' });
    params[name] = value;
  }
  for (const name of Object.keys(params)) {
    if (!known.includes(name)) problems.push({ field: redactIdentifiers(name, 40), message: `is not a parameter of ${actionOf(req)} (known: ${known.join(', ')})` });
  }
  if (problems.length) throw new InputError('Invalid parameters', problems);
  return params;
}

/** A string parameter; `Missing value` (CKAN's words) when required and absent. */
export function stringParam(params: Params, name: string, required: true): string;
export function stringParam(params: Params, name: string, required?: false): string | undefined;
export function stringParam(params: Params, name: string, required = false): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') {
    if (required) throw new InputError('Validation Error', [{ field: name, message: 'Missing value' }]);
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw new InputError('Invalid value', [{ field: name, message: 'must be a single text value' }]);
  return String(value);
}

export function intParam(params: Params, name: string, fallback: number, min: number, max: number): number {
  const raw = stringParam(params, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new InputError('Invalid value', [{ field: name, message: `must be an integer from ${min} to ${max}` }]);
  }
  return n;
}

export function boolParam(params: Params, name: string, fallback: boolean): boolean {
  const value = params[name];
  if (value === undefined || value === '') return fallback;
  if (value === true || value === false) return value;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new InputError('Invalid value', [{ field: name, message: 'must be true or false' }]);
}

/** A list given as a JSON array (CKAN's `facet.field=["tags"]`) or, on POST, as an array. */
export function listParam(params: Params, name: string): string[] | undefined {
  let value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new InputError('Invalid value', [{ field: name, message: 'must be a JSON list of strings, e.g. ["tags"]' }]);
    }
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new InputError('Invalid value', [{ field: name, message: 'must be a JSON list of strings, e.g. ["tags"]' }]);
  }
  return value;
}

/** A NotFoundError in CKAN's words for the kind of thing asked for. */
export function notFound(kind: 'Dataset' | 'Organization' | 'Group', id: string): NotFoundError {
  return new NotFoundError(`${kind} not found: ${redactIdentifiers(id)}`);
}
