/**
 * Access requests (共享申请) on the statutory clock. A consumer asks for fields of a published
 * resource with a purpose and a basis; what happens next follows the resource's sharing type:
 * unconditional resources are granted at once (catalog masks kept), not-shared ones refused at
 * once citing the recorded legal basis, and conditional ones wait for the provider's approver, who
 * has `approvalWorkingDays` working days before the request escalates to the operator.
 *
 * Every change of state is written with its event (who, when, why) and, for an approval, its grant,
 * in one transaction; a failed call changes nothing.
 *
 * A department may request its own resource. It gains nothing it lacks, but the request is handled
 * like any other (its own approver decides) so that every use of personal data has a recorded
 * purpose, and the query side never needs a special case for providers.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Catalog, Resource } from '../../catalog/index.js';
import { type Database, ConflictError, InputError, NotFoundError, UnreachableCaseError, writeTransaction } from '../../shared/index.js';
import { addWorkingDays, shanghaiDate, workingDaysBetween } from '../calendar/workingDays.js';
import { maskProblems } from '../grants/grantRules.js';
import type { Grants } from '../grants/Grants.js';
import { findPublished } from '../grants/publishedResource.js';
import type { AccessRequest, RequestEvent } from '../model.js';
import { hasRole, mayRead, requireDepartment, requireRole, SYSTEM_ACTOR, type Acting } from './permissions.js';
import {
  combineFilters,
  decisionProblems,
  grantAskedFor,
  submissionProblems,
  textProblem,
  type AccessRequestInput,
  type ApprovalDecision,
} from './requestInput.js';
import { fromRequest, toEvent, toRequest, type AccessRequestView, type JoinedRequestRow } from './requestRows.js';
import type { Journal } from '../ledger/journal.js';
import { existingRequest, findRequest, listEvents, moveRequest, recordEvent, requestNotFound, selectRequests } from './requestStore.js';
import { AWAITING_DECISION, canMove, nextState } from './transitions.js';

export interface AccessRequestsOptions {
  /** Working days a provider has to answer a conditional request (config `exchange.approvalWorkingDays`). */
  approvalWorkingDays: number;
  now?: () => Date;
  /** Identifiers of new requests (random UUIDs unless given, e.g. for a reproducible demo). */
  newId?: () => string;
  /** Records every transition in the audit ledger, inside the transition's transaction. */
  journal?: Journal;
}

/** A request awaiting a decision, with the working days left until its deadline (negative: overdue). */
export type PendingApproval = AccessRequestView & { workingDaysLeft: number | null };

export interface SweepResult {
  escalated: AccessRequestView[];
  expired: AccessRequestView[];
}

export class AccessRequests {
  private readonly knex: Knex;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly journal: Journal | undefined;
  private readonly approvalWorkingDays: number;

  constructor(
    private readonly db: Database,
    private readonly catalog: Catalog,
    private readonly grants: Grants,
    options: AccessRequestsOptions,
  ) {
    this.knex = db.knex;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.journal = options.journal;
    this.approvalWorkingDays = options.approvalWorkingDays;
  }

  /** A consumer asks for access; decided at once unless the resource is shared conditionally. */
  async submit(principal: Acting, input: AccessRequestInput): Promise<AccessRequestView> {
    requireRole(principal, 'consumer', 'requesting access');
    const now = this.now();
    const today = shanghaiDate(now);
    const { id: resourceId, resource } = await findPublished(this.knex, this.catalog, input?.resource);
    const problems = submissionProblems(input, resource.items, today);
    if (problems.length) throw new InputError('invalid access request', problems);
    const request: AccessRequest = {
      id: this.newId(),
      consumer: principal.department,
      resource: resource.apiName,
      fields: [...input.fields],
      purpose: input.purpose.trim(),
      basis: input.basis.trim(),
      mode: input.mode,
      wantedFrom: input.wantedFrom ?? today,
      wantedUntil: input.wantedUntil ?? null,
      rowScope: input.rowScope ?? null,
      unmaskReason: input.unmaskReason?.trim() || null,
      state: 'submitted',
      dueOn: resource.sharing.type === 'conditional' ? addWorkingDays(today, this.approvalWorkingDays) : null,
      submittedBy: principal.accountId,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      grantId: null,
    };
    return this.write(async (trx) => {
      await trx('access_requests').insert(fromRequest(request, resourceId));
      await recordEvent(trx, request.id, null, 'submitted', principal.accountId, now, null, this.journal);
      await this.decideBySharing(trx, request, resource, now);
      return this.view(trx, request.id);
    });
  }

  /** The provider's approver takes up a submitted request. */
  async startReview(principal: Acting, id: string): Promise<AccessRequestView> {
    requireRole(principal, 'approver', 'reviewing a request');
    return this.decide(principal, id, 'startReview', null);
  }

  /** The provider's approver grants the request, possibly narrowed; the grant is created with it. */
  async approve(principal: Acting, id: string, given?: ApprovalDecision | null): Promise<AccessRequestView> {
    requireRole(principal, 'approver', 'approving a request');
    const decision: ApprovalDecision = given ?? {};
    const note = textProblem(decision.note, 'note', false);
    if (note) throw new InputError('invalid decision', [note]);
    const now = this.now();
    const today = shanghaiDate(now);
    return this.write(async (trx) => {
      const row = await existingRequest(trx, id);
      requireDepartment(principal, row.provider_code, 'approving a request');
      nextState(row.state, 'approve');
      const request = toRequest(row);
      if (request.wantedUntil !== null && request.wantedUntil < today) {
        throw new ConflictError(`the period wanted by request "${id}" ended on ${request.wantedUntil}; it can no longer be approved`);
      }
      const { resource } = await findPublished(trx, this.catalog, request.resource).catch((err: unknown) => {
        throw err instanceof NotFoundError ? new ConflictError(`resource "${request.resource}" is no longer published`) : err;
      });
      const problems = decisionProblems(decision, request, resource.items, today);
      const fields = decision.fields ?? request.fields;
      if (!problems.some((p) => p.field.startsWith('fields'))) problems.push(...maskProblems(fields, resource.items, decision.masks, decision.unmask));
      if (problems.length) throw new InputError('invalid decision', problems);
      const grant = await this.grants.create(trx, {
        ...grantAskedFor(request, now, decision.endsOn ?? request.wantedUntil),
        fields,
        rowFilter: combineFilters(request.rowScope, decision.rowFilter),
        masks: decision.masks,
        unmasked: decision.unmask,
        quota: decision.quota ?? null,
      });
      await moveRequest(trx, row, 'approve', principal.accountId, now, decision.note?.trim() || null, { grant_id: grant.id }, this.journal);
      return this.view(trx, id);
    });
  }

  /** The provider's approver refuses; the reason is mandatory and kept with the transition. */
  async refuse(principal: Acting, id: string, reason: string): Promise<AccessRequestView> {
    requireRole(principal, 'approver', 'refusing a request');
    const problem = textProblem(reason, 'reason', true);
    if (problem) throw new InputError('a refusal needs a reason', [problem]);
    return this.decide(principal, id, 'refuse', reason.trim());
  }

  /** The consumer department takes back a request that is not decided yet. */
  async withdraw(principal: Acting, id: string, reason?: string | null): Promise<AccessRequestView> {
    requireRole(principal, 'consumer', 'withdrawing a request');
    const problem = textProblem(reason, 'reason', false);
    if (problem) throw new InputError('invalid withdrawal', [problem]);
    return this.decide(principal, id, 'withdraw', reason?.trim() || null);
  }

  /**
   * The clock: escalates conditional requests whose deadline has passed and expires undecided
   * requests whose wanted period has ended (expiry wins when both apply). Run as `system`;
   * running it again at the same time changes nothing.
   */
  async sweep(now: Date = this.now()): Promise<SweepResult> {
    const today = shanghaiDate(now);
    const expiring: JoinedRequestRow[] = await selectRequests(this.knex)
      .whereIn('q.state', AWAITING_DECISION)
      .whereNotNull('q.wanted_until')
      .where('q.wanted_until', '<', today)
      .orderBy('q.id');
    const overdue: JoinedRequestRow[] = await selectRequests(this.knex)
      .whereIn('q.state', ['submitted', 'under_review'])
      .whereNotNull('q.due_on')
      .where('q.due_on', '<', today)
      .where((w) => w.whereNull('q.wanted_until').orWhere('q.wanted_until', '>=', today))
      .orderBy('q.id');
    const result: SweepResult = { escalated: [], expired: [] };
    for (const row of expiring) {
      const changed = await this.sweepOne(row.id, 'expire', now, `申请的使用期限已于 ${row.wanted_until} 届满，未作决定`);
      if (changed) result.expired.push(changed);
    }
    for (const row of overdue) {
      const changed = await this.sweepOne(row.id, 'escalate', now, `提供部门逾期未答复（答复期限 ${row.due_on}），提请平台管理方督办`);
      if (changed) result.escalated.push(changed);
    }
    return result;
  }

  // ---- reads ----

  /** A request, for its consumer and provider departments, the operator and the supervisor. */
  async get(principal: Acting, id: string): Promise<AccessRequestView> {
    const row = await findRequest(this.knex, id);
    if (!row || !mayRead(principal, row.consumer_code, row.provider_code)) throw requestNotFound(id);
    return toRequest(row);
  }

  /** The recorded transitions of a request, oldest first (the caller has checked it may read it). */
  async events(id: string): Promise<RequestEvent[]> {
    const rows = await listEvents(this.knex, id);
    if (!rows.length && !(await findRequest(this.knex, id))) throw requestNotFound(id);
    return rows.map(toEvent);
  }

  /** The requests of the principal's department, newest first. */
  async myRequests(principal: Acting): Promise<AccessRequestView[]> {
    const rows: JoinedRequestRow[] = await selectRequests(this.knex)
      .where('q.consumer_code', principal.department)
      .orderBy([{ column: 'q.created_at', order: 'desc' }, { column: 'q.id' }]);
    return rows.map(toRequest);
  }

  /**
   * For an approver: the requests on the department's resources awaiting a decision; for the
   * operator also every escalated request. Soonest deadline first; empty for anyone else.
   */
  async pendingApprovals(principal: Acting): Promise<PendingApproval[]> {
    const approver = hasRole(principal, 'approver');
    const operator = hasRole(principal, 'operator');
    if (!approver && !operator) return [];
    const rows: JoinedRequestRow[] = await selectRequests(this.knex)
      .where((w) => {
        if (approver) w.orWhere((own) => own.where('r.provider_code', principal.department).whereIn('q.state', AWAITING_DECISION));
        if (operator) w.orWhere('q.state', 'escalated');
      })
      .orderBy([{ column: 'q.due_on' }, { column: 'q.created_at' }, { column: 'q.id' }]);
    const today = shanghaiDate(this.now());
    return rows.map((row) => ({ ...toRequest(row), workingDaysLeft: row.due_on ? workingDaysBetween(today, row.due_on) : null }));
  }

  /** Every escalated request, oldest deadline first (the operator's list to chase). */
  async escalated(): Promise<AccessRequestView[]> {
    const rows: JoinedRequestRow[] = await selectRequests(this.knex).where('q.state', 'escalated').orderBy([{ column: 'q.due_on' }, { column: 'q.id' }]);
    return rows.map(toRequest);
  }

  // ---- internals ----

  /** Decides a request by its resource's sharing type, right after it was submitted. */
  private async decideBySharing(trx: Knex.Transaction, request: AccessRequest, resource: Resource, now: Date): Promise<void> {
    const sharing = resource.sharing.type;
    switch (sharing) {
      case 'conditional':
        return;
      case 'unconditional': {
        const grant = await this.grants.create(trx, { ...grantAskedFor(request, now, request.wantedUntil), rowFilter: request.rowScope });
        await moveRequest(trx, { id: request.id, state: request.state }, 'approve', SYSTEM_ACTOR, now, '无条件共享资源，登记后即予共享', { grant_id: grant.id }, this.journal);
        return;
      }
      case 'none': {
        const basis = resource.sharing.legalBasis?.trim();
        const reason = basis ? `该资源不予共享，依据：${basis}` : '该资源不予共享';
        await moveRequest(trx, { id: request.id, state: request.state }, 'refuse', SYSTEM_ACTOR, now, reason, {}, this.journal);
        return;
      }
      default:
        throw new UnreachableCaseError(sharing);
    }
  }

  /** A provider's or consumer's plain transition: permission, state, change and event at once. */
  private async decide(principal: Acting, id: string, action: 'startReview' | 'refuse' | 'withdraw', reason: string | null) {
    const now = this.now();
    return this.write(async (trx) => {
      const row = await existingRequest(trx, id);
      requireDepartment(principal, action === 'withdraw' ? row.consumer_code : row.provider_code, `${action} on this request`);
      await moveRequest(trx, row, action, principal.accountId, now, reason, {}, this.journal);
      return this.view(trx, id);
    });
  }

  private async sweepOne(id: string, action: 'expire' | 'escalate', now: Date, reason: string): Promise<AccessRequestView | undefined> {
    try {
      return await this.write(async (trx) => {
        const row = await existingRequest(trx, id);
        if (!canMove(row.state, action)) return undefined;
        await moveRequest(trx, row, action, SYSTEM_ACTOR, now, reason, {}, this.journal);
        return this.view(trx, id);
      });
    } catch (err) {
      // Decided, or swept by another process, since the scan: nothing left to do here.
      if (err instanceof ConflictError) return undefined;
      throw err;
    }
  }

  private async view(q: Knex | Knex.Transaction, id: string): Promise<AccessRequestView> {
    return toRequest(await existingRequest(q, id));
  }

  private write<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return writeTransaction(this.db, work);
  }
}
