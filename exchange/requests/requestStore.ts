/**
 * Reading requests and writing their transitions. A transition is a compare-and-set on the state
 * it was decided from, followed by its event, inside the caller's transaction.
 */
import type { Knex } from 'knex';
import { journalRequestEvent, type Journal } from '../ledger/journal.js';
import { ConflictError, NotFoundError } from '../../shared/index.js';
import type { RequestState } from '../model.js';
import { REQUEST_COLUMNS, type EventRow, type JoinedRequestRow } from './requestRows.js';
import { nextState, type RequestAction } from './transitions.js';

type Queryable = Knex | Knex.Transaction;

/** Requests joined with their resource's apiName and provider. */
export function selectRequests(q: Queryable): Knex.QueryBuilder {
  return q('access_requests as q').join('resources as r', 'r.id', 'q.resource_id').select(...REQUEST_COLUMNS);
}

export async function findRequest(q: Queryable, id: string): Promise<JoinedRequestRow | undefined> {
  if (typeof id !== 'string') return undefined;
  return selectRequests(q).where('q.id', id).first();
}

export async function existingRequest(q: Queryable, id: string): Promise<JoinedRequestRow> {
  const row = await findRequest(q, id);
  if (!row) throw requestNotFound(id);
  return row;
}

export function requestNotFound(id: string): NotFoundError {
  return new NotFoundError(`access request "${id}" not found`);
}

/** Moves a request by `action` from the state it was read in; ConflictError when that state changed meanwhile. */
export async function moveRequest(
  trx: Knex.Transaction,
  row: { id: string; state: RequestState },
  action: RequestAction,
  actor: string,
  at: Date,
  reason: string | null,
  extra: { grant_id?: string } = {},
  journal?: Journal,
): Promise<void> {
  const to = nextState(row.state, action);
  const changed = await trx('access_requests')
    .where({ id: row.id, state: row.state })
    .update({ state: to, updated_at: at.toISOString(), ...extra });
  if (changed !== 1) throw new ConflictError(`request "${row.id}" changed meanwhile; it is no longer ${row.state}`);
  await recordEvent(trx, row.id, row.state, to, actor, at, reason, journal);
}

/** Appends a transition to the request's history; the primary key (request, seq) rejects a racing duplicate. */
export async function recordEvent(
  trx: Knex.Transaction,
  requestId: string,
  from: RequestState | null,
  to: RequestState,
  actor: string,
  at: Date,
  reason: string | null,
  journal?: Journal,
): Promise<void> {
  const last = (await trx('request_events').where({ request_id: requestId }).max({ seq: 'seq' }).first()) as { seq: number | null } | undefined;
  const event: EventRow = { request_id: requestId, seq: Number(last?.seq ?? 0) + 1, from_state: from, to_state: to, actor, at: at.toISOString(), reason };
  await trx('request_events').insert(event);
  await journalRequestEvent(journal, trx, { requestId, from, to, actor, reason });
}

export async function listEvents(q: Queryable, requestId: string): Promise<EventRow[]> {
  return q('request_events').where({ request_id: requestId }).orderBy('seq');
}
