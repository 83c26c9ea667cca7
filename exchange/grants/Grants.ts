/**
 * Grants: what a consumer department may read of a resource, for what purpose, until when. A grant
 * is created by an approval (or at once for unconditional resources), may have a masked field
 * shown by its provider's approver with a reason, and ends when revoked or when its period ends.
 * `active` runs on every data request: one indexed query, no cache, so a revocation or an end
 * takes effect on the very next request.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Catalog } from '../../catalog/index.js';
import { type Database, ConflictError, InputError, NotFoundError, type FieldProblem, writeTransaction } from '../../shared/index.js';
import type { Grant } from '../model.js';
import { hasRole, requireDepartment, requireRole, type Acting } from '../requests/permissions.js';
import { fromGrant, GRANT_COLUMNS, toGrant, type JoinedGrantRow } from './grantRows.js';
import { effectiveMasks, grantProblems, type GrantInput } from './grantRules.js';
import { findPublished } from './publishedResource.js';
import type { Journal } from '../ledger/journal.js';

export interface GrantsOptions {
  now?: () => Date;
  /** Identifiers of new grants (random UUIDs unless given, e.g. for a reproducible demo). */
  newId?: () => string;
  /** Records creations, revocations and unmaskings in the audit ledger, inside their transactions. */
  journal?: Journal;
}

export interface GrantFilter {
  consumer?: string;
  /** The department whose resources the grants are on. */
  provider?: string;
  /** apiName or code. */
  resource?: string;
  /** Include revoked, ended and not-yet-started grants (default: only those in force now). */
  includeInactive?: boolean;
}

const DAY_MS = 86_400_000;

export class Grants {
  private readonly knex: Knex;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly journal: Journal | undefined;

  constructor(private readonly db: Database, private readonly catalog: Catalog, options: GrantsOptions = {}) {
    this.knex = db.knex;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.journal = options.journal;
  }

  /** Creates a grant inside the caller's transaction, so that it lands with the decision that made it. */
  async create(trx: Knex.Transaction, input: GrantInput): Promise<Grant> {
    const { id: resourceId, resource } = await findPublished(trx, this.catalog, input.resource);
    const problems: FieldProblem[] = grantProblems(input, resource.items);
    if (!(await trx('departments').where({ code: input.consumer ?? '' }).first())) {
      problems.unshift({ field: 'consumer', message: `names no department "${String(input.consumer)}"` });
    }
    if (problems.length) throw new InputError('invalid grant', problems);
    const unmasked = Object.fromEntries(Object.entries(input.unmasked ?? {}).map(([f, reason]) => [f, reason.trim()]));
    const grant: Grant = {
      id: input.id ?? this.newId(),
      consumer: input.consumer,
      resource: resource.apiName,
      requestId: input.requestId ?? null,
      fields: [...input.fields],
      masks: effectiveMasks(input.fields, resource.items, input.masks, unmasked),
      unmasked,
      rowFilter: input.rowFilter ?? null,
      mode: input.mode,
      purpose: input.purpose.trim(),
      validFrom: new Date(input.validFrom).toISOString(),
      validUntil: input.validUntil ? new Date(input.validUntil).toISOString() : null,
      quota: { requestsPerMinute: input.quota?.requestsPerMinute ?? null, rowsPerDay: input.quota?.rowsPerDay ?? null },
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
      createdAt: this.now().toISOString(),
    };
    await trx('grants').insert(fromGrant(grant, resourceId));
    await this.record(trx, 'grant.created', grant, null, {
      request: grant.requestId,
      mode: grant.mode,
      masks: grant.masks,
      unmasked: Object.keys(grant.unmasked),
      rowFilter: grant.rowFilter !== null,
      validUntil: grant.validUntil,
      quota: grant.quota,
    });
    return grant;
  }

  async get(id: string): Promise<Grant> {
    const row = await this.row(this.knex, id);
    if (!row) throw new NotFoundError(`grant "${id}" not found`);
    return toGrant(row);
  }

  async list(filter: GrantFilter = {}): Promise<Grant[]> {
    const q = this.select(this.knex).orderBy([{ column: 'g.created_at' }, { column: 'g.id' }]);
    if (filter.consumer !== undefined) q.where('g.consumer_code', filter.consumer);
    if (filter.provider !== undefined) q.where('r.provider_code', filter.provider);
    if (filter.resource !== undefined) q.where((w) => w.where('r.api_name', filter.resource!).orWhere('r.code', filter.resource!));
    if (!filter.includeInactive) inForce(q, this.now());
    return (await q).map(toGrant);
  }

  /**
   * The grants in force for a department at `at` (default now): not revoked, started, not ended,
   * on a resource still published. One query on the consumer index.
   */
  async active(department: string, at: Date = this.now()): Promise<Grant[]> {
    const q = this.select(this.knex).where('g.consumer_code', department).orderBy([{ column: 'r.api_name' }, { column: 'g.created_at' }, { column: 'g.id' }]);
    return (await inForce(q, at)).map(toGrant);
  }

  /** Grants in force whose period ends within `days` days from now, soonest first. */
  async expiringWithin(days: number): Promise<Grant[]> {
    if (!Number.isInteger(days) || days < 0) throw new InputError('invalid period', [{ field: 'days', message: 'must be a non-negative integer' }]);
    const now = this.now();
    const q = inForce(this.select(this.knex), now)
      .whereNotNull('g.valid_until')
      .where('g.valid_until', '<=', new Date(now.getTime() + days * DAY_MS).toISOString())
      .orderBy([{ column: 'g.valid_until' }, { column: 'g.id' }]);
    return (await q).map(toGrant);
  }

  /** Ends a grant now. The provider's approver or the operator; the reason is kept with it. */
  async revoke(principal: Acting, id: string, reason: string): Promise<Grant> {
    requireReason(reason);
    if (!hasRole(principal, 'operator')) requireRole(principal, 'approver', 'revoking a grant');
    return this.write(async (trx) => {
      const grant = await this.existing(trx, id);
      if (!hasRole(principal, 'operator')) requireDepartment(principal, grant.provider_code, 'revoking a grant');
      if (grant.revoked_at !== null) throw new ConflictError(`grant "${id}" is already revoked`);
      const changed = await trx('grants')
        .where({ id })
        .whereNull('revoked_at')
        .update({ revoked_at: this.now().toISOString(), revoked_by: principal.accountId, revoke_reason: reason.trim() });
      if (changed !== 1) throw new ConflictError(`grant "${id}" is already revoked`);
      const revoked = toGrant((await this.row(trx, id))!);
      await this.record(trx, 'grant.revoked', revoked, principal.accountId, { reason: reason.trim() });
      return revoked;
    });
  }

  /** Shows a masked field of a grant unmasked from now on; the provider's approver, with a reason. */
  async unmask(principal: Acting, id: string, field: string, reason: string): Promise<Grant> {
    requireReason(reason);
    requireRole(principal, 'approver', 'unmasking a field');
    return this.write(async (trx) => {
      const row = await this.existing(trx, id);
      requireDepartment(principal, row.provider_code, 'unmasking a field');
      const grant = toGrant(row);
      if (grant.revokedAt !== null) throw new ConflictError(`grant "${id}" is revoked`);
      if (!grant.fields.includes(field)) throw new InputError('invalid unmask', [{ field: 'field', message: `"${field}" is not a field of the grant` }]);
      if ((grant.masks[field] ?? 'none') === 'none') throw new InputError('invalid unmask', [{ field: 'field', message: `"${field}" is not masked` }]);
      const masks = { ...grant.masks, [field]: 'none' as const };
      const unmasked = { ...grant.unmasked, [field]: reason.trim() };
      // Compare-and-set on the masks text: two unmasks at once must not lose one another.
      const changed = await trx('grants')
        .where({ id, masks: row.masks })
        .update({ masks: JSON.stringify(masks), unmasked: JSON.stringify(unmasked) });
      if (changed !== 1) throw new ConflictError(`grant "${id}" changed meanwhile; try again`);
      const unmaskedGrant = toGrant((await this.row(trx, id))!);
      await this.record(trx, 'grant.unmasked', unmaskedGrant, principal.accountId, { field, reason: reason.trim() });
      return unmaskedGrant;
    });
  }

  private async record(trx: Knex.Transaction, action: string, grant: Grant, actor: string | null, detail: Record<string, unknown>): Promise<void> {
    await this.journal?.(trx, {
      action,
      actor,
      department: grant.consumer,
      grantId: grant.id,
      purpose: grant.purpose,
      resource: grant.resource,
      fields: grant.fields,
      detail,
    });
  }

  private select(q: Knex | Knex.Transaction): Knex.QueryBuilder {
    return q('grants as g').join('resources as r', 'r.id', 'g.resource_id').select(...GRANT_COLUMNS);
  }

  private async row(q: Knex | Knex.Transaction, id: string): Promise<JoinedGrantRow | undefined> {
    if (typeof id !== 'string') return undefined;
    return this.select(q).where('g.id', id).first();
  }

  private async existing(q: Knex | Knex.Transaction, id: string): Promise<JoinedGrantRow> {
    const row = await this.row(q, id);
    if (!row) throw new NotFoundError(`grant "${id}" not found`);
    return row;
  }

  private write<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return writeTransaction(this.db, work);
  }
}

/** Restricts a grant query to grants in force at `at`. */
function inForce(q: Knex.QueryBuilder, at: Date): Knex.QueryBuilder {
  const t = at.toISOString();
  return q
    .whereNull('g.revoked_at')
    .where('g.valid_from', '<=', t)
    .where((w) => w.whereNull('g.valid_until').orWhere('g.valid_until', '>', t))
    .where('r.status', 'published');
}

function requireReason(reason: unknown): asserts reason is string {
  if (typeof reason !== 'string' || !reason.trim()) throw new InputError('a reason is required', [{ field: 'reason', message: 'is required' }]);
}
