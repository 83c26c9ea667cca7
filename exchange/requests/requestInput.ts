/**
 * What a consumer submits and what an approver decides, and the problems of each. Every problem
 * of one input is collected, so one InputError names every bad field.
 */
import type { DataItem } from '../../catalog/index.js';
import type { FieldProblem, MaskRule } from '../../shared/index.js';
import { addCalendarDays, isCalendarDate, startOfShanghaiDay, type CalendarDate } from '../calendar/workingDays.js';
import { fieldProblems, isRecord, quotaProblems, type GrantInput } from '../grants/grantRules.js';
import { ACCESS_MODES, type AccessMode, type AccessRequest, type Predicate, type Quota } from '../model.js';
import { validatePredicate } from '../policy/predicate.js';

/** Longest purpose, basis or reason kept; these are sentences, not documents. */
export const MAX_TEXT = 2000;

export interface AccessRequestInput {
  /** apiName or code of a published resource. */
  resource: string;
  fields: string[];
  /** 用途. */
  purpose: string;
  /** Legal basis or business scenario (法律依据或应用场景). */
  basis: string;
  mode: AccessMode;
  /** First day of use (Asia/Shanghai date); default today. */
  wantedFrom?: string;
  /** Last day of use, inclusive; none for open-ended use. */
  wantedUntil?: string | null;
  rowScope?: Predicate | null;
  /** Why personal items are needed unmasked; the provider may act on it. */
  unmaskReason?: string | null;
}

/** An approver's decision: every part optional; without one the request is granted as asked. */
export interface ApprovalDecision {
  /** A subset of the requested fields. */
  fields?: string[];
  /** A row filter, ANDed with the request's row scope. */
  rowFilter?: Predicate | null;
  /** Masks for fields the catalog does not mask (a catalog mask may only be restated). */
  masks?: Record<string, MaskRule>;
  /** Fields to show unmasked, each with its reason. */
  unmask?: Record<string, string>;
  quota?: Partial<Quota> | null;
  /** Last day of the grant (inclusive, Asia/Shanghai); no later than the requested wantedUntil. */
  endsOn?: string | null;
  /** The approver's remark, kept as the reason of the approval's event. */
  note?: string | null;
}

export function textProblem(value: unknown, field: string, required: boolean): FieldProblem | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
    return required ? { field, message: 'is required' } : undefined;
  }
  if (typeof value !== 'string') return { field, message: 'must be text' };
  if (value.length > MAX_TEXT) return { field, message: `must be at most ${MAX_TEXT} characters` };
  return undefined;
}

/** Problems of a submission against the resource's items, seen on `today`. */
export function submissionProblems(input: AccessRequestInput, items: readonly DataItem[], today: CalendarDate): FieldProblem[] {
  const problems = fieldProblems(input.fields, items);
  for (const [field, value] of [['purpose', input.purpose], ['basis', input.basis]] as const) {
    const problem = textProblem(value, field, true);
    if (problem) problems.push(problem);
  }
  if (!ACCESS_MODES.includes(input.mode)) problems.push({ field: 'mode', message: `must be one of ${ACCESS_MODES.join(', ')}` });
  problems.push(...periodProblems(input.wantedFrom, input.wantedUntil, today));
  if (input.rowScope != null) problems.push(...validatePredicate(input.rowScope, items, 'rowScope'));
  const unmask = textProblem(input.unmaskReason, 'unmaskReason', false);
  if (unmask) problems.push(unmask);
  return problems;
}

function periodProblems(from: unknown, until: unknown, today: CalendarDate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let start = today;
  if (from !== undefined && from !== null) {
    if (!isCalendarDate(from)) problems.push({ field: 'wantedFrom', message: 'must be a date YYYY-MM-DD' });
    else if (from < today) problems.push({ field: 'wantedFrom', message: `must not be before today (${today})` });
    else start = from;
  }
  if (until !== undefined && until !== null) {
    if (!isCalendarDate(until)) problems.push({ field: 'wantedUntil', message: 'must be a date YYYY-MM-DD' });
    else if (until < start) problems.push({ field: 'wantedUntil', message: `must not be before ${start}` });
  }
  return problems;
}

/** Problems of a decision on a request (the grant's own rules are checked beside these). */
export function decisionProblems(
  decision: ApprovalDecision,
  request: { fields: string[]; wantedFrom: CalendarDate; wantedUntil: CalendarDate | null },
  items: readonly DataItem[],
  today: CalendarDate,
): FieldProblem[] {
  if (!isRecord(decision)) return [{ field: 'decision', message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  if (decision.fields !== undefined) {
    if (!Array.isArray(decision.fields) || !decision.fields.length) problems.push({ field: 'fields', message: 'must list at least one requested field' });
    else {
      decision.fields.forEach((f, i) => {
        if (!request.fields.includes(f)) problems.push({ field: `fields[${i}]`, message: `"${String(f)}" was not requested` });
      });
    }
  }
  if (decision.rowFilter != null) problems.push(...validatePredicate(decision.rowFilter, items, 'rowFilter'));
  problems.push(...quotaProblems(decision.quota ?? null));
  if (decision.endsOn !== undefined && decision.endsOn !== null) {
    const endsOn = decision.endsOn;
    const start = request.wantedFrom > today ? request.wantedFrom : today;
    if (!isCalendarDate(endsOn)) problems.push({ field: 'endsOn', message: 'must be a date YYYY-MM-DD' });
    else if (request.wantedUntil !== null && endsOn > request.wantedUntil) {
      problems.push({ field: 'endsOn', message: `must not be after the requested end ${request.wantedUntil}` });
    } else if (endsOn < start) problems.push({ field: 'endsOn', message: `must not be before ${start}` });
  }
  return problems;
}

/** Both row predicates at once: the request's scope AND the approver's filter. */
export function combineFilters(scope: Predicate | null, filter: Predicate | null | undefined): Predicate | null {
  if (scope && filter) return { and: [scope, filter] };
  return scope ?? filter ?? null;
}

/**
 * The grant a request asks for: its fields with the catalog's masks, from its first day (not
 * before now) until the Shanghai midnight that ends its last day (grants end exclusively).
 */
export function grantAskedFor(request: AccessRequest, now: Date, lastDay: CalendarDate | null): GrantInput {
  const start = startOfShanghaiDay(request.wantedFrom);
  return {
    consumer: request.consumer,
    resource: request.resource,
    requestId: request.id,
    fields: request.fields,
    mode: request.mode,
    purpose: request.purpose,
    validFrom: (start > now ? start : now).toISOString(),
    validUntil: lastDay ? startOfShanghaiDay(addCalendarDays(lastDay, 1)).toISOString() : null,
  };
}
