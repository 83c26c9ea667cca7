/**
 * The rules a grant must keep, as pure functions over the resource's data items: granted fields
 * exist, masks only ever strengthen the catalog's (a field is unmasked only with a reason), the
 * row filter is a valid predicate, and mode, validity and quotas make sense.
 */
import type { DataItem } from '../../catalog/index.js';
import { type FieldProblem, MASK_RULES, type MaskRule } from '../../shared/index.js';
import { ACCESS_MODES, type AccessMode, type Predicate, type Quota } from '../model.js';
import { validatePredicate } from '../policy/predicate.js';

/** What creating a grant takes. Masks default to the catalog's; only strengthening is accepted. */
export interface GrantInput {
  /** Generated when absent. */
  id?: string;
  consumer: string;
  /** apiName (or code) of a published resource. */
  resource: string;
  requestId?: string | null;
  fields: string[];
  /** A mask for a field whose catalog mask is `none`, or the catalog's own mask restated. */
  masks?: Record<string, MaskRule>;
  /** Fields shown unmasked, each with the reason the approver gave. */
  unmasked?: Record<string, string>;
  rowFilter?: Predicate | null;
  mode: AccessMode;
  purpose: string;
  /** ISO date-time. */
  validFrom: string;
  /** ISO date-time, exclusive; null for no end. */
  validUntil?: string | null;
  quota?: Partial<Quota> | null;
}

/** Problems of a list of field names against the items (empty when every one is known). */
export function fieldProblems(fields: unknown, items: readonly DataItem[], path = 'fields'): FieldProblem[] {
  if (!Array.isArray(fields) || fields.length === 0) return [{ field: path, message: 'must list at least one data item' }];
  const known = new Set(items.map((i) => i.apiName));
  const problems: FieldProblem[] = [];
  const seen = new Set<unknown>();
  fields.forEach((f, i) => {
    if (typeof f !== 'string' || !known.has(f)) problems.push({ field: `${path}[${i}]`, message: `names no data item "${String(f)}"` });
    else if (seen.has(f)) problems.push({ field: `${path}[${i}]`, message: `repeats "${f}"` });
    seen.add(f);
  });
  return problems;
}

/** Problems of masks and unmasks for the granted fields: a catalog mask stays unless unmasked with a reason. */
export function maskProblems(
  fields: readonly string[],
  items: readonly DataItem[],
  masks: Record<string, unknown> = {},
  unmasked: Record<string, unknown> = {},
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const granted = new Set(fields);
  const catalogMask = new Map(items.map((i) => [i.apiName, i.mask]));
  if (!isRecord(masks)) return [{ field: 'masks', message: 'must be an object of field: mask rule' }];
  if (!isRecord(unmasked)) return [{ field: 'unmask', message: 'must be an object of field: reason' }];
  for (const [field, rule] of Object.entries(masks)) {
    const path = `masks.${field}`;
    if (!granted.has(field)) problems.push({ field: path, message: 'is not a granted field' });
    else if (!MASK_RULES.includes(rule as MaskRule)) problems.push({ field: path, message: `must be one of ${MASK_RULES.join(', ')}` });
    else if (Object.hasOwn(unmasked, field)) problems.push({ field: path, message: 'is both masked and unmasked' });
    else if (catalogMask.get(field) !== 'none' && rule !== catalogMask.get(field)) {
      problems.push({ field: path, message: `may only keep the catalog's mask "${catalogMask.get(field)}"; showing it unmasked needs a reason` });
    }
  }
  for (const [field, reason] of Object.entries(unmasked)) {
    const path = `unmask.${field}`;
    if (!granted.has(field)) problems.push({ field: path, message: 'is not a granted field' });
    else if (typeof reason !== 'string' || !reason.trim()) problems.push({ field: path, message: 'needs a reason' });
    else if (catalogMask.get(field) === 'none') problems.push({ field: path, message: 'is not masked in the catalog' });
  }
  return problems;
}

/**
 * The mask of every granted field, `none` included, so that whoever applies a grant never has to
 * consult the catalog: an unmasked field is `none`, a field the grant masks has its rule, any
 * other keeps the catalog's.
 */
export function effectiveMasks(
  fields: readonly string[],
  items: readonly DataItem[],
  masks: Record<string, MaskRule> = {},
  unmasked: Record<string, string> = {},
): Record<string, MaskRule> {
  const catalogMask = new Map(items.map((i) => [i.apiName, i.mask]));
  return Object.fromEntries(
    fields.map((f) => [f, Object.hasOwn(unmasked, f) ? 'none' : ((Object.hasOwn(masks, f) ? masks[f] : undefined) ?? catalogMask.get(f) ?? 'none')] as const),
  );
}

/** Every problem of a grant input against the resource's items. */
export function grantProblems(input: GrantInput, items: readonly DataItem[]): FieldProblem[] {
  const problems = fieldProblems(input.fields, items);
  if (!problems.length) problems.push(...maskProblems(input.fields, items, input.masks ?? {}, input.unmasked ?? {}));
  if (input.rowFilter != null) problems.push(...validatePredicate(input.rowFilter, items, 'rowFilter'));
  if (!ACCESS_MODES.includes(input.mode)) problems.push({ field: 'mode', message: `must be one of ${ACCESS_MODES.join(', ')}` });
  if (typeof input.purpose !== 'string' || !input.purpose.trim()) problems.push({ field: 'purpose', message: 'is required' });
  problems.push(...validityProblems(input.validFrom, input.validUntil ?? null));
  problems.push(...quotaProblems(input.quota ?? null));
  return problems;
}

export function validityProblems(validFrom: unknown, validUntil: unknown): FieldProblem[] {
  const from = typeof validFrom === 'string' ? Date.parse(validFrom) : NaN;
  if (Number.isNaN(from)) return [{ field: 'validFrom', message: 'must be an ISO date-time' }];
  if (validUntil === null) return [];
  const until = typeof validUntil === 'string' ? Date.parse(validUntil) : NaN;
  if (Number.isNaN(until)) return [{ field: 'validUntil', message: 'must be an ISO date-time or null' }];
  return until > from ? [] : [{ field: 'validUntil', message: 'must be after validFrom' }];
}

export function quotaProblems(quota: unknown, path = 'quota'): FieldProblem[] {
  if (quota === null || quota === undefined) return [];
  if (!isRecord(quota)) return [{ field: path, message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(quota)) {
    if (key !== 'requestsPerMinute' && key !== 'rowsPerDay') problems.push({ field: `${path}.${key}`, message: 'is not a quota (requestsPerMinute, rowsPerDay)' });
    else if (value !== null && value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) {
      problems.push({ field: `${path}.${key}`, message: 'must be a positive integer or null' });
    }
  }
  return problems;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
