/**
 * JSON records as source rows: dotted paths into a response, and records flattened so a nested
 * value is a column named by its property path (`address.district`).
 */

/** The value at a dotted path (`data.items`); the whole value for an empty path. */
export function valueAt(body: unknown, path: string | undefined): unknown {
  if (!path) return body;
  let value = body;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A record's values keyed by property path: nested objects flattened with dots, arrays kept as
 * JSON strings (a column holds one value), an empty object as null so its key is not lost.
 */
export function flattenRecord(record: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0) flattenRecord(value, path, into);
    else if (Array.isArray(value)) into[path] = JSON.stringify(value);
    else into[path] = isPlainObject(value) ? null : value;
  }
  return into;
}

/** A record as a row's values, or why it cannot be one. */
export function recordValues(record: unknown): { values: Record<string, unknown>; problem?: string } {
  if (isPlainObject(record)) return { values: flattenRecord(record) };
  return { values: {}, problem: `the record is ${record === null ? 'null' : Array.isArray(record) ? 'an array' : `a ${typeof record}`}, not a JSON object` };
}
