/**
 * The one place where domain errors become HTTP statuses and GraphQL `extensions.code`.
 * Anything unknown becomes a generic internal error: its message and stack stay in the log.
 */
import type { ErrorRequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { describeErrorForLog, isDomainError, type ErrorCode, type Logger } from '../shared/index.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  INTERNAL_SERVER_ERROR: 500,
};

export interface PublicError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

const INTERNAL: PublicError = { code: 'INTERNAL_SERVER_ERROR', message: 'internal server error' };

/** What a client may see of an error; unknown errors are logged and hidden. */
export function toPublicError(err: unknown, logger: Logger): PublicError {
  if (isDomainError(err)) return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  logger.error({ err: describeErrorForLog(err) }, 'unhandled error');
  return INTERNAL;
}

/** Express error middleware: `{ error: { code, message, details? } }` with the mapped status. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    // body-parser and friends mark client errors with a 4xx status.
    const status = (err as { status?: number })?.status;
    const publicError: PublicError =
      status && status >= 400 && status < 500 && !isDomainError(err)
        ? { code: 'BAD_USER_INPUT', message: status === 413 ? 'request body too large' : 'malformed request' }
        : toPublicError(err, logger);
    res.status(HTTP_STATUS[publicError.code]).json({ error: publicError });
  };
}

// Apollo's own codes for documents that fail to parse or validate are client input errors.
const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

/** Apollo `formatError`: keeps to the contract's codes and never leaks internals. */
export function formatGraphQLError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    if (isDomainError(original)) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    logger.error({ err: describeErrorForLog(original) }, 'unhandled GraphQL error');
    return { message: INTERNAL.message, path: formatted.path, extensions: { code: INTERNAL.code } };
  };
}
