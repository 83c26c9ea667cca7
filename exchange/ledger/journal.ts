/**
 * Workflow events in the ledger: each change to a request, a grant or a publication appends an
 * entry inside the transaction of the change itself, so the change and its record land together.
 */
import type { Knex } from 'knex';
import type { Ledger } from './Ledger.js';
import type { EntryDraft } from './model.js';

/** Appends a workflow entry inside the caller's transaction. */
export type Journal = (trx: Knex.Transaction, draft: Omit<EntryDraft, 'kind' | 'outcome'>) => Promise<void>;

export function ledgerJournal(ledger: Ledger): Journal {
  return async (trx, draft) => {
    await ledger.appendIn(trx, { ...draft, kind: 'workflow', outcome: 'recorded' });
  };
}

/** Records a request's transition, with the request's consumer, resource and purpose. */
export async function journalRequestEvent(
  journal: Journal | undefined,
  trx: Knex.Transaction,
  event: { requestId: string; from: string | null; to: string; actor: string; reason: string | null },
): Promise<void> {
  if (!journal) return;
  const row: { consumer_code: string; purpose: string; api_name: string; grant_id: string | null } | undefined = await trx('access_requests as q')
    .join('resources as r', 'r.id', 'q.resource_id')
    .where('q.id', event.requestId)
    .first('q.consumer_code', 'q.purpose', 'r.api_name', 'q.grant_id');
  await journal(trx, {
    action: `request.${event.to}`,
    actor: event.actor,
    department: row?.consumer_code ?? null,
    grantId: row?.grant_id ?? null,
    purpose: row?.purpose ?? null,
    resource: row?.api_name ?? null,
    detail: { request: event.requestId, from: event.from, to: event.to, reason: event.reason },
  });
}
