/**
 * Prometheus metrics at `/metrics` (prom-client), in a registry of this app alone so several apps
 * can live in one process. The exchange's own figures are read from the ledger at scrape time — the
 * ledger is the record of every exchange, so nothing else has to remember to count — and the HTTP
 * latency histogram is labelled by route pattern, never by a raw URL, which may hold an identifier.
 *
 * Several gateway processes share one ledger: each reports the same ledger-wide figures, so
 * aggregate them across instances with max(), not sum().
 */
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ALERT_RULES, type LedgerMonitor } from '../exchange/index.js';

export interface Metrics {
  registry: Registry;
  /** Times every request; mount it before any route. */
  timing: RequestHandler;
  /** `GET /metrics` */
  handler: RequestHandler;
}

export interface MetricsOptions {
  /** Also export the process and Node.js runtime metrics (default true). */
  defaultMetrics?: boolean;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Remembers the pattern of the route a request matches, as it matches: the router assigns
 * `req.route` while `req.baseUrl` still holds its mount path, which it restores when an error
 * leaves the router, so reading both at the end would lose the mount (`/resources/:code` for
 * `/api/v1/resources/:code`).
 */
function capturePattern(req: Request): () => string | undefined {
  let route: unknown;
  let pattern: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') pattern = `${req.baseUrl}${path}` || '/';
    },
  });
  return () => pattern;
}

/**
 * The label of a request: the pattern of the route it matched (`/api/v1/resources/:code`); for
 * handlers mounted with `app.use` at a fixed path (`/graphql`), that path; for a request that
 * matched nothing, `unmatched`, whatever its URL.
 */
function routeLabel(req: Request, matched: string | undefined): string {
  return matched ?? (req.baseUrl || 'unmatched');
}

export async function createMetrics(monitor: LedgerMonitor, options: MetricsOptions = {}): Promise<Metrics> {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'govshare_' });

  // Counted from the ledger since this process started: each scrape adds the entries appended since
  // the last one (one grouped count over a seq range), so the counter only ever grows.
  let countedUpTo = await monitor.headSeq();
  let counting: Promise<void> = Promise.resolve();
  new Counter({
    name: 'govshare_exchange_requests_total',
    help: 'Data requests through the exchange since this process started, by resource and outcome (from the audit ledger).',
    labelNames: ['resource', 'outcome'] as const,
    registers: [registry],
    collect() {
      // Scrapes that overlap take turns, so no range is counted twice.
      const run = counting.then(async () => {
        const head = await monitor.headSeq();
        for (const { resource, outcome, count } of await monitor.exchangeCounts(countedUpTo, head)) this.inc({ resource, outcome }, count);
        countedUpTo = Math.max(countedUpTo, head);
      });
      counting = run.catch(() => undefined);
      return run;
    },
  });

  new Gauge({
    name: 'govshare_ledger_head_seq',
    help: 'Sequence number of the newest entry of the audit ledger.',
    registers: [registry],
    async collect() {
      this.set(await monitor.headSeq());
    },
  });

  new Gauge({
    name: 'govshare_ledger_lag_entries',
    help: 'Ledger entries appended but not yet evaluated by the alert rules.',
    registers: [registry],
    async collect() {
      const [head, evaluated] = await Promise.all([monitor.headSeq(), monitor.evaluatedSeq()]);
      this.set(Math.max(0, head - evaluated));
    },
  });

  new Gauge({
    name: 'govshare_alerts_open',
    help: 'Open (unacknowledged) supervision alerts, by rule.',
    labelNames: ['rule'] as const,
    registers: [registry],
    async collect() {
      const open = await monitor.openAlerts();
      for (const rule of ALERT_RULES) this.set({ rule }, open.get(rule) ?? 0);
    },
  });

  const latency = new Histogram({
    name: 'govshare_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  const timing: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    const matched = capturePattern(req);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      latency.observe({ route: routeLabel(req, matched()), method: METHODS.has(req.method) ? req.method : 'OTHER', status: String(res.statusCode) }, seconds);
    });
    next();
  };

  const handler: RequestHandler = async (_req, res, next) => {
    try {
      const text = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(text);
    } catch (err) {
      next(err);
    }
  };

  return { registry, timing, handler };
}
