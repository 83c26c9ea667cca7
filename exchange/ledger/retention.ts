/**
 * Retention: entries that were archived (and whose archive files are kept elsewhere) may leave the
 * database. Only whole archives are pruned, oldest first and contiguously, and only when the
 * database still holds exactly what the archive sealed; the newest pruned archive then anchors the
 * chain for `audit verify`, and the archive files prove what came before.
 */
import { type Database, ConflictError, InputError, writeTransaction } from '../../shared/index.js';
import { chainAnchor } from './verify.js';

export interface PruneResult {
  /** Entries removed. */
  entries: number;
  /** The chain's new anchor: the last pruned entry. */
  anchor: { seq: number; hash: string };
}

/** Removes every archived, not yet pruned entry from the database. */
export async function pruneArchived(db: Database, options: { now?: () => Date } = {}): Promise<PruneResult> {
  const now = options.now ?? (() => new Date());
  return writeTransaction(db, async (trx) => {
    const anchor = await chainAnchor(trx);
    const archives: { id: number; first_seq: number | string; last_seq: number | string; last_hash: string }[] = await trx('ledger_archives')
      .whereNull('pruned_at')
      .orderBy('first_seq')
      .select('id', 'first_seq', 'last_seq', 'last_hash');
    if (!archives.length) throw new InputError('nothing to prune', [{ field: 'archives', message: 'no archived entries remain in the database; archive first' }]);
    let through = anchor.seq;
    for (const a of archives) {
      if (Number(a.first_seq) !== through + 1) throw new ConflictError(`archive ${a.id} does not continue the chain at entry ${through + 1}; prune nothing`);
      through = Number(a.last_seq);
    }
    const last = archives[archives.length - 1]!;
    const entry = (await trx('ledger_entries').where({ seq: through }).first('hash')) as { hash: string } | undefined;
    if (!entry || entry.hash !== last.last_hash) {
      throw new ConflictError(`entry ${through} is not the entry archive ${last.id} sealed; run \`govshare audit verify\``);
    }
    await trx('ledger_subjects').where('seq', '<=', through).delete();
    await trx('ledger_checkpoints').where('seq', '<=', through).delete();
    const entries = await trx('ledger_entries').where('seq', '<=', through).andWhere('seq', '>', anchor.seq).delete();
    await trx('ledger_subject_watermark').where({ id: 1 }).andWhere('indexed_seq', '<', through).update({ indexed_seq: through });
    await trx('ledger_archives').whereIn('id', archives.map((a) => a.id)).update({ pruned_at: now().toISOString() });
    return { entries, anchor: { seq: through, hash: last.last_hash } };
  });
}
