/**
 * Reading a CKAN action's parameters: the query string, and on POST the JSON or form body. CKAN's
 * own words where it has them (`Missing value`); every bad or unknown parameter named.
 */
import type { Request } from 'express';
import { InputError, NotFoundError, redactIdentifiers } from '../../shared/index.js';
import { actionOf } from './ckanEnvelope.js';

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
