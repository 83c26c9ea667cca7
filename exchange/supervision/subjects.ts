/**
 * Data subjects as supervision names them: a resident ID or a unified social credit code comes in
 * raw, is checked, and from then on exists only as its keyed hash. The raw value never appears in
 * an error.
 */
import { InputError, isValidCreditCode, isValidResidentId } from '../../shared/index.js';
import type { LedgerKey } from '../ledger/keys.js';

const SUBJECT_HASH = /^[0-9a-f]{64}$/;

/** The keyed hash of a raw resident ID or credit code; BAD_USER_INPUT (naming only `field`) when its check digit fails. */
export function subjectHashOf(key: LedgerKey, raw: unknown, field = 'id'): string {
  const value = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!isValidResidentId(value) && !isValidCreditCode(value)) {
    throw new InputError('invalid subject', [{ field, message: 'is not a valid resident ID number or unified social credit code' }]);
  }
  return key.subject(value);
}

export function assertSubjectHash(value: unknown, field = 'subject'): asserts value is string {
  if (typeof value !== 'string' || !SUBJECT_HASH.test(value)) throw new InputError('invalid subject', [{ field, message: 'must be a keyed hash (64 hex digits)' }]);
}
