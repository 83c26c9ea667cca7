/**
 * Chinese identifiers and their check digits (DESIGN §5).
 * - Resident ID number, GB 11643: ISO 7064 MOD 11-2.
 * - Unified social credit code, GB 32100: MOD 31 over a 31-character alphabet.
 */

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const RESIDENT_CHECK = '10X98765432';
const RESIDENT_PATTERN = /^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

/** The check character for the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('a resident ID body is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_WEIGHTS[i]!;
  return RESIDENT_CHECK[sum % 11]!;
}

export interface ResidentIdParts {
  region: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Parses a resident ID number; `undefined` unless its structure, birth date and check digit are valid. */
export function parseResidentId(value: string): ResidentIdParts | undefined {
  const m = RESIDENT_PATTERN.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || !isCalendarDate(y, mo, d)) return undefined;
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return undefined;
  return {
    region: value.slice(0, 6),
    birthDate: `${m[1]}-${m[2]}-${m[3]}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

export function isValidResidentId(value: string): boolean {
  return parseResidentId(value) !== undefined;
}

/** The 31 characters of GB 32100 (no I, O, Z, S, V). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CREDIT_PATTERN = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

/** The check character for the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('a credit code body is 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`"${first17[i]}" is not in the credit code alphabet`);
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function isValidCreditCode(value: string): boolean {
  if (!CREDIT_PATTERN.test(value)) return false;
  return creditCodeCheckChar(value.slice(0, 17)) === value[17];
}
