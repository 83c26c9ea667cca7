/**
 * Rate limiting of the open APIs. Anonymous callers are counted per client address (an IPv6
 * client per /56, so one host cannot rotate addresses around its limit); a request with a valid
 * public API key (`X-Api-Key`) is counted per key, at the higher limit; a department's bearer
 * token counts per account at that limit too. An unknown key is refused rather than silently
 * treated as anonymous. Over the limit: 429 RATE_LIMITED with `Retry-After` in seconds.
 *
 * The counters live in this process's memory: with several gateway processes behind one address
 * each counts on its own, so a client may reach the limit once per process. A shared store
 * (express-rate-limit takes one) is the way to a cluster-wide limit.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { type Config, RateLimitedError, UnauthenticatedError } from '../../shared/index.js';
import { principalOf } from '../auth.js';

export const API_KEY_HEADER = 'X-Api-Key';

const digest = (key: string) => createHash('sha256').update(key).digest();

/** Which configured key `given` is (compared in constant time), or undefined. */
function keyIndex(keys: readonly Buffer[], given: string): number | undefined {
  const hashed = digest(given);
  let found: number | undefined;
  keys.forEach((k, i) => {
    if (timingSafeEqual(k, hashed)) found = i;
  });
  return found;
}

export function openRateLimit(config: Config['openData'], windowMs = 60_000): RequestHandler {
  const keys = config.apiKeys.map(digest);
  const limiter = rateLimit({
    windowMs,
    limit: (_req, res) => (res.locals.rateKey ? config.keyRatePerMinute : config.ratePerMinute),
    keyGenerator: (req, res) => (res.locals.rateKey as string | undefined) ?? `ip:${ipKeyGenerator(req.ip ?? 'unknown', 56)}`,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next, options) => {
      next(new RateLimitedError(`too many requests: at most ${options.limit} a minute; try again after the time in Retry-After`));
    },
  });
  return (req, res, next) => {
    const given = req.header(API_KEY_HEADER);
    if (given !== undefined) {
      const index = keyIndex(keys, given);
      if (index === undefined) return next(new UnauthenticatedError(`unknown ${API_KEY_HEADER}`));
      res.locals.rateKey = `key:${index}`;
    } else {
      const principal = principalOf(res);
      if (principal) res.locals.rateKey = `account:${principal.clientId}`;
    }
    if ((res.locals.rateKey ? config.keyRatePerMinute : config.ratePerMinute) === 0) return next();
    return limiter(req, res, next);
  };
}
