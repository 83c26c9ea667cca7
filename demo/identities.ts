/** Builders of the identifiers the demo world hands out; the check digits come from shared/identifiers. */
import { creditCodeCheckChar, residentIdCheckChar } from '../shared/index.js';

/** A resident ID (GB 11643): region, birth date, a sequence whose last digit is odd for men, check digit. */
export function residentId(region: string, birth: string, sequence: number): string {
  const body = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The check character of an organisation code (GB 11714): digits count as themselves, A–Z as 10–35. */
export function organisationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new RangeError('an organisation code body is 8 digits or capital letters');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i], 36) * ORG_WEIGHTS[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A unified social credit code (GB 32100): registration authority (1 机构编制, 9 工商), entity kind
 * (for 工商: 1 企业, 2 个体工商户, 3 农民专业合作社; for 机构编制: 1 机关), region, organisation code.
 */
export function creditCode(authority: string, kind: string, region: string, organisationBody: string): string {
  const body = `${authority}${kind}${region}${organisationBody}${organisationCodeCheckChar(organisationBody)}`;
  return body + creditCodeCheckChar(body);
}
