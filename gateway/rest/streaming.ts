/**
 * Writing large responses batch by batch with backpressure (a slow client slows the reading down,
 * nothing piles up in memory), cache validators from a resource's last sync, and download names.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Resource } from '../../catalog/index.js';
import type { DataRecord } from '../../exchange/index.js';

/**
 * A wait for the response to take more (or to close: a client that went away). One listener for
 * the whole response: compression moves drain listeners onto its zlib stream, where neither
 * `res.off` nor `once` can remove them again.
 */
function drainGate(res: Response): () => Promise<void> {
  let waiting: (() => void) | undefined;
  const release = () => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.();
  };
  res.on('drain', release);
  res.on('close', release);
  return () => (res.destroyed ? Promise.resolve() : new Promise((resolve) => (waiting = resolve)));
}

/**
 * Writes `head`, each batch encoded, then `tail`. Stops reading when the client goes away. Headers
 * must be set before; once the first byte is out a failure can only cut the response short, which
 * the caller does by destroying it, so a partial file never looks complete.
 */
export async function streamBatches(res: Response, head: string, batches: AsyncIterable<DataRecord[]>, encode: (batch: DataRecord[]) => string, tail = ''): Promise<number> {
  const writable = drainGate(res);
  let rows = 0;
  if (head && !res.write(head)) await writable();
  for await (const batch of batches) {
    if (res.destroyed || res.writableEnded) break; // leaving the loop ends the reading
    rows += batch.length;
    if (!res.write(encode(batch))) await writable();
  }
  if (!res.destroyed) res.end(tail);
  return rows;
}

/**
 * Sets `ETag` and `Last-Modified` of a representation of a resource's rows, and says whether the
 * client's copy is current (then the answer is 304). They change when the data does (a sync sets
 * `lastSyncedAt`) or the resource's items do (a new version). Without a recorded sync nothing says
 * when the rows last changed, so no validators are given and nothing is cached. The ETag is weak:
 * gzip and identity bodies of the same rows are equivalent, not byte-identical.
 */
export function clientHasCurrent(req: Request, res: Response, resource: Resource, representation: string): boolean {
  if (!resource.lastSyncedAt) return false;
  const etag = `W/"${createHash('sha256').update(`${resource.code}\n${resource.version}\n${resource.lastSyncedAt}\n${representation}`).digest('base64url').slice(0, 27)}"`;
  const lastModified = new Date(resource.lastSyncedAt);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', lastModified.toUTCString());
  return notModified(req, etag, lastModified);
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * RFC 9110 §13.1 as an origin server: If-None-Match by weak comparison, else If-Modified-Since to
 * the second. (Express's `req.fresh` also treats a request's `Cache-Control: no-cache` as "not
 * fresh" — a cache's rule, not an origin's — and fetch sends that with every conditional request.)
 */
function notModified(req: Request, etag: string, lastModified: Date): boolean {
  const noneMatch = req.header('if-none-match');
  if (noneMatch !== undefined) return noneMatch.trim() === '*' || noneMatch.split(',').some((t) => opaque(t) === opaque(etag));
  const since = Date.parse(req.header('if-modified-since') ?? '');
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** `attachment` named after the resource's code (and, for clients that read it, its Chinese name). */
export function attachment(resource: Resource, extension: string): string {
  const base = resource.code.replace(/[^A-Za-z0-9._-]/g, '-');
  return `attachment; filename="${base}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${resource.name}-${base}.${extension}`)}`;
}
