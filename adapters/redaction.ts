/**
 * Secrets in source locations. A location may carry a password (`mysql://root:pw@host/db`) or a
 * token in its query; anything that shows or logs one goes through `redactLocation`.
 */
export const REDACTED = '***';

const SECRET_PARAM = /pass|secret|token|key|auth|sign|credential/i;

/** A location with its password and secret-looking query parameters replaced; paths pass unchanged. */
export function redactLocation(location: string): string {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return location;
  }
  if (!url.host) return location; // sqlite:path, file paths with a drive letter
  if (url.password) url.password = REDACTED;
  for (const name of [...url.searchParams.keys()]) if (SECRET_PARAM.test(name)) url.searchParams.set(name, REDACTED);
  return url.toString();
}
