/** Pure questions about grants that callers ask without the database. */
import { createHash } from 'node:crypto';
import type { Grant } from '../model.js';

/** Whether a grant is in force at `at`: not revoked, started, not ended (its resource's status aside). */
export function isInForce(grant: Pick<Grant, 'revokedAt' | 'validFrom' | 'validUntil'>, at: Date): boolean {
  const t = at.getTime();
  return grant.revokedAt === null && Date.parse(grant.validFrom) <= t && (grant.validUntil === null || t < Date.parse(grant.validUntil));
}

/**
 * A key that changes whenever what a set of grants allows changes — including an unmask, which
 * changes a grant in place under the same id. For caching what is derived from a department's
 * grants (its GraphQL schema).
 */
export function grantSetKey(grants: readonly Grant[]): string {
  const parts = [...grants]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((g) => [g.id, g.resource, g.mode, g.fields, g.masks, g.unmasked, g.rowFilter]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
