/** Who may change the catalog through the exchange's door: publishers, for their own department's resources. */
import type { Resource } from '../catalog/index.js';
import { ForbiddenError } from '../shared/index.js';
import type { Principal } from './model.js';

export function assertMayPublish(principal: Pick<Principal, 'department' | 'roles'>, resource: Pick<Resource, 'provider' | 'apiName'>): void {
  if (!principal.roles.includes('publisher')) throw new ForbiddenError('publishing needs the publisher role');
  if (resource.provider !== principal.department) {
    throw new ForbiddenError(`"${resource.apiName}" belongs to another department; only its provider publishes it`);
  }
}
