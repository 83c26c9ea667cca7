/**
 * What the public may see. The catalog entry of a published resource is public when its open
 * attribute is open or conditional (registered public); its rows are downloadable without an
 * account only when it is open; and only its items of sensitivity `public` are ever published.
 */
import type { DataItem, Resource } from '../model.js';
import { PUBLIC_OPEN_TYPES } from '../search/model.js';

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
