/**
 * Checkpoints: the chain head signed with the ledger's HMAC key or an Ed25519 key. A copy of the
 * checkpoints held elsewhere proves later that history up to them was not rewritten.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LedgerKey } from './keys.js';
import type { Checkpoint } from './model.js';

export interface CheckpointSigner {
  readonly algorithm: Checkpoint['algorithm'];
  readonly keyId: string;
  sign(seq: number, hash: string, at: string): string;
  verify(checkpoint: Checkpoint): boolean;
}

function message(seq: number, hash: string, at: string): string {
  return `govshare-ledger-checkpoint:${seq}:${hash}:${at}`;
}

export function hmacSigner(key: LedgerKey): CheckpointSigner {
  return {
    algorithm: 'HMAC-SHA256',
    keyId: key.id,
    sign: (seq, hash, at) => Buffer.from(key.mac(message(seq, hash, at)), 'hex').toString('base64url'),
    verify: (c) => c.algorithm === 'HMAC-SHA256' && c.keyId === key.id && Buffer.from(key.mac(message(c.seq, c.hash, c.at)), 'hex').toString('base64url') === c.signature,
  };
}

/** Ed25519 from a PEM private key file; the public key alone verifies (`ed25519Verifier`). */
export function ed25519Signer(privateKeyFile: string): CheckpointSigner {
  const privateKey = createPrivateKey(readFileSync(privateKeyFile));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privateKeyFile} is not an Ed25519 private key`);
  const verifier = ed25519Verifier(createPublicKey(privateKey));
  return {
    ...verifier,
    sign: (seq, hash, at) => sign(null, Buffer.from(message(seq, hash, at)), privateKey).toString('base64url'),
  };
}

export function ed25519Verifier(publicKey: KeyObject): Omit<CheckpointSigner, 'sign'> & { sign(): never } {
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return {
    algorithm: 'Ed25519',
    keyId,
    sign: () => {
      throw new Error('a public key cannot sign');
    },
    verify: (c) =>
      c.algorithm === 'Ed25519' && c.keyId === keyId && verify(null, Buffer.from(message(c.seq, c.hash, c.at)), publicKey, Buffer.from(c.signature, 'base64url')),
  };
}
