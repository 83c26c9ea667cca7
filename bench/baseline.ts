/**
 * The baseline: bare express answering the same reads as govshare with prepared sqlite3
 * statements on the same database file, no policy, no masks, no GraphQL. Started as a child
 * process by `bench/run.ts`. argv: <sqlite file> <port> <json BaselineSpec>
 */
import express from 'express';
import sqlite3 from 'sqlite3';

export interface BaselineSpec {
  /** `GET /lookup/:table/:key` — one row by key. */
  lookups: { table: string; keyColumn: string; select: [apiName: string, column: string][] }[];
  /** `GET /page/:table?after=KEY` — 100 rows in key order. `POST /keys/:table` — rows for up to 1000 keys. */
  pages: { table: string; keyColumn: string; select: [apiName: string, column: string][]; size: number }[];
  /** `GET /download/:table` — every row as CSV, read in row-id pages of 2,000, written with backpressure. */
  downloads?: { table: string; columns: string[] }[];
}

const [file, port, specJson] = process.argv.slice(2) as [string, string, string];
const spec: BaselineSpec = JSON.parse(specJson);
const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
db.configure('busyTimeout', 10_000);
const selectList = (pairs: [string, string][]) => pairs.map(([api, col]) => `"${col}" AS "${api}"`).join(', ');

const app = express();
app.use(express.json({ limit: '1mb' }));

const reply = (res: express.Response) => (err: Error | null, rows: unknown) => {
  if (err) res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR' } });
  else if (rows === undefined) res.status(404).json({ error: { code: 'NOT_FOUND' } });
  else res.json({ data: rows });
};

for (const l of spec.lookups) {
  const statement = db.prepare(`SELECT ${selectList(l.select)} FROM "${l.table}" WHERE "${l.keyColumn}" = ?`);
  app.get(`/lookup/${l.table}/:key`, (req, res) => statement.get(req.params.key, reply(res)));
}
for (const p of spec.pages) {
  const first = db.prepare(`SELECT ${selectList(p.select)} FROM "${p.table}" ORDER BY "${p.keyColumn}" LIMIT ${p.size}`);
  const next = db.prepare(`SELECT ${selectList(p.select)} FROM "${p.table}" WHERE "${p.keyColumn}" > ? ORDER BY "${p.keyColumn}" LIMIT ${p.size}`);
  const batch = db.prepare(`SELECT ${selectList(p.select)} FROM "${p.table}" WHERE "${p.keyColumn}" IN (${new Array(1000).fill('?').join(',')})`);
  app.get(`/page/${p.table}`, (req, res) => {
    const after = typeof req.query.after === 'string' ? req.query.after : undefined;
    if (after) next.all(after, reply(res));
    else first.all(reply(res));
  });
  app.post(`/keys/${p.table}`, (req, res) => {
    const keys: string[] = req.body.keys;
    batch.all([...keys, ...new Array(1000 - keys.length).fill(null)], reply(res));
  });
}
for (const d of spec.downloads ?? []) {
  const page = db.prepare(`SELECT _row_id, ${d.columns.map((c) => `"${c}"`).join(', ')} FROM "${d.table}" WHERE _row_id > ? ORDER BY _row_id LIMIT 2000`);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  app.get(`/download/${d.table}`, (_req, res) => {
    res.type('text/csv');
    res.write(`${d.columns.join(',')}\r\n`);
    const next = (after: number) =>
      page.all(after, (err: Error | null, rows: Record<string, unknown>[]) => {
        if (err) return res.destroy(err);
        if (rows.length === 0) return res.end();
        const text = rows.map((r) => `${d.columns.map((c) => cell(r[c])).join(',')}\r\n`).join('');
        const last = Number(rows[rows.length - 1]!._row_id);
        if (res.write(text)) next(last);
        else res.once('drain', () => next(last));
      });
    next(0);
  });
}
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});
app.listen(Number(port), '127.0.0.1');
