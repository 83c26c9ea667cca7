/** Row type of the `accounts` table and its mapping to the model. The hash never leaves this folder. */
import type { Account, AccountKind, Role } from '../model.js';

export interface AccountRow {
  id: string;
  client_id: string;
  kind: AccountKind;
  department_code: string;
  name: string;
  /** argon2id PHC string. */
  secret_hash: string;
  /** JSON text of Role[]. */
  roles: string;
  /** SQLite answers 0/1. */
  disabled: boolean | number;
  created_at: string;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    clientId: row.client_id,
    kind: row.kind,
    department: row.department_code,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    disabled: Boolean(row.disabled),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function fromAccount(account: Account, secretHash: string): AccountRow {
  return {
    id: account.id,
    client_id: account.clientId,
    kind: account.kind,
    department_code: account.department,
    name: account.name,
    secret_hash: secretHash,
    roles: JSON.stringify(account.roles),
    disabled: account.disabled,
    created_at: account.createdAt,
  };
}
