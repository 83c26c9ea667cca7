/**
 * The catalog: departments, code sets, and resources with their versions. Publishing freezes a
 * version and brings the resource's table in the shared store to its items, in one transaction.
 */
import type { Knex } from 'knex';
import { type Database, ConflictError, InputError, NotFoundError, type FieldProblem } from '../shared/index.js';
import { applyDataTable } from './dataTables.js';
import type { CodeSet, DataItem, Department, Resource, ResourceInput, ResourceVersion } from './model.js';
import { deriveRowSchema, type JsonSchema } from './rowSchema.js';
import * as rows from './rows.js';
import { validateDepartmentInput, validateResourceInput } from './validation.js';
import { describeChanges } from './versionDiff.js';
import { listResourceRows, type ResourceFilter, type ResourcePage } from './resourceQuery.js';
import { CatalogSearch } from './search/CatalogSearch.js';
import { freshnessOf, type Freshness } from './search/freshness.js';
import { reindexDepartment, reindexResources } from './search/indexer.js';
import type { SearchQuery, SearchResult } from './search/model.js';
import { toResourceSummary, type ResourceSummary } from './search/summary.js';

export interface CatalogOptions {
  /** The clock; injected so that demo data and tests are reproducible. */
  now?: () => Date;
}

export class Catalog {
  private readonly knex: Knex;
  private readonly now: () => Date;
  private readonly searcher: CatalogSearch;

  constructor(private readonly db: Database, options: CatalogOptions = {}) {
    this.knex = db.knex;
    this.now = options.now ?? (() => new Date());
    this.searcher = new CatalogSearch(db);
  }

  // ---- departments and code sets ----

  async listDepartments(): Promise<Department[]> {
    const found: rows.DepartmentRow[] = await this.knex('departments').orderBy('code');
    return found.map(rows.toDepartment);
  }

  async getDepartment(code: string): Promise<Department> {
    const row: rows.DepartmentRow | undefined = await this.knex('departments').where({ code }).first();
    if (!row) throw new NotFoundError(`department "${code}" not found`);
    return rows.toDepartment(row);
  }

  /** Creates or updates a department. */
  async putDepartment(input: Department): Promise<Department> {
    validateDepartmentInput(input);
    const now = this.now().toISOString();
    await this.write(async (trx) => {
      if (input.parentCode && !(await trx('departments').where({ code: input.parentCode }).first())) {
        throw new InputError('invalid department', [{ field: 'parentCode', message: `names no department "${input.parentCode}"` }]);
      }
      await trx('departments')
        .insert({ ...rows.fromDepartment(input, now), created_at: now })
        .onConflict('code')
        .merge(['name', 'credit_code', 'parent_code', 'contact', 'updated_at']);
      await reindexDepartment(trx, input.code, input.name);
    });
    return this.getDepartment(input.code);
  }

  async putCodeSet(set: CodeSet): Promise<void> {
    const problems: FieldProblem[] = [];
    if (!/^[\w./\- ]{1,64}$/.test(set.id ?? '')) problems.push({ field: 'id', message: 'must be 1-64 letters, digits, spaces or . / - _' });
    if (!set.name) problems.push({ field: 'name', message: 'is required' });
    if (!set.values || !Object.keys(set.values).length) problems.push({ field: 'values', message: 'must hold at least one code' });
    if (problems.length) throw new InputError('invalid code set', problems);
    await this.knex('code_sets')
      .insert({ id: set.id, name: set.name, standard: set.standard ?? null, values: JSON.stringify(set.values) })
      .onConflict('id')
      .merge();
  }

  async listCodeSets(ids?: string[]): Promise<CodeSet[]> {
    const q = this.knex<rows.CodeSetRow>('code_sets').orderBy('id');
    if (ids) q.whereIn('id', ids);
    return (await q).map(rows.toCodeSet);
  }

  // ---- resources: reading ----

  /** Ranked full-text search with filters and facet counts (see `search/`). */
  async search(query: SearchQuery): Promise<SearchResult> {
    return this.searcher.search(query, this.now(), (found) => this.assemble(found));
  }

  /** How fresh the resource's data is by the catalog's clock. */
  freshness(resource: Pick<Resource, 'updateCycle' | 'lastSyncedAt'>): Freshness {
    return freshnessOf(resource, this.now());
  }

  /** Resources as listings show them, their providers named, their freshness by the catalog's clock. */
  async summaries(resources: Resource[]): Promise<ResourceSummary[]> {
    const codes = [...new Set(resources.map((r) => r.provider))];
    const names = new Map<string, string>((await this.knex('departments').whereIn('code', codes).select('code', 'name')).map((d: rows.DepartmentRow) => [d.code, d.name]));
    const now = this.now();
    return resources.map((r) => toResourceSummary(r, names.get(r.provider) ?? r.provider, now));
  }

  async listResources(filter: ResourceFilter = {}, first = 20, after?: string): Promise<ResourcePage<Resource>> {
    const page = await listResourceRows(this.knex, filter, first, after);
    return { ...page, nodes: await this.assemble(page.nodes) };
  }

  /** Resources by code or apiName at their shown versions, in three queries; unknown ones are left out. */
  async getResources(codesOrApiNames: readonly string[]): Promise<Resource[]> {
    if (!codesOrApiNames.length) return [];
    const found: rows.ResourceRow[] = await this.knex('resources').whereIn('code', codesOrApiNames).orWhereIn('api_name', codesOrApiNames);
    return this.assemble(found);
  }

  /** A resource by code or apiName, at the version shown or at a given version. */
  async getResource(codeOrApiName: string, version?: number): Promise<Resource> {
    const row = await this.findRow(this.knex, codeOrApiName);
    const v = version ?? row.version;
    const versionRow: rows.VersionRow | undefined = await this.knex('resource_versions').where({ resource_id: row.id, version: v }).first();
    if (!versionRow) throw new NotFoundError(`resource "${codeOrApiName}" has no version ${v}`);
    return rows.toResource(row, versionRow, await this.loadItems(this.knex, row.id, v));
  }

  async listVersions(codeOrApiName: string): Promise<ResourceVersion[]> {
    const row = await this.findRow(this.knex, codeOrApiName);
    const found: rows.VersionRow[] = await this.knex('resource_versions').where({ resource_id: row.id }).orderBy('version', 'desc');
    return found.map(rows.toVersion);
  }

  /** The JSON Schema of the resource's rows at the version shown (or a given version). */
  async rowSchema(codeOrApiName: string, version?: number): Promise<JsonSchema> {
    const resource = await this.getResource(codeOrApiName, version);
    const codeSets = await this.listCodeSets(resource.items.flatMap((i) => (i.codeSet ? [i.codeSet] : [])));
    const referencedItems = new Map<string, DataItem>();
    for (const ref of resource.items.flatMap((i) => i.references ?? [])) {
      const target = ref.resource === resource.apiName ? resource : await this.getResource(ref.resource).catch(() => undefined);
      const item = target?.items.find((i) => i.apiName === ref.item);
      if (item) referencedItems.set(`${ref.resource}.${ref.item}`, item);
    }
    return deriveRowSchema(resource, { codeSets: new Map(codeSets.map((s) => [s.id, s])), referencedItems });
  }

  // ---- resources: writing ----

  /** Registers a new resource as a draft (version 1). */
  async createResource(input: ResourceInput): Promise<Resource> {
    validateResourceInput(input);
    const now = this.now().toISOString();
    await this.write(async (trx) => {
      await this.checkContext(trx, input, false);
      const clash = await trx('resources').where({ code: input.code }).orWhere({ api_name: input.apiName }).first();
      if (clash) throw new ConflictError(`a resource with code "${input.code}" or apiName "${input.apiName}" already exists`);
      const inserted: { id: number }[] = await trx('resources')
        .insert({ ...rows.resourceColumns(input), status: 'draft', version: 1, latest_version: 1, created_at: now, updated_at: now })
        .returning('id');
      await this.insertVersion(trx, inserted[0]!.id, 1, input, ['created'], now);
      await reindexResources(trx, [inserted[0]!.id]);
    });
    return this.getResource(input.code);
  }

  /**
   * Changes a resource. A draft is edited in place; a published version is frozen, so the change
   * becomes a new draft version that the shown version stays in front of until it is published.
   */
  async updateResource(code: string, change: ResourceInput): Promise<Resource> {
    validateResourceInput(change);
    const now = this.now().toISOString();
    await this.write(async (trx) => {
      const row = await this.findRow(trx, code);
      if (change.code !== row.code || change.apiName !== row.api_name) {
        throw new InputError('invalid resource', [{ field: change.code !== row.code ? 'code' : 'apiName', message: 'cannot change; register a new resource instead' }]);
      }
      await this.checkContext(trx, change, false);
      const latest: rows.VersionRow = await trx('resource_versions').where({ resource_id: row.id, version: row.latest_version }).first();
      const previous = await this.inputAt(trx, row.id, latest);
      // The publication date, once set, carries over unless the change sets another.
      const input = change.publishedOn || !previous.publishedOn ? change : { ...change, publishedOn: previous.publishedOn };
      if (latest.status === 'draft') {
        await trx('data_items').where({ resource_id: row.id, version: latest.version }).delete();
        await trx('resource_versions').where({ resource_id: row.id, version: latest.version }).delete();
        const base = latest.version > 1 ? await this.inputAt(trx, row.id, await this.versionRow(trx, row.id, latest.version - 1)) : undefined;
        await this.insertVersion(trx, row.id, latest.version, input, base ? describeChanges(base, input) : ['created'], now);
        if (row.status === 'draft') {
          await trx('resources').where({ id: row.id }).update({ ...rows.resourceColumns(input), updated_at: now });
          await reindexResources(trx, [row.id]); // the draft is what the resource shows, so what search finds
        } else await trx('resources').where({ id: row.id }).update({ updated_at: now });
        return;
      }
      const changes = describeChanges(previous, input);
      if (!changes.length) return;
      await this.insertVersion(trx, row.id, row.latest_version + 1, input, changes, now);
      await trx('resources').where({ id: row.id }).update({ latest_version: row.latest_version + 1, updated_at: now });
    });
    return this.getResource(code, (await this.findRow(this.knex, code)).latest_version);
  }

  /** Validates the newest draft, freezes it and applies its items to the shared store. */
  async publishResource(code: string): Promise<Resource> {
    const now = this.now();
    await this.write(async (trx) => {
      const row = await this.findRow(trx, code);
      const latest = await this.versionRow(trx, row.id, row.latest_version);
      if (latest.status === 'published') throw new ConflictError(`version ${latest.version} of "${row.code}" is already published`);
      const input = await this.inputAt(trx, row.id, latest);
      validateResourceInput(input);
      await this.checkContext(trx, input, true);
      const previous = row.status === 'draft' ? null : await this.tableItems(trx, row.id, row.version);
      await applyDataTable(trx, this.db.dialect, input.apiName, input.items, previous);
      const publishedOn = input.publishedOn ?? row.published_on ?? now.toISOString().slice(0, 10);
      const meta: rows.ResourceMetadata = { ...input, publishedOn };
      delete (meta as Partial<ResourceInput>).items;
      await trx('resource_versions')
        .where({ resource_id: row.id, version: latest.version })
        .update({ status: 'published', published_at: now.toISOString(), metadata: JSON.stringify(meta) });
      await trx('resources')
        .where({ id: row.id })
        .update({ ...rows.resourceColumns(meta), status: 'published', version: latest.version, updated_at: now.toISOString() });
      await reindexResources(trx, [row.id]);
    });
    return this.getResource(code);
  }

  /** Withdraws a resource from use; its versions and its data stay readable to the operator. */
  async retireResource(code: string): Promise<Resource> {
    const row = await this.findRow(this.knex, code);
    if (row.status !== 'published') throw new ConflictError(`only a published resource can be retired; "${row.code}" is ${row.status}`);
    await this.knex('resources').where({ id: row.id }).update({ status: 'retired', updated_at: this.now().toISOString() });
    return this.getResource(code);
  }

  /** Records that the resource's data arrived in the shared store at `at` (default: now; a successful sync run). */
  async recordSync(codeOrApiName: string, at: Date = this.now()): Promise<void> {
    const row = await this.findRow(this.knex, codeOrApiName);
    await this.knex('resources').where({ id: row.id }).update({ last_synced_at: at.toISOString() });
  }

  /**
   * The items the resource's table in the shared store was built from: the shown version's, then
   * items only older published versions had, whose columns may remain (never the key).
   */
  async storeItems(codeOrApiName: string): Promise<DataItem[]> {
    const row = await this.findRow(this.knex, codeOrApiName);
    return this.tableItems(this.knex, row.id, row.version);
  }

  // ---- internals ----

  private async assemble(found: rows.ResourceRow[]): Promise<Resource[]> {
    if (!found.length) return [];
    const pairs = found.map((r) => [r.id, r.version]);
    const [versions, items]: [rows.VersionRow[], rows.ItemRow[]] = await Promise.all([
      this.knex('resource_versions').whereIn(['resource_id', 'version'], pairs),
      this.knex('data_items').whereIn(['resource_id', 'version'], pairs).orderBy('position'),
    ]);
    const versionOf = new Map(versions.map((v) => [v.resource_id, v]));
    const itemsOf = new Map<number, DataItem[]>();
    for (const item of items) {
      const list = itemsOf.get(item.resource_id) ?? [];
      list.push(rows.toItem(item));
      itemsOf.set(item.resource_id, list);
    }
    return found.map((r) => rows.toResource(r, versionOf.get(r.id)!, itemsOf.get(r.id) ?? []));
  }

  private async write<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      return await this.knex.transaction(work);
    } catch (err) {
      throw this.db.dialect.translateError(err) ?? err;
    }
  }

  private async findRow(q: Knex | Knex.Transaction, codeOrApiName: string): Promise<rows.ResourceRow> {
    const row: rows.ResourceRow | undefined = await q('resources').where({ code: codeOrApiName }).orWhere({ api_name: codeOrApiName }).first();
    if (!row) throw new NotFoundError(`resource "${codeOrApiName}" not found`);
    return row;
  }

  private async versionRow(q: Knex | Knex.Transaction, resourceId: number, version: number): Promise<rows.VersionRow> {
    return q('resource_versions').where({ resource_id: resourceId, version }).first();
  }

  private async loadItems(q: Knex | Knex.Transaction, resourceId: number, version: number): Promise<DataItem[]> {
    const found: rows.ItemRow[] = await q('data_items').where({ resource_id: resourceId, version }).orderBy('position');
    return found.map(rows.toItem);
  }

  /**
   * The items the data table was built from: the shown version's, then the newest definition of
   * each item only older published versions had (their columns stay), so that bringing one back
   * is checked against the column it left behind.
   */
  private async tableItems(trx: Knex | Knex.Transaction, resourceId: number, shown: number): Promise<DataItem[]> {
    const items = await this.loadItems(trx, resourceId, shown);
    const seen = new Set(items.map((i) => i.apiName));
    const older: rows.VersionRow[] = await trx('resource_versions')
      .where({ resource_id: resourceId, status: 'published' })
      .andWhere('version', '<', shown)
      .orderBy('version', 'desc');
    for (const version of older) {
      for (const item of await this.loadItems(trx, resourceId, version.version)) {
        if (!seen.has(item.apiName)) items.push({ ...item, key: false });
        seen.add(item.apiName);
      }
    }
    return items;
  }

  private async inputAt(q: Knex | Knex.Transaction, resourceId: number, version: rows.VersionRow): Promise<ResourceInput> {
    return { ...JSON.parse(version.metadata), items: await this.loadItems(q, resourceId, version.version) };
  }

  private async insertVersion(trx: Knex.Transaction, resourceId: number, version: number, input: ResourceInput, changes: string[], now: string) {
    const { items, ...meta } = input;
    await trx('resource_versions').insert({
      resource_id: resourceId,
      version,
      status: 'draft',
      metadata: JSON.stringify(meta),
      changes: JSON.stringify(changes),
      created_at: now,
      published_at: null,
    });
    // At most 500 items of 16 columns: one statement stays under both engines' parameter limits.
    await trx('data_items').insert(items.map((item, i) => rows.fromItem(item, resourceId, version, i)));
  }

  /** The rules that need the rest of the catalog: provider, code sets, references and related resources exist. */
  private async checkContext(trx: Knex.Transaction, input: ResourceInput, publishing: boolean): Promise<void> {
    const problems: FieldProblem[] = [];
    if (!(await trx('departments').where({ code: input.provider }).first())) {
      problems.push({ field: 'provider', message: `names no department "${input.provider}"` });
    }
    const setIds = [...new Set(input.items.flatMap((i) => (i.codeSet ? [i.codeSet] : [])))];
    const known = new Set((await trx('code_sets').whereIn('id', setIds).select('id')).map((r: { id: string }) => r.id));
    input.items.forEach((item, i) => {
      if (item.codeSet && !known.has(item.codeSet)) problems.push({ field: `items[${i}].codeSet`, message: `names no code set "${item.codeSet}"` });
    });
    for (const [i, item] of input.items.entries()) {
      for (const [r, ref] of (item.references ?? []).entries()) {
        const field = `items[${i}].references[${r}]`;
        const targetItems =
          ref.resource === input.apiName ? input.items : await this.targetItems(trx, ref.resource, publishing);
        if (!targetItems) problems.push({ field, message: `names no ${publishing ? 'published ' : ''}resource "${ref.resource}"` });
        else if (!targetItems.some((t) => t.apiName === ref.item && t.key)) {
          problems.push({ field, message: `"${ref.item}" is not the key of "${ref.resource}"` });
        }
      }
    }
    for (const [i, related] of (input.relatedResources ?? []).entries()) {
      if (!(await trx('resources').where({ code: related }).first())) problems.push({ field: `relatedResources[${i}]`, message: `names no resource "${related}"` });
    }
    if (problems.length) throw new InputError('invalid resource', problems);
  }

  private async targetItems(trx: Knex.Transaction, apiName: string, mustBePublished: boolean): Promise<DataItem[] | undefined> {
    const row: rows.ResourceRow | undefined = await trx('resources').where({ api_name: apiName }).first();
    if (!row || (mustBePublished && row.status === 'draft')) return undefined;
    return this.loadItems(trx, row.id, row.version);
  }
}
