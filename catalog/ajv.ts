/** The catalog's ajv instance: all errors at once, standard formats, and the two identifier formats. */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type FieldProblem, isValidCreditCode, isValidResidentId } from '../shared/index.js';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export function createAjv(): Ajv {
  // strictRequired cannot see properties declared beside an `if`/`then` (`sharing.legalBasis` when
  // the type is none), so it would reject the catalog's own schemas; the other strict checks stay.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, useDefaults: false });
  addFormats(ajv, ['date', 'date-time', 'email', 'uri']);
  ajv.addFormat('resident-id', { type: 'string', validate: isValidResidentId });
  ajv.addFormat('credit-code', { type: 'string', validate: isValidCreditCode });
  ajv.addFormat('mobile', { type: 'string', validate: /^1[3-9]\d{9}$/ });
  ajv.addFormat('geopoint', {
    type: 'string',
    validate: (v: string) => {
      const m = /^(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(v);
      return !!m && Math.abs(Number(m[1])) <= 90 && Math.abs(Number(m[2])) <= 180;
    },
  });
  return ajv;
}

/** `/items/2/dataType` → `items[2].dataType`. */
export function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

/** ajv errors as field problems, one per field and message. */
export function toProblems(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const e of errors ?? []) {
    if (e.keyword === 'if') continue; // the `then` branch reports the real problem
    const extra =
      e.keyword === 'required'
        ? String((e.params as { missingProperty: string }).missingProperty)
        : e.keyword === 'additionalProperties'
          ? String((e.params as { additionalProperty: string }).additionalProperty)
          : undefined;
    const field = fieldPath(e.instancePath, extra);
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') message = 'is required';
    else if (e.keyword === 'additionalProperties') message = 'is not a known field';
    else if (e.keyword === 'enum') message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    const id = `${field}\u0000${message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push({ field, message });
    }
  }
  return problems;
}
