/**
 * The subject index (who read whose data) is derived from the entries, which carry the keyed
 * hashes of their subjects and are what the chain proves. Indexing happens just after a commit,
 * off the request's path — a thousand-row read would otherwise wait for a thousand random index
 * inserts — and every reader of the index first brings it up to date, so it is never behind when
 * asked. The watermark row serialises indexers across connections and processes.
 */
import { type Database, insertRows, writeTransaction } from '../../shared/index.js';

const BATCH = 2000;

/** Indexes every entry past the watermark; returns how many entries it indexed. */
export async function indexSubjects(db: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await writeTransaction(db, async (trx) => {
      const query = trx('ledger_subject_watermark').where({ id: 1 }).first('indexed_seq');
      const mark: { indexed_seq: number | string } = db.dialect.name === 'postgres' ? await query.forUpdate() : await query;
      const from = Number(mark.indexed_seq);
      const entries: { seq: number | string; subjects: string }[] = await trx('ledger_entries').where('seq', '>', from).orderBy('seq').limit(BATCH).select('seq', 'subjects');
      if (!entries.length) return 0;
      const rows: [string, number][] = [];
      for (const e of entries) {
        let subjects: unknown;
        try {
          subjects = JSON.parse(e.subjects);
        } catch {
          subjects = []; // a damaged entry indexes nothing; `audit verify` names it
        }
        if (Array.isArray(subjects)) for (const s of new Set(subjects)) if (typeof s === 'string') rows.push([s, Number(e.seq)]);
      }
      await insertRows(trx, db.dialect, 'ledger_subjects', ['subject', 'seq'], rows);
      await trx('ledger_subject_watermark').where({ id: 1 }).update({ indexed_seq: Number(entries[entries.length - 1]!.seq) });
      return entries.length;
    });
    total += done;
    if (done < BATCH) return total;
  }
}
