/**
 * Keeps the search index in step with the catalog. The catalog calls these inside the transactions
 * that change what a resource shows or what a department is called; the migration and the bulk
 * loader of the benchmark call the very same functions, so every path indexes alike.
 *
 * Indexed per resource, at the version shown: name, summary, tags, data item names and apiNames,
 * the resource's apiName and code. Departments are indexed on their own (name and code), so that a
 * renamed department re-indexes one row set, not every resource it provides.
 */
import type { Knex } from 'knex';
import type { ResourceMetadata } from '../rows.js';
import { nameKeys, textTokens } from './text.js';

/** Resources per read of the catalog tables, and token rows per INSERT (2 parameters each). */
const CHUNK = 500;
const INSERT_ROWS = 2000;

/** The index that finds a resource's tokens: to replace them, and to check a term against a candidate. */
export const TOKENS_BY_RESOURCE = 'search_tokens_resource_id_index';

interface Source {
  id: number;
  version: number;
  metadata: string;
}

interface Entries {
  tokens: [string, number][];
  documents: Record<string, unknown>[];
  tags: [number, string][];
}

/** Rebuilds the index entries of the given resources from their shown versions. */
export async function reindexResources(q: Knex | Knex.Transaction, resourceIds: readonly number[]): Promise<void> {
  const entries = await buildEntries(q, resourceIds);
  for (let i = 0; i < resourceIds.length; i += CHUNK) {
    const ids = resourceIds.slice(i, i + CHUNK);
    await q('search_tokens').whereIn('resource_id', ids).delete();
    await q('search_documents').whereIn('resource_id', ids).delete();
    await q('resource_tags').whereIn('resource_id', ids).delete();
  }
  await writeEntries(q, entries);
}

async function buildEntries(q: Knex | Knex.Transaction, resourceIds: readonly number[]): Promise<Entries> {
  const entries: Entries = { tokens: [], documents: [], tags: [] };
  for (let i = 0; i < resourceIds.length; i += CHUNK) {
    for (const { id, meta, items } of await readSources(q, resourceIds.slice(i, i + CHUNK))) {
      const found = textTokens(meta.summary, new Set(), false);
      for (const text of [meta.name, meta.apiName, meta.code, ...(meta.tags ?? []), ...items]) textTokens(text, found);
      for (const token of found) entries.tokens.push([token, id]);
      const name = nameKeys(meta.name);
      entries.documents.push({ resource_id: id, name_text: name.text, name_pinyin: name.pinyin, name_initials: name.initials, category_name: meta.classification.categoryName });
      for (const tag of meta.tags ?? []) entries.tags.push([id, tag]);
    }
  }
  return entries;
}

async function writeEntries(q: Knex | Knex.Transaction, entries: Entries): Promise<void> {
  await insertPairs(q, 'search_tokens', ['token', 'resource_id'], inKeyOrder(entries.tokens));
  await insertPairs(q, 'resource_tags', ['resource_id', 'tag'], entries.tags);
  for (let d = 0; d < entries.documents.length; d += 100) await q('search_documents').insert(entries.documents.slice(d, d + 100));
}

/** The shown versions' metadata and item names and apiNames of some resources. */
async function readSources(q: Knex | Knex.Transaction, ids: readonly number[]): Promise<{ id: number; meta: ResourceMetadata; items: string[] }[]> {
  const sources: Source[] = await q('resources as r')
    .join('resource_versions as v', (j) => j.on('v.resource_id', 'r.id').andOn('v.version', 'r.version'))
    .whereIn('r.id', ids)
    .select('r.id', 'r.version', 'v.metadata');
  const items: { resource_id: number; name: string; api_name: string }[] = await q('data_items')
    .whereIn(['resource_id', 'version'], sources.map((s) => [s.id, s.version]))
    .select('resource_id', 'name', 'api_name');
  const itemsOf = new Map<number, string[]>();
  for (const item of items) {
    const texts = itemsOf.get(item.resource_id) ?? [];
    texts.push(item.name, item.api_name);
    itemsOf.set(item.resource_id, texts);
  }
  return sources.map((s) => ({ id: s.id, meta: JSON.parse(s.metadata), items: itemsOf.get(s.id) ?? [] }));
}

/** Rebuilds the index entries of a department (after it was put or renamed). */
export async function reindexDepartment(q: Knex | Knex.Transaction, code: string, name: string): Promise<void> {
  const tokens = [...textTokens(`${name} ${code}`)].map((token): [string, string] => [token, code]);
  await q('department_search_tokens').where({ department_code: code }).delete();
  await insertPairs(q, 'department_search_tokens', ['token', 'department_code'], tokens);
}

/**
 * Indexes every resource and department afresh: the migration's backfill and the benchmark's bulk
 * load. The index by resource is built once at the end, which is far cheaper than keeping it
 * up to date through millions of inserts in token order.
 */
export async function reindexCatalog(q: Knex | Knex.Transaction): Promise<void> {
  const departments: { code: string; name: string }[] = await q('departments').select('code', 'name');
  for (const d of departments) await reindexDepartment(q, d.code, d.name);
  const ids: { id: number }[] = await q('resources').select('id').orderBy('id');
  const entries = await buildEntries(q, ids.map((r) => r.id));
  for (const table of ['search_tokens', 'search_documents', 'resource_tags']) await q(table).delete();
  await q.schema.alterTable('search_tokens', (t) => t.dropIndex(['resource_id', 'token'], TOKENS_BY_RESOURCE));
  await writeEntries(q, entries);
  await q.schema.alterTable('search_tokens', (t) => t.index(['resource_id', 'token'], TOKENS_BY_RESOURCE));
}

/**
 * Token rows sorted by (token, resource_id): B-tree inserts in key order fill one page after another
 * instead of jumping across the index. Grouping first sorts the distinct tokens only.
 */
function inKeyOrder(rows: [string, number][]): [string, number][] {
  const byToken = new Map<string, number[]>();
  for (const [token, id] of rows) {
    const ids = byToken.get(token);
    if (ids) ids.push(id);
    else byToken.set(token, [id]);
  }
  const sorted: [string, number][] = [];
  for (const token of [...byToken.keys()].sort()) for (const id of byToken.get(token)!.sort((a, b) => a - b)) sorted.push([token, id]);
  return sorted;
}

/** Plain multi-row INSERTs of two-column rows, each statement well under both engines' parameter limits. */
async function insertPairs(q: Knex | Knex.Transaction, table: string, columns: [string, string], rows: [unknown, unknown][]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const chunk = rows.slice(i, i + INSERT_ROWS);
    const sql = `insert into ?? (??, ??) values ${chunk.map(() => '(?, ?)').join(', ')}`;
    await q.raw(sql, [table, ...columns, ...(chunk.flat() as Knex.Value[])]);
  }
}
