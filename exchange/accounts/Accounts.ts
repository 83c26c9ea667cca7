/**
 * Department accounts: people and service clients, each with roles. Secrets are hashed with
 * argon2id and never stored, logged or echoed; authentication answers every failure alike.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { Catalog } from '../../catalog/index.js';
import { type Database, ConflictError, InputError, NotFoundError, UnauthenticatedError, type FieldProblem } from '../../shared/index.js';
import { ACCOUNT_KINDS, ROLES, type Account, type AccountKind, type Role } from '../model.js';
import { fromAccount, toAccount, type AccountRow } from './rows.js';

export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;
/** Printable ASCII without spaces, so a secret survives Basic auth and shells unquoted. */
const SECRET_PATTERN = /^[\x21-\x7e]{12,256}$/;
const MAX_NAME = 200;

export interface NewAccount {
  clientId: string;
  kind: AccountKind;
  department: string;
  name: string;
  roles: Role[];
  /** Generated (32 random bytes, base64url) when absent. */
  secret?: string;
}

export interface AccountWithSecret {
  account: Account;
  /** The clear secret, returned once to whoever created or reset it. */
  secret: string;
}

export interface AccountsOptions {
  now?: () => Date;
}

const INVALID_CREDENTIALS = 'invalid client credentials';

/** A hash of nothing anyone knows, verified against when the client id is unknown so that it takes as long. */
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hash(randomBytes(32).toString('base64url'));
  return dummyHash;
}

export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class Accounts {
  private readonly knex: Knex;
  private readonly now: () => Date;
  private readonly catalog: Catalog;

  constructor(private readonly db: Database, options: AccountsOptions = {}) {
    this.knex = db.knex;
    this.now = options.now ?? (() => new Date());
    this.catalog = new Catalog(db);
  }

  async create(input: NewAccount): Promise<AccountWithSecret> {
    await this.validate(input);
    if (await this.find(input.clientId)) throw new ConflictError(`account "${input.clientId}" already exists`);
    const secret = input.secret ?? generateSecret();
    const account: Account = {
      id: randomUUID(),
      clientId: input.clientId,
      kind: input.kind,
      department: input.department,
      name: input.name.trim(),
      roles: [...new Set(input.roles)],
      disabled: false,
      createdAt: this.now().toISOString(),
    };
    const row = fromAccount(account, await hash(secret));
    try {
      await this.knex('accounts').insert(row);
    } catch (err) {
      // Another process may have taken the client id between the check and the insert.
      throw this.db.dialect.translateError(err) ?? err;
    }
    return { account, secret };
  }

  /** The account whose secret this is; any failure (unknown, wrong secret, disabled) is the same error. */
  async authenticate(clientId: string, secret: string): Promise<Account> {
    const given = typeof secret === 'string' ? secret.slice(0, 1024) : '';
    const row = typeof clientId === 'string' && CLIENT_ID_PATTERN.test(clientId) ? await this.row(clientId) : undefined;
    const matches = await verify(row?.secret_hash ?? (await dummy()), given);
    if (!row || !matches || row.disabled) throw new UnauthenticatedError(INVALID_CREDENTIALS);
    return toAccount(row);
  }

  /** By client id. */
  async get(clientId: string): Promise<Account> {
    const account = await this.find(clientId);
    if (!account) throw new NotFoundError(`account "${clientId}" not found`);
    return account;
  }

  async find(clientId: string): Promise<Account | undefined> {
    const row = await this.row(clientId);
    return row && toAccount(row);
  }

  async list(department?: string): Promise<Account[]> {
    const q = this.knex<AccountRow>('accounts').orderBy('client_id');
    if (department !== undefined) q.where({ department_code: department });
    return (await q).map(toAccount);
  }

  async disable(clientId: string): Promise<Account> {
    await this.get(clientId);
    await this.knex('accounts').where({ client_id: clientId }).update({ disabled: true });
    return this.get(clientId);
  }

  /** Replaces the secret (with a generated one when absent); tokens already issued stay valid until they expire. */
  async setSecret(clientId: string, secret?: string): Promise<AccountWithSecret> {
    if (secret !== undefined && !SECRET_PATTERN.test(secret)) {
      throw new InputError('invalid secret', [{ field: 'secret', message: 'must be 12-256 printable ASCII characters without spaces' }]);
    }
    await this.get(clientId);
    const next = secret ?? generateSecret();
    await this.knex('accounts').where({ client_id: clientId }).update({ secret_hash: await hash(next) });
    return { account: await this.get(clientId), secret: next };
  }

  private async row(clientId: string): Promise<AccountRow | undefined> {
    return this.knex<AccountRow>('accounts').where({ client_id: clientId }).first();
  }

  /** One InputError naming every bad field; the secret itself is never quoted. */
  private async validate(input: NewAccount): Promise<void> {
    const problems: FieldProblem[] = [];
    if (typeof input.clientId !== 'string' || !CLIENT_ID_PATTERN.test(input.clientId)) {
      problems.push({ field: 'clientId', message: 'must be 3-64 lowercase letters, digits or hyphens, starting with a letter or digit' });
    }
    if (!(ACCOUNT_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: `must be one of ${ACCOUNT_KINDS.join(', ')}` });
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > MAX_NAME) {
      problems.push({ field: 'name', message: `is required, at most ${MAX_NAME} characters` });
    }
    if (!Array.isArray(input.roles) || input.roles.length === 0) {
      problems.push({ field: 'roles', message: 'must hold at least one role' });
    } else {
      const unknown = input.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length) problems.push({ field: 'roles', message: `holds unknown ${unknown.map((r) => `"${String(r)}"`).join(', ')} (known: ${ROLES.join(', ')})` });
    }
    if (input.secret !== undefined && (typeof input.secret !== 'string' || !SECRET_PATTERN.test(input.secret))) {
      problems.push({ field: 'secret', message: 'must be 12-256 printable ASCII characters without spaces' });
    }
    if (typeof input.department !== 'string' || !input.department) {
      problems.push({ field: 'department', message: 'is required' });
    } else if (!(await this.departmentExists(input.department))) {
      problems.push({ field: 'department', message: `names no department "${input.department}"` });
    }
    if (problems.length) throw new InputError('invalid account', problems);
  }

  private async departmentExists(code: string): Promise<boolean> {
    return this.catalog.getDepartment(code).then(
      () => true,
      (err: unknown) => {
        if (err instanceof NotFoundError) return false;
        throw err;
      },
    );
  }
}
