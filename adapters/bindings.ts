/**
 * Source bindings: which source feeds a resource, how its columns map to the items, and how it is
 * synced. Stored with the catalog, keyed by the resource code. Secrets (passwords in a location,
 * request headers) are kept, and shown only through `redactBinding`.
 */
import type { Knex } from 'knex';
import type { Catalog, DataItem, Resource } from '../catalog/index.js';
import { type Database, InputError, NotFoundError, type FieldProblem } from '../shared/index.js';
import { validateBindingInput, type SourceBindingInput } from './bindingInput.js';
import type { SourceBinding, SourceColumn } from './model.js';
import { openSource } from './sources/index.js';
import { autoMapping } from './columnMapping.js';
import { REDACTED, redactLocation } from './redaction.js';
import type { ColumnMapper } from './sync/seams.js';
import type { Watermark } from './sync/watermarks.js';

export interface StoredBinding extends SourceBinding {
  /** The highest watermark value a successful run has seen; incremental runs read past it. */
  watermark: Watermark | null;
  createdAt: string;
  updatedAt: string;
}

interface BindingRow {
  resource: string;
  kind: SourceBinding['kind'];
  location: string;
  options: string;
  mapping: string;
  mode: SourceBinding['mode'];
  live: boolean | number;
  max_quarantine_share: number;
  schedule_minutes: number | null;
  watermark: string | null;
  created_at: string;
  updated_at: string;
}

function toBinding(row: BindingRow): StoredBinding {
  return {
    resource: row.resource,
    kind: row.kind,
    location: row.location,
    options: JSON.parse(row.options),
    mapping: JSON.parse(row.mapping),
    mode: row.mode,
    live: Boolean(row.live),
    maxQuarantineShare: Number(row.max_quarantine_share),
    ...(row.schedule_minutes === null ? {} : { scheduleMinutes: row.schedule_minutes }),
    watermark: row.watermark === null ? null : JSON.parse(row.watermark),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface SourceBindingsOptions {
  now?: () => Date;
  /**
   * Describes a binding's source, to check its mapping when it is set (default: opens it with
   * `openSource`); a source that cannot be described then is checked at run start.
   */
  describe?: (binding: SourceBinding) => Promise<SourceColumn[]>;
  autoMapping?: ColumnMapper;
}

export class SourceBindings {
  private readonly knex: Knex;
  private readonly now: () => Date;

  constructor(db: Database, private readonly catalog: Catalog, private readonly options: SourceBindingsOptions = {}) {
    this.knex = db.knex;
    this.now = options.now ?? (() => new Date());
  }

  /** Creates or replaces the binding of a resource. The stored watermark survives unless the source or its watermark column changed. */
  async set(input: SourceBindingInput): Promise<StoredBinding> {
    const value = validateBindingInput(input);
    const resource = await this.publishedResource(value.resource);
    const binding: SourceBinding = { ...value, resource: resource.code };
    await this.checkAgainstResource(binding, resource);
    const previous = await this.find(resource.code);
    const sameSource = previous && previous.kind === binding.kind && previous.location === binding.location && previous.options.watermark === binding.options.watermark;
    const now = this.now().toISOString();
    const row = {
      resource: binding.resource,
      kind: binding.kind,
      location: binding.location,
      options: JSON.stringify(binding.options),
      mapping: JSON.stringify(binding.mapping),
      mode: binding.mode,
      live: binding.live,
      max_quarantine_share: binding.maxQuarantineShare,
      schedule_minutes: binding.scheduleMinutes ?? null,
      watermark: sameSource && previous.watermark !== null ? JSON.stringify(previous.watermark) : null,
      updated_at: now,
    };
    await this.knex('source_bindings').insert({ ...row, created_at: now }).onConflict('resource').merge(Object.keys(row) as (keyof typeof row)[]);
    return this.get(resource.code);
  }

  /** The binding of a resource, by its code or apiName. */
  async get(resource: string): Promise<StoredBinding> {
    const found = await this.find(resource);
    if (!found) throw new NotFoundError(`resource "${resource}" has no source binding`);
    return found;
  }

  async find(resource: string): Promise<StoredBinding | undefined> {
    // Bindings are keyed by code: only an apiName needs the catalog to name its code.
    let row: BindingRow | undefined = await this.knex('source_bindings').where({ resource }).first();
    if (!row) {
      const code = (await this.catalog.getResources([resource]))[0]?.code;
      if (code && code !== resource) row = await this.knex('source_bindings').where({ resource: code }).first();
    }
    return row && toBinding(row);
  }

  async list(): Promise<StoredBinding[]> {
    const rows: BindingRow[] = await this.knex('source_bindings').orderBy('resource');
    return rows.map(toBinding);
  }

  async remove(resource: string): Promise<void> {
    const binding = await this.get(resource);
    await this.knex('source_bindings').where({ resource: binding.resource }).delete();
  }

  private async publishedResource(codeOrApiName: string): Promise<Resource> {
    const resource = (await this.catalog.getResources([codeOrApiName]))[0];
    if (!resource) throw new InputError('invalid source binding', [{ field: 'resource', message: `names no resource "${codeOrApiName}"` }]);
    if (resource.status === 'draft') throw new InputError('invalid source binding', [{ field: 'resource', message: `"${resource.code}" is a draft; publish it before binding a source` }]);
    return resource;
  }

  /** Mapped items must be the resource's; when the source can be described, every required item must be fed. */
  private async checkAgainstResource(binding: SourceBinding, resource: Resource): Promise<void> {
    const problems: FieldProblem[] = [];
    // The open API, downloads, CKAN and the portal read the shared store: open data must be copied.
    if (binding.live && resource.open.type === 'open') {
      problems.push({ field: 'live', message: `"${resource.apiName}" is open data, which is published from the shared store; bind it for sync instead` });
    }
    const items = new Set(resource.items.map((i) => i.apiName));
    const fedBy = new Map<string, number>();
    binding.mapping.forEach((m, i) => {
      if (!items.has(m.item)) problems.push({ field: `mapping[${i}].item`, message: `names no item of "${resource.apiName}"` });
      else if (fedBy.has(m.item)) problems.push({ field: `mapping[${i}].item`, message: `"${m.item}" is already fed by mapping[${fedBy.get(m.item)}]` });
      else fedBy.set(m.item, i);
    });
    if (!problems.length && !binding.live) problems.push(...(await this.describedProblems(binding, resource)));
    if (problems.length) throw new InputError('invalid source binding', problems);
  }

  private async describedProblems(binding: SourceBinding, resource: Resource): Promise<FieldProblem[]> {
    const describe = this.options.describe ?? describeSource;
    const columns = await describe(binding).then(
      (found) => found.map((c) => c.name),
      () => undefined, // not reachable now (a file not yet delivered, a server down): checked at run start
    );
    if (!columns?.length) return [];
    let unmapped: DataItem[];
    try {
      ({ unmapped } = (this.options.autoMapping ?? autoMapping)(columns, resource.items, binding.mapping));
    } catch (err) {
      // A mapping naming columns the source lacks: those problems first, the rest once they are fixed.
      if (err instanceof InputError) return err.problems;
      throw err;
    }
    const missing = unmapped.filter((i) => i.required);
    return missing.length ? [{ field: 'mapping', message: missingItemsMessage(missing, columns) }] : [];
  }
}

async function describeSource(binding: SourceBinding): Promise<SourceColumn[]> {
  const source = openSource(binding);
  try {
    return await source.describe();
  } finally {
    await source.close();
  }
}

export function missingItemsMessage(missing: { apiName: string; name: string }[], columns: readonly string[]): string {
  return `no source column feeds the required item${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i.apiName} (${i.name})`).join(', ')}; the source has ${columns.join(', ') || 'no columns'}`;
}

// ---- secrets ----

/** The binding as it may be shown: in API responses, CLI output and logs. */
export function redactBinding<T extends SourceBinding>(binding: T): T {
  const headers = binding.options.headers && Object.fromEntries(Object.keys(binding.options.headers).map((name) => [name, REDACTED]));
  return { ...binding, location: redactLocation(binding.location), options: { ...binding.options, ...(headers ? { headers } : {}) } };
}

// ---- the runner's state ----

export async function saveWatermark(q: Knex | Knex.Transaction, resource: string, value: Watermark): Promise<void> {
  await q('source_bindings').where({ resource }).update({ watermark: JSON.stringify(value) });
}

