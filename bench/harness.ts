/** Pieces of the benchmark harness: child servers, free ports, readiness, and autocannon runs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

export async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms`);
}

export async function startChild(args: string[], env: Record<string, string>, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  return { child, url };
}

const BENCH_SECRET = 'bench-secret-0123456789-0123456789-0123456789';

/**
 * Starts `govshare serve --no-demo [extra…]` on a benchmark database in production mode. The open
 * APIs' rate limiter is off: the baseline has none, and the cases measure throughput, not the limiter.
 */
export async function startGovshare(file: string, dataDir: string, port: number, extra: string[] = [], logLevel = 'warn'): Promise<{ child: ChildProcess; url: string }> {
  const main = fileURLToPath(new URL('../server/cli/main.js', import.meta.url));
  const env = {
    DATABASE_URL: `sqlite:${file}`,
    PORT: String(port),
    LOG_LEVEL: logLevel,
    NODE_ENV: 'production',
    GOVSHARE_JWT_SECRET: BENCH_SECRET,
    GOVSHARE_LEDGER_KEY: BENCH_SECRET,
    GOVSHARE_DATA_DIR: dataDir,
    GOVSHARE_OPEN_RATE_PER_MIN: '0',
  };
  return startChild([main, 'serve', '--no-demo', ...extra], env, port);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface BenchRequest {
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** Runs autocannon against `url`; `next()` gives each request (rotating keys, cursors, bodies). */
export async function measure(url: string, next: () => BenchRequest, seconds: number, connections: number): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          return { ...req, method: r.method ?? 'GET', path: r.path, body: r.body, headers: { ...req.headers, ...r.headers } };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Cycles through a list. */
export function rotate<T>(list: T[]): () => T {
  let i = 0;
  return () => list[i++ % list.length]!;
}
