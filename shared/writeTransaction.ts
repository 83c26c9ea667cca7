/**
 * A transaction that reads and then writes. SQLite starts a plain BEGIN as a reader and upgrades it
 * on the first write; if another connection committed in between, the upgrade fails at once with
 * SQLITE_BUSY (the busy timeout does not apply to a stale snapshot). Taking the write lock with the
 * first statement makes such transactions queue behind each other under the busy timeout instead.
 */
import type { Knex } from 'knex';
import type { Database } from './database.js';

export async function writeTransaction<T>(db: Database, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.knex.transaction(async (trx) => {
      await db.dialect.lockForWrite(trx);
      return work(trx);
    });
  } catch (err) {
    throw db.dialect.translateError(err) ?? err;
  }
}
