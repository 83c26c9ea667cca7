/**
 * The data subject's own view of who used their data (我的数据使用记录). An operator who has
 * checked the person's or firm's identity approves access and hands over a short-lived ticket;
 * the ticket alone then opens the subject's history, so a public "my data use" page needs no
 * account. A ticket is `gsa1.<payload>.<mac>`: the payload (base64url JSON) names the subject only
 * by its keyed hash, and the MAC is the ledger key's HMAC over it, under a label no other use of
 * the key signs. Approvals, and each use of a ticket, are recorded in the ledger when one is given.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { type Database, InputError, UnauthenticatedError, type FieldProblem } from '../../shared/index.js';
import type { LedgerKey } from '../ledger/keys.js';
import type { Ledger } from '../ledger/Ledger.js';
import { requireRole, type Acting } from '../requests/permissions.js';
import { subjectUses } from './ledgerReads.js';
import type { SubjectUse } from './model.js';
import { subjectHashOf } from './subjects.js';

export interface SubjectAccessOptions {
  now?: () => Date;
  /** Where approvals and uses of tickets are recorded. */
  ledger?: Pick<Ledger, 'append'>;
}

export interface SubjectAccessTicket {
  ticket: string;
  expiresAt: string;
}

interface TicketPayload {
  /** Keyed hash of the subject. */
  sub: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  jti: string;
}

const PREFIX = 'gsa1';
const MAC_LABEL = 'govshare-subject-access-ticket:v1:';
export const DEFAULT_TICKET_MINUTES = 30;
export const MAX_TICKET_MINUTES = 24 * 60;
const MAX_TICKET_LENGTH = 1024;
const MAX_HISTORY = 1000;

export class SubjectAccess {
  private readonly now: () => Date;

  constructor(private readonly db: Database, private readonly key: LedgerKey, private readonly options: SubjectAccessOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** An operator approves a subject's access to their own history: a ticket valid for `ttlMinutes`. */
  async approve(principal: Acting, rawId: string, ttlMinutes: number = DEFAULT_TICKET_MINUTES): Promise<SubjectAccessTicket> {
    requireRole(principal, 'operator', 'approving subject access');
    const problems: FieldProblem[] = [];
    let subject: string | undefined;
    try {
      subject = subjectHashOf(this.key, rawId);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
    }
    if (!Number.isInteger(ttlMinutes) || ttlMinutes < 1 || ttlMinutes > MAX_TICKET_MINUTES) {
      problems.push({ field: 'ttlMinutes', message: `must be an integer from 1 to ${MAX_TICKET_MINUTES}` });
    }
    if (problems.length) throw new InputError('invalid subject access approval', problems);
    const iat = Math.floor(this.now().getTime() / 1000);
    const payload: TicketPayload = { sub: subject!, iat, exp: iat + ttlMinutes * 60, jti: randomUUID() };
    await this.options.ledger?.append({
      kind: 'workflow',
      action: 'subject-access.approved',
      actor: principal.accountId,
      department: principal.department,
      outcome: 'recorded',
      detail: { subject: payload.sub, ticket: payload.jti, expiresAt: new Date(payload.exp * 1000).toISOString() },
    });
    return { ticket: this.sign(payload), expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  /** The subject a ticket opens; UNAUTHENTICATED when it is missing, malformed, forged or expired. */
  open(ticket: unknown): { subject: string; ticketId: string; expiresAt: string } {
    const payload = this.verify(ticket);
    return { subject: payload.sub, ticketId: payload.jti, expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  /** The exchanges that returned the ticket's subject, newest first. */
  async history(ticket: unknown): Promise<SubjectUse[]> {
    const { subject, ticketId } = this.open(ticket);
    await this.options.ledger?.append({ kind: 'workflow', action: 'subject-access.viewed', outcome: 'recorded', detail: { subject, ticket: ticketId } });
    return subjectUses(this.db, subject, MAX_HISTORY);
  }

  private sign(payload: TicketPayload): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${PREFIX}.${body}.${this.mac(body)}`;
  }

  private mac(body: string): string {
    return Buffer.from(this.key.mac(`${MAC_LABEL}${body}`), 'hex').toString('base64url');
  }

  private verify(ticket: unknown): TicketPayload {
    if (typeof ticket !== 'string' || !ticket || ticket.length > MAX_TICKET_LENGTH) throw new UnauthenticatedError('a subject access ticket is required');
    const [prefix, body, mac, ...rest] = ticket.split('.');
    if (prefix !== PREFIX || !body || !mac || rest.length) throw new UnauthenticatedError('malformed subject access ticket');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new UnauthenticatedError('invalid subject access ticket');
    let payload: TicketPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketPayload;
    } catch {
      throw new UnauthenticatedError('malformed subject access ticket');
    }
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.jti !== 'string') throw new UnauthenticatedError('malformed subject access ticket');
    if (payload.exp * 1000 <= this.now().getTime()) throw new UnauthenticatedError('the subject access ticket has expired');
    return payload;
  }
}
