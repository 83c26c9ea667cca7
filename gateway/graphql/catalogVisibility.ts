/**
 * What a GraphQL caller may see of the catalog, decided here. A department sees the whole catalog;
 * an anonymous caller sees the public catalog, as the open API, CKAN and DCAT show it: published
 * resources whose open attribute is open or conditional, at their published versions. Anything else
 * looks exactly like a resource that does not exist: a read is null, a list leaves it out, a facet
 * does not count it. Reads by code go through the request's resource loader, which applies
 * `mayShowResource`; listings and counts go through the search, whose SQL admits only what the
 * visibility allows.
 */
import { isPublicResource, type Resource, type ResourceVersion, type SearchQuery } from '../../catalog/index.js';

export type Visibility = NonNullable<SearchQuery['visibility']>;

/** Whether the caller may see the resource (at the version it is shown). */
export function mayShowResource(visibility: Visibility, resource: Pick<Resource, 'status' | 'open'>): boolean {
  return visibility === 'all' || isPublicResource(resource);
}

/** Whether the caller may see a version of a resource it may see: the public sees no drafts. */
export function mayShowVersion(visibility: Visibility, version: Pick<ResourceVersion, 'status'> | Pick<Resource, 'status'>): boolean {
  return visibility === 'all' || version.status === 'published';
}

