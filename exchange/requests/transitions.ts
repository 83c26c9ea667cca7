/**
 * The state machine of an access request. Each action moves a request from a set of states to one
 * state; anything else is a conflict that names both. The switches are exhaustive: a new state or
 * action does not compile until every switch handles it.
 */
import { ConflictError, UnreachableCaseError } from '../../shared/index.js';
import type { RequestState } from '../model.js';

export const REQUEST_ACTIONS = ['startReview', 'approve', 'refuse', 'withdraw', 'escalate', 'expire'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export interface Transition {
  from: readonly RequestState[];
  to: RequestState;
}

/** States in which a request waits for the provider's decision. */
const AWAITING: readonly RequestState[] = ['submitted', 'under_review', 'escalated'];

/** The transition table. */
export function transitionOf(action: RequestAction): Transition {
  switch (action) {
    case 'startReview':
      return { from: ['submitted'], to: 'under_review' };
    case 'approve':
      return { from: AWAITING, to: 'approved' };
    case 'refuse':
      return { from: AWAITING, to: 'refused' };
    case 'withdraw':
      return { from: AWAITING, to: 'withdrawn' };
    case 'escalate':
      // An escalated request stays escalated until decided; escalating twice changes nothing.
      return { from: ['submitted', 'under_review'], to: 'escalated' };
    case 'expire':
      return { from: AWAITING, to: 'expired' };
    default:
      throw new UnreachableCaseError(action);
  }
}

/** The state `action` moves a request in state `from` to; ConflictError when it may not. */
export function nextState(from: RequestState, action: RequestAction): RequestState {
  const transition = transitionOf(action);
  if (!transition.from.includes(from)) {
    throw new ConflictError(`cannot ${action} a request that is ${from}; ${action} applies to a request that is ${transition.from.join(' or ')}`, {
      state: from,
      action,
    });
  }
  return transition.to;
}

/** Whether `action` applies to a request in state `state`. */
export function canMove(state: RequestState, action: RequestAction): boolean {
  return transitionOf(action).from.includes(state);
}

/** Whether a request in this state still waits for a decision (and so may be withdrawn or expire). */
export function isAwaitingDecision(state: RequestState): boolean {
  switch (state) {
    case 'submitted':
    case 'under_review':
    case 'escalated':
      return true;
    case 'approved':
    case 'refused':
    case 'withdrawn':
    case 'expired':
      return false;
    default:
      throw new UnreachableCaseError(state);
  }
}

export const AWAITING_DECISION = AWAITING;
