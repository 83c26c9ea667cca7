/**
 * One JSON GET against a department's REST API, with a per-attempt timeout and retries with
 * exponential backoff and jitter on 5xx, 429 (honouring `Retry-After`), timeouts and network
 * errors. Request headers carry credentials: they go on the request and nowhere else, and errors
 * name the URL without its query string or user info, which may hold keys too.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../../shared/index.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 3;
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 10_000;
/** A `Retry-After` longer than this is cut to it, so one answer cannot stall a sync for hours. */
const RETRY_AFTER_CAP_MS = 60_000;

/** A REST source failed: it answered with an error status, timed out, could not be reached, or sent something unusable. */
export class RestSourceError extends DomainError {
  readonly code = 'INTERNAL_SERVER_ERROR' as const;
  /** The HTTP status of the last answer, when there was one. */
  readonly status?: number;

  constructor(message: string, details: { url: string; status?: number; attempts?: number }) {
    super(message, details);
    this.status = details.status;
  }
}

export interface RequestSettings {
  headers: Record<string, string>;
  timeoutMs: number;
  retries: number;
}

/** The URL as errors may show it: no user info, no query string, no fragment. */
export function publicUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Why an attempt failed, and whether another attempt may help. */
type Failure = { reason: string; status?: number; retry: boolean; waitMs?: number; cause?: unknown };

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS) : undefined;
}

function backoffMs(retry: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function statusFailure(response: Response): Failure {
  const reason = `answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status === 429) return { reason, status: 429, retry: true, waitMs: retryAfterMs(response.headers.get('retry-after')) };
  return { reason, status: response.status, retry: response.status >= 500 };
}

function thrownFailure(err: unknown, timeoutMs: number): Failure {
  if ((err as Error)?.name === 'TimeoutError') return { reason: `did not answer within ${timeoutMs} ms`, retry: true };
  // undici puts the system error (ECONNREFUSED, ENOTFOUND…) in `cause`; its message is not shown.
  const code = (err as { cause?: { code?: unknown } })?.cause?.code;
  return { reason: `could not be reached${typeof code === 'string' ? ` (${code})` : ''}`, retry: true, cause: err };
}

export interface GetOptions {
  signal?: AbortSignal;
  /** A 404 gives `null` instead of an error. */
  notFoundAsNull?: boolean;
  /** How errors show the URL, when its path itself is not fit to show (a key lookup's path holds the key). */
  shownAs?: string;
}

/** GETs `url` and parses its JSON body. Aborting `signal` rejects at once with its reason, between attempts as well. */
export async function getJson(url: URL, settings: RequestSettings, { signal, notFoundAsNull = false, shownAs }: GetOptions = {}): Promise<unknown> {
  const shown = shownAs ?? publicUrl(url);
  let failure: Failure | undefined;
  let attempts = 0;
  while (attempts <= settings.retries) {
    if (failure) await sleep(failure.waitMs ?? backoffMs(attempts - 1), undefined, { signal }).catch(() => signal?.throwIfAborted());
    signal?.throwIfAborted();
    attempts++;
    const attemptSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]) : AbortSignal.timeout(settings.timeoutMs);
    try {
      const response = await fetch(url, { headers: { accept: 'application/json', ...settings.headers }, signal: attemptSignal });
      if (notFoundAsNull && response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) {
        await response.body?.cancel();
        failure = statusFailure(response);
      } else {
        const text = await response.text();
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new RestSourceError(`the REST source ${shown} answered with a body that is not JSON`, { url: shown, status: response.status });
        }
      }
    } catch (err) {
      if (err instanceof RestSourceError) throw err;
      signal?.throwIfAborted();
      failure = thrownFailure(err, settings.timeoutMs);
    }
    if (!failure.retry) break;
  }
  const { reason, status, cause } = failure!;
  const tried = attempts > 1 ? ` (${attempts} attempts)` : '';
  const error = new RestSourceError(`the REST source ${shown} ${reason}${tried}`, { url: shown, ...(status ? { status } : {}), attempts });
  // The network error stays reachable as `cause`, so callers can tell an unreachable source.
  if (cause !== undefined) error.cause = cause;
  throw error;
}
