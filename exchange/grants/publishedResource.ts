/**
 * Looking up the resource a request or grant is about. The exchange's tables reference resources
 * by their row id, which the catalog's model does not carry, so the id is read beside it.
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../../shared/index.js';
import { type Catalog, type Resource } from '../../catalog/index.js';

export interface PublishedResource {
  id: number;
  resource: Resource;
}

/** A published resource by code or apiName; drafts, retired and unknown resources are NotFound alike. */
export async function findPublished(q: Knex | Knex.Transaction, catalog: Catalog, codeOrApiName: string): Promise<PublishedResource> {
  const missing = () => new NotFoundError(`no published resource "${codeOrApiName}"`);
  if (typeof codeOrApiName !== 'string' || !codeOrApiName) throw missing();
  const row: { id: number; status: string } | undefined = await q('resources')
    .select('id', 'status')
    .where({ api_name: codeOrApiName })
    .orWhere({ code: codeOrApiName })
    .first();
  if (!row || row.status !== 'published') throw missing();
  return { id: row.id, resource: await catalog.getResource(codeOrApiName) };
}
