/**
 * The exchange's model: accounts and principals, access requests and their states, grants and the
 * row-filter predicate a grant (or a query) carries.
 */
import type { MaskRule } from '../shared/index.js';

export const ROLES = ['operator', 'publisher', 'approver', 'consumer', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_KINDS = ['person', 'service'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface Account {
  id: string;
  /** The OAuth2 client id, e.g. `hrss-client`. */
  clientId: string;
  kind: AccountKind;
  department: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
}

/** Who is acting: established from a verified token. */
export interface Principal {
  accountId: string;
  clientId: string;
  department: string;
  roles: Role[];
  /** The token's `jti`. */
  tokenId: string;
}

export const ACCESS_MODES = ['query', 'verify', 'aggregate'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

export const REQUEST_STATES = ['submitted', 'under_review', 'approved', 'refused', 'withdrawn', 'escalated', 'expired'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export type Scalar = string | number | boolean;

/** A structured row predicate: never SQL text. Validated against the resource's item types. */
export type Predicate =
  | { and: Predicate[] }
  | { or: Predicate[] }
  | { field: string; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'prefix'; value: Scalar }
  | { field: string; op: 'in'; value: Scalar[] }
  | { field: string; op: 'between'; value: [Scalar, Scalar] };

export interface AccessRequest {
  id: string;
  consumer: string; // department code
  resource: string; // apiName
  fields: string[];
  purpose: string;
  /** Legal basis or business scenario (法律依据或应用场景). */
  basis: string;
  mode: AccessMode;
  wantedFrom: string; // ISO date
  wantedUntil: string | null;
  rowScope: Predicate | null;
  /** Why personal items are needed unmasked, when the consumer asks for that. */
  unmaskReason: string | null;
  state: RequestState;
  /** The statutory deadline for the provider's answer (ISO date), for conditional resources. */
  dueOn: string | null;
  submittedBy: string; // account id
  createdAt: string;
  updatedAt: string;
  grantId: string | null;
}

export interface RequestEvent {
  requestId: string;
  seq: number;
  from: RequestState | null;
  to: RequestState;
  actor: string; // account id, or `system`
  at: string;
  reason: string | null;
}

export interface Quota {
  requestsPerMinute: number | null;
  rowsPerDay: number | null;
}

export interface Grant {
  id: string;
  consumer: string;
  resource: string; // apiName
  requestId: string | null;
  fields: string[];
  /** The mask applied to each masked field (at least the catalog's, unless unmasked). */
  masks: Record<string, MaskRule>;
  /** Fields an approver unmasked, with the reason. */
  unmasked: Record<string, string>;
  rowFilter: Predicate | null;
  mode: AccessMode;
  purpose: string;
  validFrom: string; // ISO datetime
  validUntil: string | null;
  quota: Quota;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  createdAt: string;
}
