/**
 * A department's REST API for the REST source tests: a real express server on an ephemeral port
 * serving the same persons in each paging style, and endpoints that fail in the ways real APIs do.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { residentIdCheckChar } from '../../shared/identifiers.js';

export interface PersonRecord {
  idNumber: string;
  name: string;
  gender: string;
  address: { district: string; detail: string };
  phones: string[];
  updatedAt: string;
}

const DISTRICTS = ['清城区', '清新区', '英德市', '连州市', '佛冈县', '阳山县', '连南瑶族自治县'];

const residentId = (first17: string) => first17 + residentIdCheckChar(first17);

export const PERSONS: PersonRecord[] = DISTRICTS.map((district, i) => ({
  idNumber: residentId(`4418021990051200${i}`),
  name: `居民${i + 1}`,
  gender: String((i % 2) + 1),
  address: { district, detail: `${district}人民路${i + 1}号` },
  phones: [`1381234567${i}`],
  updatedAt: `2026-11-0${i + 1}`,
}));

export const TOKEN = 'Bearer s3cret-token';

export interface TestApi {
  url: string;
  /** Requests per path since the last reset. */
  calls: Map<string, number>;
  /** The `since` parameters the API received. */
  sinces: string[];
  /** The Authorization headers the API received. */
  authorizations: (string | undefined)[];
  reset(): void;
  close(): Promise<void>;
}

const int = (value: unknown, fallback: number) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : fallback);

export async function startTestApi(): Promise<TestApi> {
  const app = express();
  const calls = new Map<string, number>();
  const sinces: string[] = [];
  const authorizations: (string | undefined)[] = [];
  app.use((req, _res, next) => {
    calls.set(req.path, (calls.get(req.path) ?? 0) + 1);
    authorizations.push(req.headers.authorization);
    if (typeof req.query.since === 'string') sinces.push(req.query.since);
    next();
  });
  const count = (path: string) => calls.get(path) ?? 0;

  app.get('/persons/pages', (req, res) => {
    const page = int(req.query.page, 1);
    const size = int(req.query.pageSize, 500);
    res.json({ code: 0, data: { items: PERSONS.slice((page - 1) * size, page * size), total: PERSONS.length } });
  });
  app.get('/persons/offsets', (req, res) => {
    const offset = int(req.query.offset, 0);
    res.json(PERSONS.slice(offset, offset + int(req.query.limit, 500)));
  });
  app.get('/persons/cursor', (req, res) => {
    const from = typeof req.query.cursor === 'string' ? Number(Buffer.from(req.query.cursor, 'base64url').toString()) : 0;
    const next = from + 3 < PERSONS.length ? Buffer.from(String(from + 3)).toString('base64url') : null;
    res.json({ items: PERSONS.slice(from, from + 3), paging: { next } });
  });
  app.get('/persons/changed', (req, res) => {
    const since = typeof req.query.since === 'string' ? req.query.since : '';
    res.json({ items: PERSONS.filter((p) => p.updatedAt > since) });
  });
  app.get('/persons/ignoring-paging', (_req, res) => {
    res.json(PERSONS);
  });
  app.get('/persons/same-cursor', (_req, res) => {
    res.json({ items: PERSONS.slice(0, 1), paging: { next: 'again' } });
  });
  app.get('/persons/mixed', (_req, res) => {
    res.json([PERSONS[0], 42, PERSONS[1]]);
  });
  app.get('/flaky', (req, res) => {
    if (count(req.path) <= 2) res.status(503).json({ message: 'maintenance' });
    else res.json(PERSONS.slice(0, 2));
  });
  app.get('/limited', (req, res) => {
    if (count(req.path) === 1) res.status(429).set('Retry-After', '1').json({ message: 'slow down' });
    else res.json(PERSONS.slice(0, 1));
  });
  app.get('/slow', (_req, res) => {
    setTimeout(() => res.json(PERSONS), 400).unref();
  });
  app.get('/broken', (_req, res) => {
    res.status(500).json({ message: 'database down' });
  });
  app.get('/not-json', (_req, res) => {
    res.type('text/html').send('<html>login</html>');
  });
  app.get('/secure', (req, res) => {
    if (req.headers.authorization !== TOKEN) res.status(401).json({ message: 'unauthorized' });
    else res.json(PERSONS.slice(0, 3));
  });
  app.get('/basic', (req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('psb:pa ss').toString('base64')}`) res.status(401).json({ message: 'unauthorized' });
    else res.json(PERSONS.slice(0, 1));
  });
  app.get('/lookup/broken/:id', (_req, res) => {
    res.status(500).json({ message: 'database down' });
  });
  app.get('/lookup/persons/:id', (req, res) => {
    const person = PERSONS.find((p) => p.idNumber === req.params.id);
    if (person) res.json({ data: person });
    else res.status(404).json({ message: 'no such person' });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sinces,
    authorizations,
    reset() {
      calls.clear();
      sinces.length = 0;
      authorizations.length = 0;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
