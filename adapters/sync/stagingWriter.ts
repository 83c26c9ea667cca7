/**
 * Writes what a run read, a commit at a time: valid rows into the staging table, quarantine
 * records, and the run's counters, in one transaction. PostgreSQL loads with COPY on a pooled
 * connection; SQLite with prepared multi-row INSERTs of the pre-built rows.
 */
import type pg from 'pg';
import type { Database } from '../../shared/index.js';
import { copyRows } from './pgCopy.js';
import { SqliteBulkSession } from './sqliteBulk.js';
import type { QuarantineRecord } from './rowPipeline.js';

export const QUARANTINE_COLUMNS = ['run_id', 'resource', 'position', 'field', 'reason', 'source_values'] as const;

export interface Commit {
  rows: readonly unknown[][];
  quarantine: readonly QuarantineRecord[];
  /** The run's counters after this commit, and its heartbeat. */
  counts: Record<string, number>;
  at: string;
}

export interface StagingWriter {
  write(commit: Commit): Promise<void>;
}

export function stagingWriter(db: Database, runId: number, resource: string, staging: string | null, columns: readonly string[]): StagingWriter {
  const quarantineRows = (records: readonly QuarantineRecord[]) => records.map((q) => [runId, resource, q.position, q.field, q.reason, q.values]);
  if (db.dialect.name === 'postgres') {
    return {
      async write(commit) {
        const conn = (await db.knex.client.acquireConnection()) as pg.ClientBase;
        try {
          await conn.query('BEGIN');
          if (staging) await copyRows(conn, staging, columns, commit.rows);
          await copyRows(conn, 'adapter_quarantine', QUARANTINE_COLUMNS, quarantineRows(commit.quarantine));
          const names = Object.keys(commit.counts);
          await conn.query(
            `UPDATE adapter_runs SET ${names.map((n, i) => `"${n}" = $${i + 1}`).join(', ')}, heartbeat_at = $${names.length + 1} WHERE id = $${names.length + 2}`,
            [...Object.values(commit.counts), commit.at, runId],
          );
          await conn.query('COMMIT');
        } catch (err) {
          await conn.query('ROLLBACK').catch(() => {});
          throw err;
        } finally {
          await db.knex.client.releaseConnection(conn);
        }
      },
    };
  }
  return {
    async write(commit) {
      await SqliteBulkSession.transaction(db.knex, async (session) => {
        if (staging) await session.insert(staging, columns, commit.rows);
        await session.insert('adapter_quarantine', QUARANTINE_COLUMNS, quarantineRows(commit.quarantine));
        const names = Object.keys(commit.counts);
        await session.run(`UPDATE adapter_runs SET ${names.map((n) => `"${n}" = ?`).join(', ')}, heartbeat_at = ? WHERE id = ?`, [...Object.values(commit.counts), commit.at, runId]);
      });
    },
  };
}
