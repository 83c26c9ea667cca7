/**
 * Checking a consumer's arguments against a compiled policy before any SQL runs. Bad input is
 * collected into one InputError naming every bad field; a field the grant does not allow for the
 * use in question is a ForbiddenError naming it. Neither message ever quotes a value.
 *
 * Masked fields: a consumer may not filter, order or group on a field the grant masks. Each of
 * those reveals what the mask hides — `prefix` and range filters bisect a hidden ID number in a few
 * dozen requests, ordering sorts rows by it, groups count its values — and even `eq` turns a list
 * into a bulk guess-checker. Checking a claimed value is what `verify` is for, under a verify
 * grant's approved purpose and quota.
 */
import type { DataItem } from '../../catalog/index.js';
import { ForbiddenError, InputError, type FieldProblem, isValidCreditCode, isValidResidentId } from '../../shared/index.js';
import type { AccessMode, Predicate } from '../model.js';
import type { CompiledPolicy } from '../policy/compilePolicy.js';
import { predicateFields, validatePredicate } from '../policy/predicate.js';
import { DEFAULT_PAGE_SIZE, MAX_ORDER_TERMS, MAX_PAGE_SIZE, type OrderTerm, type SortDirection } from './model.js';

export type DataAction = 'lookup' | 'list' | 'aggregate' | 'verify';

/**
 * The modes under which each action runs. A query grant already shows every allowed row, so the
 * counts of `aggregate` and the yes/no of `verify` tell it nothing new (verify claims on its masked
 * fields are refused below); an aggregate or verify grant never reaches records.
 */
const MODES: Record<DataAction, readonly AccessMode[]> = {
  lookup: ['query'],
  list: ['query'],
  aggregate: ['aggregate', 'query'],
  verify: ['verify', 'query'],
};

/** Whether a grant of this mode may run the action (what a department's schema offers). */
export function modeAllows(mode: AccessMode, action: DataAction): boolean {
  return MODES[action].includes(mode);
}

export function requireMode(policy: CompiledPolicy, action: DataAction): void {
  if (!modeAllows(policy.mode, action)) {
    throw new ForbiddenError(`grant ${policy.grantId} is a ${policy.mode} grant and does not allow ${action}`);
  }
}

export type FieldUse = 'filter' | 'order' | 'group' | 'claim';

/** Why an allowed item may not be used this way under the policy, or undefined when it may. */
function maskedUseRefusal(policy: CompiledPolicy, item: DataItem, use: FieldUse): string | undefined {
  if (!policy.masks.has(item.apiName)) return undefined;
  // Claims are what a verify grant is for; it shows no value, masked or not.
  if (use === 'claim' && policy.mode === 'verify') return undefined;
  return `is masked by the grant and cannot be used to ${use}`;
}

/**
 * The items a consumer may use for `use` under the policy — the fields a department's where,
 * orderBy, groupBy and claims inputs should offer. (Grouping by the key is refused separately.)
 */
export function usableItems(policy: CompiledPolicy, use: FieldUse): DataItem[] {
  return policy.items.filter((item) => maskedUseRefusal(policy, item, use) === undefined && !(use === 'group' && item.key));
}

/** Problems found while checking one request's arguments, thrown together. */
export class ArgumentCheck {
  readonly input: FieldProblem[] = [];
  readonly forbidden: string[] = [];

  constructor(private readonly policy: CompiledPolicy) {}

  /** The allowed item `name` names for this use, or undefined after recording why not. */
  field(name: unknown, path: string, use: FieldUse): DataItem | undefined {
    const item = this.policy.resource.items.find((i) => i.apiName === name);
    if (!item) {
      this.input.push({ field: path, message: `names no data item of "${this.policy.resource.apiName}"` });
      return undefined;
    }
    if (!this.policy.items.includes(item)) {
      this.forbidden.push(`${path} "${item.apiName}" is outside the grant`);
      return undefined;
    }
    const refusal = maskedUseRefusal(this.policy, item, use);
    if (refusal) {
      this.forbidden.push(`${path} "${item.apiName}" ${refusal}`);
      return undefined;
    }
    return item;
  }

  /** A consumer's `where`: valid for the resource, and only on allowed, unmasked fields. */
  where(where: unknown, path = 'where'): Predicate | undefined {
    if (where === undefined || where === null) return undefined;
    const problems = validatePredicate(where, this.policy.resource.items, path);
    if (problems.length) {
      this.input.push(...problems);
      return undefined;
    }
    for (const name of predicateFields(where as Predicate)) this.field(name, `${path} field`, 'filter');
    return where as Predicate;
  }

  orderBy(orderBy: unknown): { item: DataItem; direction: SortDirection }[] {
    if (orderBy === undefined || orderBy === null) return [];
    if (!Array.isArray(orderBy) || orderBy.length > MAX_ORDER_TERMS) {
      this.input.push({ field: 'orderBy', message: `must be a list of at most ${MAX_ORDER_TERMS} terms` });
      return [];
    }
    const terms: { item: DataItem; direction: SortDirection }[] = [];
    (orderBy as Partial<OrderTerm>[]).forEach((term, i) => {
      const path = `orderBy[${i}]`;
      if (term?.direction !== 'asc' && term?.direction !== 'desc') this.input.push({ field: `${path}.direction`, message: 'must be asc or desc' });
      const item = this.field(term?.field, `${path}.field`, 'order');
      if (!item) return;
      if (terms.some((t) => t.item === item)) this.input.push({ field: `${path}.field`, message: 'orders by a field already ordered by' });
      else if (term.direction === 'asc' || term.direction === 'desc') terms.push({ item, direction: term.direction });
    });
    return terms;
  }

  first(first: unknown): number {
    if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || (first as number) < 0 || (first as number) > MAX_PAGE_SIZE) {
      this.input.push({ field: 'first', message: `must be an integer from 0 to ${MAX_PAGE_SIZE}` });
      return 0;
    }
    return first as number;
  }

  /** A natural key: the key item's type, length and check digit (the message never quotes the key). */
  key(key: unknown, path: string): void {
    const problem = keyProblem(this.policy.keyItem, key);
    if (problem) this.input.push({ field: path, message: problem });
  }

  /** Throws the InputError, else the ForbiddenError, this check found. */
  throwIfAny(what: string): void {
    if (this.input.length) throw new InputError(`invalid ${what}`, this.input);
    if (this.forbidden.length) throw new ForbiddenError(`not allowed by grant ${this.policy.grantId}: ${this.forbidden.join('; ')}`);
  }
}

export function keyProblem(item: DataItem, key: unknown): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'must be a non-empty string';
  if (item.dataType === 'integer') return /^-?\d{1,15}$/.test(key) ? undefined : 'must be an integer';
  if (item.length !== undefined && Array.from(key).length > item.length) return `is longer than ${item.length} characters`;
  if (item.format === 'residentId' && !isValidResidentId(key)) return 'is not a valid resident ID number (structure, birth date or check digit)';
  if (item.format === 'creditCode' && !isValidCreditCode(key)) return 'is not a valid unified social credit code (structure or check digit)';
  return undefined;
}
