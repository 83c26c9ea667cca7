/**
 * `govshare audit …`: verify the ledger, sign and export checkpoints, write and verify archives.
 * A verdict that the ledger is not intact sets exit code 1 and names the first bad entry.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  archiveLedger,
  checkpointNow,
  checkpointSignerFrom,
  ed25519Verifier,
  exportCheckpoints,
  pruneArchived,
  readCheckpointFile,
  verifyArchive,
  verifyLedger,
  writeCheckpointFile,
  type CheckpointVerifier,
} from '../../exchange/index.js';
import { loadConfig, type Config } from '../../shared/index.js';
import { withDatabase } from './context.js';

/** An Ed25519 public key verifies offline, without the signing key; otherwise the configured signer. */
function verifierFrom(config: Config, publicKeyFile?: string): CheckpointVerifier {
  return publicKeyFile ? ed25519Verifier(createPublicKey(readFileSync(publicKeyFile))) : checkpointSignerFrom(config);
}

export async function auditVerifyCommand(opts: { checkpoints?: string; publicKey?: string }): Promise<void> {
  const config = loadConfig();
  const verifier = verifierFrom(config, opts.publicKey);
  const checkpoints = opts.checkpoints ? await readCheckpointFile(opts.checkpoints) : undefined;
  // Verification only reads: it does not migrate the database it inspects.
  await withDatabase(async (db) => {
    const result = await verifyLedger(db.knex, { verifier, checkpoints });
    if (result.ok) {
      console.log(`ledger intact: ${result.entries} entries, head ${result.head.seq} ${result.head.hash}, ${result.checkpoints} checkpoints`);
    } else {
      console.log(result.problem.message);
      process.exitCode = 1;
    }
  }, { config, migrate: false });
}

export async function auditCheckpointCommand(opts: { out?: string; verify: boolean }): Promise<void> {
  const config = loadConfig();
  const signer = checkpointSignerFrom(config);
  await withDatabase(async (db) => {
    if (opts.verify) {
      // Signing a tampered ledger would vouch for it.
      const result = await verifyLedger(db.knex, { verifier: signer });
      if (!result.ok) {
        console.log(`not signing: ${result.problem.message}`);
        process.exitCode = 1;
        return;
      }
    }
    const checkpoint = await checkpointNow(db, signer);
    console.log(checkpoint ? `checkpoint ${checkpoint.seq} ${checkpoint.hash} (${checkpoint.algorithm}, key ${checkpoint.keyId}, ${checkpoint.at})` : 'the ledger is empty: nothing to sign');
    if (opts.out) {
      const all = await exportCheckpoints(db.knex);
      await writeCheckpointFile(opts.out, all);
      console.log(`wrote ${all.length} checkpoints to ${opts.out}`);
    }
  }, { config });
}

export async function auditArchiveCommand(opts: { through?: number; before?: string; out: string }): Promise<void> {
  const config = loadConfig();
  await withDatabase(async (db) => {
    const archive = await archiveLedger(db, { through: opts.through, before: opts.before, file: opts.out });
    console.log(`archived entries ${archive.first}–${archive.last} to ${opts.out} (sha256 ${archive.fileSha256}); the entries stay in the ledger`);
  }, { config });
}

export async function auditPruneCommand(): Promise<void> {
  const config = loadConfig();
  await withDatabase(async (db) => {
    const result = await pruneArchived(db);
    console.log(`pruned ${result.entries} archived entries; the chain in the database now starts after entry ${result.anchor.seq} (${result.anchor.hash})`);
  }, { config });
}

export async function auditVerifyArchiveCommand(file: string, opts: { previous?: string; checkpoints?: string; publicKey?: string }): Promise<void> {
  const checkpoints = opts.checkpoints ? await readCheckpointFile(opts.checkpoints) : undefined;
  // Without checkpoints the archive verifies on its own: no configuration or key is needed.
  const verifier = checkpoints || opts.publicKey ? verifierFrom(loadConfig(), opts.publicKey) : undefined;
  const result = await verifyArchive(file, opts.previous, { checkpoints, verifier });
  if (!result.ok) {
    console.log(`line ${result.problem.line}: ${result.problem.message}`);
    process.exitCode = 1;
    return;
  }
  const link = { genesis: 'starts the chain', verified: 'continues the previous archive', unchecked: 'link to the previous archive not checked (give --previous)' }[result.previous];
  console.log(`archive intact: entries ${result.first}–${result.last}, last hash ${result.lastHash}, sha256 ${result.sha256}; ${link}`);
}
