/**
 * The masking rules of the catalog (DESIGN §5). A masked value is masked everywhere:
 * responses, errors, logs, exports and the audit ledger all call these functions.
 */
export const MASK_RULES = ['residentId', 'mobile', 'name', 'address', 'none'] as const;
export type MaskRule = (typeof MASK_RULES)[number];

/** Keeps the first 6 and the last 4 characters: `441802********1234`. */
export function maskResidentId(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** Keeps the first 3 and the last 4 digits: `138****5678`. */
export function maskMobile(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** Keeps the first character: `张**`. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length === 0) return value;
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

// Province, prefecture, then the county-level unit (区, 县, 旗 or a county-level 市). Province and
// prefecture names hold none of 省市区县旗, so those groups cannot reach past the district into a
// street (省道, 市场路); `州市` is tried before `州` so that 杭州市 is one prefecture.
const DISTRICT_PREFIX = /^(?:[^省市区县旗]{1,12}?(?:省|自治区))?(?:[^省市区县旗]{1,12}?(?:州市|市|州|盟))?.{1,12}?(?:区|县|旗|市)/u;

/** Keeps the address up to and including its district: `清远市清城区****`. */
export function maskAddress(value: string): string {
  const m = DISTRICT_PREFIX.exec(value);
  if (!m || m[0].length === value.length) return '****';
  return `${m[0]}****`;
}

export function applyMask(rule: MaskRule, value: string): string {
  switch (rule) {
    case 'residentId':
      return maskResidentId(value);
    case 'mobile':
      return maskMobile(value);
    case 'name':
      return maskName(value);
    case 'address':
      return maskAddress(value);
    case 'none':
      return value;
    default: {
      const unreachable: never = rule;
      throw new Error(`unknown mask rule ${String(unreachable)}`);
    }
  }
}
