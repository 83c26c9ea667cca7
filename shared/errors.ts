/**
 * Domain errors. They carry a code from the public contract (DESIGN §4) and know nothing of HTTP:
 * the gateway maps them to statuses and GraphQL `extensions.code` in one place.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR';

/** One problem with one field of an input, addressed by a JSON-pointer-like path. */
export interface FieldProblem {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Safe, client-visible details (never internals). */
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED' as const;
}

export class QueryTooComplexError extends DomainError {
  readonly code = 'QUERY_TOO_COMPLEX' as const;
}

/** Bad input: every bad field is named in one error. */
export class InputError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
  readonly problems: FieldProblem[];

  constructor(message: string, problems: FieldProblem[] = []) {
    super(problems.length ? `${message}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}` : message, {
      problems,
    });
    this.problems = problems;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** For exhaustive `switch` statements over discriminated unions. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}

const SQL_START = /^\s*(select|insert|update|delete|with|create|alter|drop|truncate|pragma)\b/i;

/**
 * A loggable account of an unexpected error. Driver errors carry the SQL with its bound values
 * (knex prefixes them to the message; PostgreSQL adds the offending key in `detail`), which may
 * hold personal data: those are cut, and any long digit run left over is starred.
 */
export function describeErrorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & { code?: unknown };
  let message = e.message;
  const cut = message.lastIndexOf(' - ');
  if (cut >= 0 && SQL_START.test(message)) message = message.slice(cut + 3);
  message = message.replace(/\d{6,}[0-9A-Z]*/g, (run) => `${run.slice(0, 3)}***`);
  return { type: e.name, ...(e.code !== undefined ? { code: e.code } : {}), message, stack: e.stack?.split('\n').slice(1).join('\n') };
}
