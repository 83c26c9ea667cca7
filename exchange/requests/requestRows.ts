/** Row types of `access_requests` and `request_events` and their mapping to the model. */
import type { AccessMode, AccessRequest, Predicate, RequestEvent, RequestState } from '../model.js';

export interface RequestRow {
  id: string;
  consumer_code: string;
  resource_id: number;
  /** JSON text of string[]. */
  fields: string;
  purpose: string;
  basis: string;
  mode: AccessMode;
  wanted_from: string;
  wanted_until: string | null;
  /** JSON text of a Predicate. */
  row_scope: string | null;
  unmask_reason: string | null;
  state: RequestState;
  due_on: string | null;
  submitted_by: string;
  grant_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A request row with its resource's apiName and provider, as every read selects it. */
export interface JoinedRequestRow extends RequestRow {
  api_name: string;
  provider_code: string;
}

export const REQUEST_COLUMNS = ['q.*', 'r.api_name', 'r.provider_code'] as const;

export interface EventRow {
  request_id: string;
  seq: number;
  from_state: RequestState | null;
  to_state: RequestState;
  actor: string;
  at: string;
  reason: string | null;
}

/** An access request with the department that decides on it. */
export type AccessRequestView = AccessRequest & { provider: string };

const iso = (v: string) => new Date(v).toISOString();

export function toRequest(row: JoinedRequestRow): AccessRequestView {
  return {
    id: row.id,
    consumer: row.consumer_code,
    resource: row.api_name,
    provider: row.provider_code,
    fields: JSON.parse(row.fields) as string[],
    purpose: row.purpose,
    basis: row.basis,
    mode: row.mode,
    wantedFrom: row.wanted_from,
    wantedUntil: row.wanted_until,
    rowScope: row.row_scope === null ? null : (JSON.parse(row.row_scope) as Predicate),
    unmaskReason: row.unmask_reason,
    state: row.state,
    dueOn: row.due_on,
    submittedBy: row.submitted_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    grantId: row.grant_id,
  };
}

export function fromRequest(request: AccessRequest, resourceId: number): RequestRow {
  return {
    id: request.id,
    consumer_code: request.consumer,
    resource_id: resourceId,
    fields: JSON.stringify(request.fields),
    purpose: request.purpose,
    basis: request.basis,
    mode: request.mode,
    wanted_from: request.wantedFrom,
    wanted_until: request.wantedUntil,
    row_scope: request.rowScope === null ? null : JSON.stringify(request.rowScope),
    unmask_reason: request.unmaskReason,
    state: request.state,
    due_on: request.dueOn,
    submitted_by: request.submittedBy,
    grant_id: request.grantId,
    created_at: request.createdAt,
    updated_at: request.updatedAt,
  };
}

export function toEvent(row: EventRow): RequestEvent {
  return {
    requestId: row.request_id,
    seq: row.seq,
    from: row.from_state,
    to: row.to_state,
    actor: row.actor,
    at: iso(row.at),
    reason: row.reason,
  };
}
