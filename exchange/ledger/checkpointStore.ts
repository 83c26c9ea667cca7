/**
 * Checkpoints on demand and their export. A copy of the checkpoints kept outside the database (a
 * file handed to the supervisor, another machine) is what proves later that history up to them
 * was not rewritten: an attacker who controls the database can recompute every hash and delete the
 * stored checkpoints, but cannot change the copy nor sign new ones without the key.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { type Config, type Database, ConflictError, InputError, type FieldProblem, writeTransaction } from '../../shared/index.js';
import { ed25519Signer, hmacSigner, type CheckpointSigner } from './checkpoints.js';
import { ledgerKeyFrom } from './keys.js';
import type { Checkpoint } from './model.js';

export interface CheckpointRow {
  seq: number | string;
  hash: string;
  at: string;
  algorithm: string;
  key_id: string;
  signature: string;
}

export function fromCheckpointRow(r: CheckpointRow): Checkpoint {
  return { seq: Number(r.seq), hash: r.hash, at: r.at, algorithm: r.algorithm as Checkpoint['algorithm'], keyId: r.key_id, signature: r.signature };
}

/** The configured checkpoint signer: Ed25519 when a signing key file is set, else the ledger's HMAC key. */
export function checkpointSignerFrom(config: Pick<Config, 'ledger' | 'dataDir' | 'nodeEnv'>): CheckpointSigner {
  return config.ledger.signingKeyFile ? ed25519Signer(config.ledger.signingKeyFile) : hmacSigner(ledgerKeyFrom(config));
}

/**
 * Signs the current head unless a checkpoint already stands there, and returns the checkpoint at
 * the head; null while the ledger is empty. Holds the head lock, so it never races an append.
 */
export async function checkpointNow(db: Database, signer: CheckpointSigner, options: { now?: () => Date } = {}): Promise<Checkpoint | null> {
  const now = options.now ?? (() => new Date());
  return writeTransaction(db, async (trx) => {
    const headQuery = trx('ledger_head').where({ id: 1 }).first('seq', 'hash');
    const head = (db.dialect.name === 'postgres' ? await headQuery.forUpdate() : await headQuery) as { seq: number | string; hash: string } | undefined;
    const seq = Number(head?.seq ?? 0);
    if (!head || seq === 0) return null;
    const existing = (await trx('ledger_checkpoints').where({ seq }).first()) as CheckpointRow | undefined;
    if (existing) return fromCheckpointRow(existing);
    // Never sign a head that does not name its entry: that would vouch for a tampered tail.
    const entry = (await trx('ledger_entries').where({ seq }).first('hash')) as { hash: string } | undefined;
    if (entry?.hash !== head.hash) throw new ConflictError(`the ledger head does not match entry ${seq}; run \`govshare audit verify\``);
    const at = now().toISOString();
    const checkpoint: Checkpoint = { seq, hash: head.hash, at, algorithm: signer.algorithm, keyId: signer.keyId, signature: signer.sign(seq, head.hash, at) };
    await trx('ledger_checkpoints').insert({ seq, hash: checkpoint.hash, at, algorithm: checkpoint.algorithm, key_id: checkpoint.keyId, signature: checkpoint.signature });
    return checkpoint;
  });
}

/** Every stored checkpoint, oldest first. */
export async function exportCheckpoints(knex: Knex): Promise<Checkpoint[]> {
  return ((await knex('ledger_checkpoints').orderBy('seq')) as CheckpointRow[]).map(fromCheckpointRow);
}

const FORMAT = 'govshare-ledger-checkpoints';

interface CheckpointFile {
  format: typeof FORMAT;
  version: 1;
  exportedAt: string;
  checkpoints: Checkpoint[];
}

/** Writes checkpoints as JSON (to a temporary name first, so a reader never sees half a file). */
export async function writeCheckpointFile(file: string, checkpoints: readonly Checkpoint[], now: () => Date = () => new Date()): Promise<void> {
  const content: CheckpointFile = { format: FORMAT, version: 1, exportedAt: now().toISOString(), checkpoints: [...checkpoints] };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { flush: true });
  await rename(temporary, file);
}

/** Reads a checkpoint file (or a bare JSON array of checkpoints); one InputError names every bad field. */
export async function readCheckpointFile(file: string): Promise<Checkpoint[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not JSON';
    throw new InputError(`the checkpoint file ${file} ${reason}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as Partial<CheckpointFile> | null)?.checkpoints;
  if (!Array.isArray(list)) throw new InputError(`the checkpoint file ${file} holds no checkpoints`, [{ field: 'checkpoints', message: 'must be an array' }]);
  const problems: FieldProblem[] = list.flatMap((c, i) => checkpointProblems(c, `checkpoints/${i}`));
  if (problems.length) throw new InputError(`the checkpoint file ${file} is not valid`, problems);
  return (list as Checkpoint[]).map(({ seq, hash, at, algorithm, keyId, signature }) => ({ seq, hash, at, algorithm, keyId, signature }));
}

function checkpointProblems(value: unknown, path: string): FieldProblem[] {
  if (value === null || typeof value !== 'object') return [{ field: path, message: 'must be an object' }];
  const c = value as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field: `${path}/${field}`, message });
  if (!Number.isSafeInteger(c.seq) || (c.seq as number) < 1) bad('seq', 'must be a positive integer');
  if (typeof c.hash !== 'string' || !/^[0-9a-f]{64}$/.test(c.hash)) bad('hash', 'must be 64 hexadecimal digits');
  if (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at))) bad('at', 'must be an ISO instant');
  if (c.algorithm !== 'HMAC-SHA256' && c.algorithm !== 'Ed25519') bad('algorithm', 'must be HMAC-SHA256 or Ed25519');
  if (typeof c.keyId !== 'string' || !c.keyId) bad('keyId', 'must be a key id');
  if (typeof c.signature !== 'string' || !c.signature) bad('signature', 'must be a signature');
  return problems;
}
