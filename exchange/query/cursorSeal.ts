/**
 * Sealed row ids for cursors over live sources. A live source's row id is its natural key, and a
 * cursor orders by the row id exactly when the grant hides the key — so the key must travel
 * encrypted, not base64-encoded: AES-256-GCM under a key derived from the platform's secret, which
 * every gateway process shares, so a cursor from one process works on another.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface RowIdSeal {
  seal(rowId: string): string;
  /** The row id a sealed token holds; undefined for anything this seal did not make. */
  open(token: string): string | undefined;
}

/** A seal keyed by `secret`; without one, a random key that lives as long as the process. */
export function rowIdSeal(secret?: string | Buffer): RowIdSeal {
  const key = createHash('sha256')
    .update('govshare/cursor-row-id\n')
    .update(secret ?? randomBytes(32))
    .digest();
  return {
    seal(rowId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(rowId, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(token) {
      const raw = Buffer.from(token, 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined; // forged or sealed under another key
      }
    },
  };
}
