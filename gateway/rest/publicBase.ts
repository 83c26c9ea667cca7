/**
 * Helpers shared by the open-data ecosystem routes (DCAT-AP, Frictionless, CKAN): the base of
 * absolute URLs, and strict reading of query parameters (an unknown or malformed one is a 400
 * naming it, never silently dropped).
 */
import type { Request } from 'express';
import { PublicUrls } from '../../catalog/index.js';
import { type Config, InputError, type FieldProblem, redactIdentifiers } from '../../shared/index.js';

// A host header is echoed into every IRI of a document; only a plain host[:port] is trusted.
const PLAIN_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `GOVSHARE_PUBLIC_URL` when configured, else the request's own scheme and host, else localhost. */
export function publicUrlsFor(req: Request, config: Pick<Config, 'publicUrl' | 'port'>): PublicUrls {
  if (config.publicUrl) return new PublicUrls(config.publicUrl);
  const host = req.get('host');
  return new PublicUrls(host && PLAIN_HOST.test(host) ? `${req.protocol}://${host}` : `http://localhost:${config.port}`);
}

export type QueryValues = Record<string, string | undefined>;

/**
 * The query's parameters as single strings. Unknown names and repeated parameters are refused,
 * all of them in one error.
 */
export function readQuery(req: Request, allowed: readonly string[]): QueryValues {
  const problems: FieldProblem[] = [];
  const values: QueryValues = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (!allowed.includes(name)) problems.push({ field: redactIdentifiers(name, 40), message: `is not a parameter of this route (known: ${allowed.join(', ') || 'none'})` });
    else if (typeof value !== 'string') problems.push({ field: name, message: 'must be given once, as a plain value' });
    else values[name] = value;
  }
  if (problems.length) throw new InputError('invalid query', problems);
  return values;
}

/** An integer parameter within bounds, or the default when absent. */
export function intParam(values: QueryValues, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError('invalid query', [{ field: name, message: `must be an integer from ${min} to ${max}` }]);
  }
  return n;
}
