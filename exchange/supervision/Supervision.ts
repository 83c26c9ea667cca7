/**
 * The supervisor's view of the exchange (电子监察): volume by department, resource, outcome and
 * hour; denied requests; the newest entries as they arrive (polling by sequence number); who read a
 * person's or firm's data; grants nearing their end and overdue approvals; and the alerts the rules
 * raise. Every read needs the supervisor role; anyone else is FORBIDDEN.
 */
import { type Database, InputError, type FieldProblem } from '../../shared/index.js';
import type { Grants } from '../grants/Grants.js';
import type { LedgerKey } from '../ledger/keys.js';
import type { LedgerEntry } from '../ledger/model.js';
import type { Grant } from '../model.js';
import type { AccessRequests } from '../requests/AccessRequests.js';
import { requireRole, type Acting } from '../requests/permissions.js';
import type { AccessRequestView } from '../requests/requestRows.js';
import { acknowledgeAlert, evaluateAlerts, listAlerts } from './alerts.js';
import { entriesBySeq, entryPage, subjectUses, volumeGroups } from './ledgerReads.js';
import {
  ALERT_STATES,
  DEFAULT_ALERT_THRESHOLDS,
  VOLUME_DIMENSIONS,
  type Alert,
  type AlertEvaluation,
  type AlertState,
  type AlertThresholds,
  type LedgerPage,
  type PageQuery,
  type SubjectUse,
  type VolumeGroup,
  type VolumeQuery,
} from './model.js';
import { assertSubjectHash, subjectHashOf } from './subjects.js';

export interface SupervisionOptions {
  grants: Grants;
  requests: AccessRequests;
  /** The ledger's key, to hash the raw identifiers supervisors ask about. */
  key: LedgerKey;
  now?: () => Date;
  thresholds?: Partial<AlertThresholds>;
  /** Identifiers of new alerts (random UUIDs unless given). */
  newId?: () => string;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
export const MAX_SUBJECT_USES = 1000;
/** Hourly volume spans at most this many days (a bounded number of buckets). */
export const MAX_HOURLY_DAYS = 93;
const DAY_MS = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class Supervision {
  private readonly now: () => Date;
  private readonly thresholds: AlertThresholds;

  constructor(private readonly db: Database, private readonly options: SupervisionOptions) {
    this.now = options.now ?? (() => new Date());
    this.thresholds = { ...DEFAULT_ALERT_THRESHOLDS, ...options.thresholds };
  }

  /** Data entries in [from, to) counted by the chosen dimensions (hour = the Asia/Shanghai hour). */
  async volume(principal: Acting, query: VolumeQuery): Promise<VolumeGroup[]> {
    supervisor(principal, 'reading exchange volume');
    const problems: FieldProblem[] = [];
    const from = instant(query.from, 'from', problems);
    const to = instant(query.to, 'to', problems);
    const by = Array.isArray(query.by) ? query.by : [];
    const unknown = by.filter((d) => !(VOLUME_DIMENSIONS as readonly string[]).includes(d));
    if (!Array.isArray(query.by)) problems.push({ field: 'by', message: 'must be a list of dimensions' });
    if (unknown.length) problems.push({ field: 'by', message: `unknown dimensions ${unknown.map((d) => `"${String(d)}"`).join(', ')}; use ${VOLUME_DIMENSIONS.join(', ')}` });
    if (new Set(by).size !== by.length) problems.push({ field: 'by', message: 'names a dimension twice' });
    if (from && to && from >= to) problems.push({ field: 'to', message: 'must be after from' });
    if (from && to && by.includes('hour') && Date.parse(to) - Date.parse(from) > MAX_HOURLY_DAYS * DAY_MS) {
      problems.push({ field: 'to', message: `hourly volume spans at most ${MAX_HOURLY_DAYS} days` });
    }
    if (problems.length) throw new InputError('invalid volume query', problems);
    return volumeGroups(this.db.knex, from!, to!, by);
  }

  /** Denied data requests: after a seq, oldest first; without one, the newest. */
  async denied(principal: Acting, page: PageQuery = {}): Promise<LedgerPage> {
    supervisor(principal, 'reading denied requests');
    const { after, first } = pageArgs(page);
    return entryPage(this.db.knex, (q) => q.where('kind', 'data').where('outcome', 'denied'), after, first);
  }

  /** Every entry, data and workflow: after a seq, oldest first (poll with the returned cursor); without one, the newest. */
  async latest(principal: Acting, page: PageQuery = {}): Promise<LedgerPage> {
    supervisor(principal, 'reading the ledger');
    const { after, first } = pageArgs(page);
    return entryPage(this.db.knex, (q) => q, after, first);
  }

  /** Entries by seq (an alert's entries). */
  async entries(principal: Acting, seqs: readonly number[]): Promise<LedgerEntry[]> {
    supervisor(principal, 'reading the ledger');
    return entriesBySeq(this.db.knex, seqs.slice(0, MAX_SUBJECT_USES));
  }

  /** The exchanges that returned a subject, by its keyed hash; newest first. */
  async subjectHistory(principal: Acting, subjectHash: string, first: number = MAX_SUBJECT_USES): Promise<SubjectUse[]> {
    supervisor(principal, 'reading who read a subject');
    assertSubjectHash(subjectHash);
    return subjectUses(this.db, subjectHash, boundedFirst(first, MAX_SUBJECT_USES, 'first'));
  }

  /** Who read a person's or firm's data, from the raw resident ID or credit code (checked, then hashed). */
  async whoRead(principal: Acting, rawId: string, first: number = MAX_SUBJECT_USES): Promise<SubjectUse[]> {
    supervisor(principal, 'reading who read a subject');
    return this.subjectHistory(principal, subjectHashOf(this.options.key, rawId), first);
  }

  async grantsNearingExpiry(principal: Acting, days: number): Promise<Grant[]> {
    supervisor(principal, 'reading grants nearing expiry');
    return this.options.grants.expiringWithin(days);
  }

  /** Conditional requests the provider did not answer in time (escalated by the request clock). */
  async overdueApprovals(principal: Acting): Promise<AccessRequestView[]> {
    supervisor(principal, 'reading overdue approvals');
    return this.options.requests.escalated();
  }

  async alerts(principal: Acting, query: { state?: AlertState | null; first?: number | null } = {}): Promise<Alert[]> {
    supervisor(principal, 'reading alerts');
    if (query.state != null && !(ALERT_STATES as readonly string[]).includes(query.state)) {
      throw new InputError('invalid alert query', [{ field: 'state', message: `must be one of ${ALERT_STATES.join(', ')}` }]);
    }
    return listAlerts(this.db.knex, query.state ?? null, boundedFirst(query.first ?? DEFAULT_PAGE, MAX_PAGE, 'first'));
  }

  async acknowledgeAlert(principal: Acting, id: string): Promise<Alert> {
    supervisor(principal, 'acknowledging an alert');
    return acknowledgeAlert(this.db, id, principal.accountId, this.now());
  }

  /** Runs the alert rules over the entries not yet evaluated (the system does this on a timer). */
  evaluateAlerts(now: Date = this.now()): Promise<AlertEvaluation> {
    return evaluateAlerts(this.db, now, { thresholds: this.thresholds, newId: this.options.newId });
  }
}

function supervisor(principal: Acting, action: string): void {
  requireRole(principal, 'supervisor', action);
}

function instant(value: unknown, field: string, problems: FieldProblem[]): string | undefined {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    problems.push({ field, message: 'must be an ISO instant with its offset, e.g. 2026-11-16T08:00:00+08:00' });
    return undefined;
  }
  return new Date(value).toISOString();
}

function boundedFirst(value: unknown, max: number, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) {
    throw new InputError('invalid page', [{ field, message: `must be an integer from 1 to ${max}` }]);
  }
  return value as number;
}

function pageArgs(page: PageQuery): { after: number | null; first: number } {
  const problems: FieldProblem[] = [];
  const after = page.after ?? null;
  if (after !== null && (!Number.isInteger(after) || after < 0)) problems.push({ field: 'after', message: 'must be a non-negative integer (a seq)' });
  const first = page.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) problems.push({ field: 'first', message: `must be an integer from 1 to ${MAX_PAGE}` });
  if (problems.length) throw new InputError('invalid page', problems);
  return { after, first };
}
