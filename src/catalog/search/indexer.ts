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

interface Source {
  id: number;
  version: number;
  metadata: string;
}

/** Rebuilds the index entries of the given resources from their shown versions. */
export async function reindexResources(q: Knex | Knex.Transaction, resourceIds: readonly number[]): Promise<void> {
  for (let i = 0; i < resourceIds.length; i += CHUNK) {
    const ids = resourceIds.slice(i, i + CHUNK);
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
    const tokens: [string, number][] = [];
    const documents: Record<string, unknown>[] = [];
    const tags: [number, string][] = [];
    for (const source of sources) {
      const meta: ResourceMetadata = JSON.parse(source.metadata);
      const found = new Set<string>();
      for (const text of [meta.name, meta.summary, meta.apiName, meta.code, ...(meta.tags ?? []), ...(itemsOf.get(source.id) ?? [])]) textTokens(text, found);
      for (const token of found) tokens.push([token, source.id]);
      const name = nameKeys(meta.name);
      documents.push({ resource_id: source.id, name_text: name.text, name_pinyin: name.pinyin, name_initials: name.initials, category_name: meta.classification.categoryName });
      for (const tag of meta.tags ?? []) tags.push([source.id, tag]);
    }
    await q('search_tokens').whereIn('resource_id', ids).delete();
    await q('search_documents').whereIn('resource_id', ids).delete();
    await q('resource_tags').whereIn('resource_id', ids).delete();
    await insertPairs(q, 'search_tokens', ['token', 'resource_id'], tokens);
    await insertPairs(q, 'resource_tags', ['resource_id', 'tag'], tags);
    for (let d = 0; d < documents.length; d += CHUNK / 5) await q('search_documents').insert(documents.slice(d, d + CHUNK / 5));
  }
}

/** Rebuilds the index entries of a department (after it was put or renamed). */
export async function reindexDepartment(q: Knex | Knex.Transaction, code: string, name: string): Promise<void> {
  const tokens = [...textTokens(`${name} ${code}`)].map((token): [string, string] => [token, code]);
  await q('department_search_tokens').where({ department_code: code }).delete();
  await insertPairs(q, 'department_search_tokens', ['token', 'department_code'], tokens);
}

/** Indexes every resource and department: the migration's backfill and the benchmark's loader. */
export async function reindexCatalog(q: Knex | Knex.Transaction): Promise<void> {
  const departments: { code: string; name: string }[] = await q('departments').select('code', 'name');
  for (const d of departments) await reindexDepartment(q, d.code, d.name);
  const ids: { id: number }[] = await q('resources').select('id').orderBy('id');
  await reindexResources(q, ids.map((r) => r.id));
}

/** Plain multi-row INSERTs of two-column rows, each statement well under both engines' parameter limits. */
async function insertPairs(q: Knex | Knex.Transaction, table: string, columns: [string, string], rows: [unknown, unknown][]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const chunk = rows.slice(i, i + INSERT_ROWS);
    const sql = `insert into ?? (??, ??) values ${chunk.map(() => '(?, ?)').join(', ')}`;
    await q.raw(sql, [table, ...columns, ...(chunk.flat() as Knex.Value[])]);
  }
}
