/**
 * The baseline of the key-lookup case: bare express answering the same lookup with one prepared
 * sqlite3 statement on the same database file. Started as a child process by `bench/run.ts`.
 * argv: <sqlite file> <port> <table> <key column> <json of [apiName, column] pairs>
 */
import express from 'express';
import sqlite3 from 'sqlite3';

const [file, port, table, keyColumn, pairsJson] = process.argv.slice(2) as [string, string, string, string, string];
const pairs: [string, string][] = JSON.parse(pairsJson);
const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
db.configure('busyTimeout', 10_000);
const select = pairs.map(([api, col]) => `"${col}" AS "${api}"`).join(', ');
const statement = db.prepare(`SELECT ${select} FROM "${table}" WHERE "${keyColumn}" = ?`);

const app = express();
app.get('/api/v1/resources/:code/rows/:key', (req, res) => {
  statement.get(req.params.key, (err: Error | null, row: unknown) => {
    if (err) res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR' } });
    else if (!row) res.status(404).json({ error: { code: 'NOT_FOUND' } });
    else res.json({ data: row });
  });
});
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});
app.listen(Number(port), '127.0.0.1');
