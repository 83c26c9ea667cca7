/** Row type of the `grants` table (joined with its resource) and its mapping to the model. */
import type { MaskRule } from '../../shared/index.js';
import type { AccessMode, Grant, Predicate } from '../model.js';

export interface GrantRow {
  id: string;
  consumer_code: string;
  resource_id: number;
  request_id: string | null;
  /** JSON text of string[]. */
  fields: string;
  /** JSON text of {field: MaskRule}. */
  masks: string;
  /** JSON text of {field: reason}. */
  unmasked: string;
  row_filter: string | null;
  mode: AccessMode;
  purpose: string;
  valid_from: string;
  valid_until: string | null;
  quota_rpm: number | null;
  quota_rows_per_day: number | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_at: string;
}

/** A grant row with its resource's apiName and provider, as every read selects it. */
export interface JoinedGrantRow extends GrantRow {
  api_name: string;
  provider_code: string;
}

/** The columns every read selects: the grant and its resource's apiName and provider. */
export const GRANT_COLUMNS = ['g.*', 'r.api_name', 'r.provider_code'] as const;

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

export function toGrant(row: JoinedGrantRow): Grant {
  return {
    id: row.id,
    consumer: row.consumer_code,
    resource: row.api_name,
    requestId: row.request_id,
    fields: JSON.parse(row.fields) as string[],
    masks: JSON.parse(row.masks) as Record<string, MaskRule>,
    unmasked: JSON.parse(row.unmasked) as Record<string, string>,
    rowFilter: row.row_filter === null ? null : (JSON.parse(row.row_filter) as Predicate),
    mode: row.mode,
    purpose: row.purpose,
    validFrom: iso(row.valid_from)!,
    validUntil: iso(row.valid_until),
    quota: { requestsPerMinute: row.quota_rpm, rowsPerDay: row.quota_rows_per_day },
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
    createdAt: iso(row.created_at)!,
  };
}

export function fromGrant(grant: Grant, resourceId: number): GrantRow {
  return {
    id: grant.id,
    consumer_code: grant.consumer,
    resource_id: resourceId,
    request_id: grant.requestId,
    fields: JSON.stringify(grant.fields),
    masks: JSON.stringify(grant.masks),
    unmasked: JSON.stringify(grant.unmasked),
    row_filter: grant.rowFilter === null ? null : JSON.stringify(grant.rowFilter),
    mode: grant.mode,
    purpose: grant.purpose,
    valid_from: grant.validFrom,
    valid_until: grant.validUntil,
    quota_rpm: grant.quota.requestsPerMinute,
    quota_rows_per_day: grant.quota.rowsPerDay,
    revoked_at: grant.revokedAt,
    revoked_by: grant.revokedBy,
    revoke_reason: grant.revokeReason,
    created_at: grant.createdAt,
  };
}
