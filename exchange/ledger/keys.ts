/**
 * The ledger's key: keyed hashes (HMAC-SHA256) of personal identifiers, so the ledger can answer
 * "who read this person's data" without holding a single raw ID, and HMAC checkpoint signatures.
 */
import { createHash, hash } from 'node:crypto';
import type { Config } from '../../shared/index.js';
import { developmentSecret } from '../accounts/tokens.js';

export const LEDGER_KEY_FILE = 'ledger-key';

const BLOCK = 64; // SHA-256 block size

export class LedgerKey {
  /** A short public id of the key, stored with checkpoints. */
  readonly id: string;
  private readonly inner: Buffer;
  private readonly outer: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new Error('the ledger key must be at least 32 bytes');
    this.id = createHash('sha256').update(key).digest('hex').slice(0, 16);
    // HMAC's padded keys (RFC 2104), prepared once: a request may hash a thousand identifiers, and
    // two one-shot hashes cost a fraction of building an Hmac object per value.
    const k = Buffer.alloc(BLOCK);
    (key.length > BLOCK ? createHash('sha256').update(key).digest() : key).copy(k);
    this.inner = Buffer.from(k.map((b) => b ^ 0x36));
    this.outer = Buffer.from(k.map((b) => b ^ 0x5c));
  }

  /** The keyed hash of an identifier (trimmed, upper-cased: `x` and `X` check digits are one ID). */
  subject(value: string): string {
    return this.mac(`subject:${value.trim().toUpperCase()}`);
  }

  /** The keyed hash of any other value that must not be stored raw (keys, filter values). */
  value(value: unknown): string {
    return this.mac(`value:${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }

  /** HMAC-SHA256 of `text`, hex (equal to `createHmac('sha256', key)`; the tests hold it to that). */
  mac(text: string): string {
    const innerHash = hash('sha256', Buffer.concat([this.inner, Buffer.from(text, 'utf8')]), 'buffer');
    return hash('sha256', Buffer.concat([this.outer, innerHash]), 'hex');
  }

}

/** The configured key; outside production a generated one kept in `dataDir`. */
export function ledgerKeyFrom(config: Pick<Config, 'ledger' | 'dataDir' | 'nodeEnv'>): LedgerKey {
  if (config.ledger.key) return new LedgerKey(Buffer.from(config.ledger.key, 'utf8'));
  if (config.nodeEnv === 'production') throw new Error('GOVSHARE_LEDGER_KEY must be set in production');
  return new LedgerKey(developmentSecret(config.dataDir, LEDGER_KEY_FILE));
}
