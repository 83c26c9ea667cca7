/**
 * Who may act on access requests and grants. Acting without the role, or on another department's
 * request or resource, is forbidden; reading what one may not read looks like it does not exist.
 */
import { ForbiddenError } from '../../shared/index.js';
import type { Principal, Role } from '../model.js';

/** The part of a principal the workflow looks at (a token's id plays no part in it). */
export type Acting = Pick<Principal, 'accountId' | 'clientId' | 'department' | 'roles'>;

/** The actor recorded for transitions nobody performed: escalation, expiry, the automatic decisions. */
export const SYSTEM_ACTOR = 'system';

export function hasRole(principal: Acting, role: Role): boolean {
  return principal.roles.includes(role);
}

export function requireRole(principal: Acting, role: Role, action: string): void {
  if (!hasRole(principal, role)) throw new ForbiddenError(`${action} needs the ${role} role`);
}

/** The principal belongs to `department` (the one owning the request or the resource). */
export function requireDepartment(principal: Acting, department: string, action: string): void {
  if (principal.department !== department) throw new ForbiddenError(`${action} is for department "${department}" only`);
}

/** Consumer and provider departments, the operator and the supervisor may read a request or grant. */
export function mayRead(principal: Acting, consumer: string, provider: string): boolean {
  return (
    principal.department === consumer ||
    principal.department === provider ||
    hasRole(principal, 'operator') ||
    hasRole(principal, 'supervisor')
  );
}
