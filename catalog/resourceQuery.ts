/** Listing resources: filters on the catalog's columns and Relay-style keyset pagination by code. */
import type { Knex } from 'knex';
import { InputError } from '../shared/index.js';
import type { OpenType, ResourceFormat, ResourceStatus, SharingType, UpdateCycle } from './model.js';
import type { ResourceRow } from './rows.js';

export interface ResourceFilter {
  provider?: string;
  /** Default: published only. */
  status?: ResourceStatus[];
  sharingType?: SharingType;
  openType?: OpenType;
  format?: ResourceFormat;
  updateCycle?: UpdateCycle;
  /** A classification prefix: 类, 类+项, … e.g. `1`, `101`, `101001`. */
  classification?: string;
}

export interface ResourcePage<T> {
  nodes: T[];
  totalCount: number;
  startCursor: string | null;
  endCursor: string | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export const MAX_PAGE = 1000;

export function encodeCursor(code: string): string {
  return Buffer.from(JSON.stringify({ c: code }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed?.c === 'string') return parsed.c;
  } catch {
    // fall through to the error below
  }
  throw new InputError('invalid cursor', [{ field: 'after', message: 'is not a cursor this API returned' }]);
}

function applyFilter(q: Knex.QueryBuilder, f: ResourceFilter): Knex.QueryBuilder {
  q.whereIn('status', f.status?.length ? f.status : ['published']);
  if (f.provider) q.where('provider_code', f.provider);
  if (f.sharingType) q.where('sharing_type', f.sharingType);
  if (f.openType) q.where('open_type', f.openType);
  if (f.format) q.where('format', f.format);
  if (f.updateCycle) q.where('update_cycle', f.updateCycle);
  if (f.classification) {
    if (!/^[0-9A-Z]{1,21}$/.test(f.classification)) {
      throw new InputError('invalid filter', [{ field: 'filter.classification', message: 'must be a classification code prefix' }]);
    }
    q.whereRaw(`(category_code || item_code || catalog_code || coalesce(subitem_code, '')) like ?`, [`${f.classification}%`]);
  }
  return q;
}

/** One page of resource rows; the catalog turns them into resources. */
export async function listResourceRows(knex: Knex, filter: ResourceFilter, first: number, after?: string): Promise<ResourcePage<ResourceRow>> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw new InputError('invalid page', [{ field: 'first', message: `must be an integer from 0 to ${MAX_PAGE}` }]);
  }
  const afterCode = after ? decodeCursor(after) : undefined;
  const [{ n }] = await applyFilter(knex('resources'), filter).count({ n: '*' });
  const page = applyFilter(knex('resources'), filter).orderBy('code').limit(first + 1);
  if (afterCode !== undefined) page.where('code', '>', afterCode);
  const found: ResourceRow[] = await page;
  const nodes = found.slice(0, first);
  return {
    nodes,
    totalCount: Number(n),
    startCursor: nodes.length ? encodeCursor(nodes[0]!.code) : null,
    endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1]!.code) : null,
    hasNextPage: found.length > first,
    hasPreviousPage: afterCode !== undefined,
  };
}
