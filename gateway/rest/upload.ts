/**
 * `POST /api/v1/resources/{code}/upload`: a publisher pushes a CSV or Excel file for its own
 * resource. The body is streamed to a temporary file (never held in memory), synced through the
 * same runner as any source — validated, bad rows quarantined with reasons — and removed. The answer
 * is the run's report: 200 when it succeeded, 422 when it failed (live data untouched).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import { csvSource, excelSource, SYNC_MODES, type SourceAdapter, type SyncMode, type SyncRunner } from '../../adapters/index.js';
import type { Catalog } from '../../catalog/index.js';
import { assertMayPublish } from '../../exchange/index.js';
import { InputError, type FieldProblem } from '../../shared/index.js';
import { requirePrincipal } from '../auth.js';

const EXCEL_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'text/tab-separated-values'];
const PARAMETERS = new Set(['mode', 'encoding', 'delimiter', 'sheet']);

export interface UploadOptions {
  maxBytes: number;
  /** Where bodies are spooled (default: the system's temporary directory). */
  spoolDir?: string;
}

interface UploadRequest {
  kind: 'csv' | 'excel';
  mode?: SyncMode;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What the request asks for, every bad parameter named at once. */
function readRequest(req: Request): UploadRequest {
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(req.query)) {
    if (!PARAMETERS.has(name)) problems.push({ field: name, message: `is not a parameter of upload (use ${[...PARAMETERS].join(', ')})` });
    else if (typeof req.query[name] !== 'string') problems.push({ field: name, message: 'must be given once' });
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const kind = EXCEL_TYPES.includes(type) ? 'excel' : CSV_TYPES.includes(type) ? 'csv' : undefined;
  if (!kind) problems.push({ field: 'Content-Type', message: `must be text/csv or ${EXCEL_TYPES[0]} (.xlsx)` });
  const mode = single(req.query.mode);
  if (mode !== undefined && !SYNC_MODES.includes(mode as SyncMode)) problems.push({ field: 'mode', message: `must be one of ${SYNC_MODES.join(', ')}` });
  const delimiter = single(req.query.delimiter);
  if (delimiter !== undefined && ![',', '\t', ';', '|'].includes(delimiter)) problems.push({ field: 'delimiter', message: 'must be one of , ; | or a tab' });
  if (problems.length) throw new InputError('invalid upload', problems);
  return { kind: kind!, mode: mode as SyncMode | undefined, encoding: single(req.query.encoding), delimiter, sheet: single(req.query.sheet) };
}

/** Counts bytes on the way to the spool file and stops a body over the limit. */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new InputError('invalid upload', [{ field: 'body', message: `is larger than the ${Math.round(maxBytes / 1048576)} MB allowed` }]));
      else done(null, chunk);
    },
  });
}

export function uploadRouter(catalog: Catalog, runner: SyncRunner, options: UploadOptions): Router {
  const router = Router();
  router.post('/resources/:code/upload', async (req, res) => {
    const principal = requirePrincipal(res);
    const resource = await catalog.getResource(req.params.code!);
    assertMayPublish(principal, resource);
    const asked = readRequest(req);
    const dir = options.spoolDir ?? join(tmpdir(), 'govshare-uploads');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${randomUUID()}.${asked.kind === 'excel' ? 'xlsx' : 'csv'}`);
    try {
      await pipeline(req, byteLimit(options.maxBytes), createWriteStream(file, { flags: 'wx' }));
      const source: SourceAdapter =
        asked.kind === 'excel' ? excelSource(file, { sheet: asked.sheet }) : csvSource(file, { encoding: asked.encoding, delimiter: asked.delimiter });
      const report = await runner.run(resource.code, { source, mode: asked.mode });
      res.status(report.status === 'succeeded' ? 200 : 422).json({ data: report });
    } finally {
      await rm(file, { force: true });
    }
  });
  return router;
}
