/**
 * What the public may see. The catalog entry of a published resource is public when its open
 * attribute is open or conditional (registered public); its rows are downloadable without an
 * account only when it is open; and only its items of sensitivity `public` are ever published.
 */
import type { DataItem, OpenType, Resource } from '../model.js';

/** The open attributes under which a resource's catalog entry is public (closed never is). */
export const PUBLIC_OPEN_TYPES: readonly OpenType[] = ['open', 'conditional'];

/** A resource anyone may see in the open catalog: published, and open or conditionally open. */
export function isPublicResource(resource: Pick<Resource, 'status' | 'open'>): boolean {
  return resource.status === 'published' && PUBLIC_OPEN_TYPES.includes(resource.open.type);
}

/** A resource whose rows anyone may download without an account. */
export function hasOpenData(resource: Pick<Resource, 'status' | 'open'>): boolean {
  return resource.status === 'published' && resource.open.type === 'open';
}

/** The items whose values open data publishes (the columns of downloads and of the Table Schema). */
export function publishedItems(resource: Pick<Resource, 'items'>): DataItem[] {
  return resource.items.filter((i) => i.sensitivity === 'public');
}
