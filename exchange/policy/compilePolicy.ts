/**
 * What a grant means for one resource as it is now: the items a consumer may see, the rows it may
 * see (the row filter), the mask on each item, the mode and the quotas. Query execution builds
 * every statement from this and nothing else.
 */
import { keyItem, type DataItem, type Resource } from '../../catalog/index.js';
import { ForbiddenError, type MaskRule } from '../../shared/index.js';
import type { AccessMode, Grant, Predicate, Quota } from '../model.js';
import { validatePredicate } from './predicate.js';

export interface CompiledPolicy {
  grantId: string;
  resource: Resource;
  keyItem: DataItem;
  /** The items the grant shows: grant.fields ∩ the resource's current items, in the resource's order. */
  items: DataItem[];
  /** The effective mask of each allowed item that has one (items without an entry are shown as stored). */
  masks: ReadonlyMap<string, Exclude<MaskRule, 'none'>>;
  /** Rows outside it do not exist for the consumer. Validated against the resource's current items. */
  rowFilter: Predicate | null;
  mode: AccessMode;
  quota: Quota;
}

/**
 * The mask a grant puts on an item. A grant may only strengthen the catalog's mask: a field the
 * approver unmasked (with a reason) has none; otherwise the grant's own rule, and where the grant
 * names none (or `none` without an unmask reason) the catalog's rule still holds.
 */
export function effectiveMask(grant: Pick<Grant, 'masks' | 'unmasked'>, item: DataItem): MaskRule {
  if (Object.prototype.hasOwnProperty.call(grant.unmasked, item.apiName)) return 'none';
  const own = Object.prototype.hasOwnProperty.call(grant.masks, item.apiName) ? grant.masks[item.apiName] : undefined;
  return own && own !== 'none' ? own : item.mask;
}

/** Compiles a grant against the resource it is on. Throws ForbiddenError when it cannot apply. */
export function compilePolicy(grant: Grant, resource: Resource): CompiledPolicy {
  if (grant.resource !== resource.apiName) {
    throw new ForbiddenError(`grant ${grant.id} is not on resource "${resource.apiName}"`);
  }
  const granted = new Set(grant.fields);
  const items = resource.items.filter((i) => granted.has(i.apiName));
  const masks = new Map<string, Exclude<MaskRule, 'none'>>();
  for (const item of items) {
    const rule = effectiveMask(grant, item);
    if (rule !== 'none') masks.set(item.apiName, rule);
  }
  // A filter written against an older version may name an item that is gone or changed type; it
  // can no longer say which rows are allowed, so the grant fails closed rather than showing all.
  if (grant.rowFilter !== null && validatePredicate(grant.rowFilter, resource.items, 'rowFilter').length > 0) {
    throw new ForbiddenError(`the row filter of grant ${grant.id} no longer fits resource "${resource.apiName}"; ask the provider to review the grant`);
  }
  return {
    grantId: grant.id,
    resource,
    keyItem: keyItem(resource),
    items,
    masks,
    rowFilter: grant.rowFilter,
    mode: grant.mode,
    quota: grant.quota,
  };
}

/** Whether the grant is in force at `now`: not revoked, and within its validity period. */
export function grantInactiveReason(grant: Pick<Grant, 'revokedAt' | 'validFrom' | 'validUntil'>, now: Date): string | undefined {
  if (grant.revokedAt !== null) return 'has been revoked';
  const t = now.getTime();
  if (!(Date.parse(grant.validFrom) <= t)) return 'is not valid yet';
  if (grant.validUntil !== null && !(t < Date.parse(grant.validUntil))) return 'has expired';
  return undefined;
}

/** Throws ForbiddenError unless the grant is in force at `now`. */
export function assertGrantActive(grant: Grant, now: Date): void {
  const reason = grantInactiveReason(grant, now);
  if (reason) throw new ForbiddenError(`grant ${grant.id} ${reason}`);
}
