/**
 * The open REST API (`/api/v1`), no account needed: departments, the public entry of a resource,
 * rows of open resources (filters, select, order, keyset cursors; JSON, CSV or GeoJSON), single
 * records, and whole downloads streamed as CSV or JSON Lines. Every query string is checked
 * against the route's schema in `querySchemas.ts`, which the OpenAPI document is built from.
 * (The catalog listing `GET /resources` is the search router's.)
 */
import { Router, type Request, type Response } from 'express';
import type { Catalog, DataItem, Resource } from '../../catalog/index.js';
import { openItems, type DataRecord, type OpenData, type OpenDownloadQuery, type OpenRowQuery } from '../../exchange/index.js';
import { describeErrorForLog, InputError, type Config, type Logger } from '../../shared/index.js';
import { publicUrlsFor } from './publicBase.js';
import { publicResource } from './publicResource.js';
import { commaList, filtersOf, orderTerms, validateQuery } from './queryParams.js';
import { CSV_DOWNLOAD_QUERY, DOWNLOAD_QUERY, NO_PARAMS, RESERVED_ROW_PARAMS, ROWS_QUERY } from './querySchemas.js';
import { BOM, CSV_TYPE, csvHeader, csvRows, GEOJSON_TYPE, geopointItem, JSONL_TYPE, jsonLines, toFeature } from './rowFormats.js';
import { attachment, clientHasCurrent, streamBatches } from './streaming.js';

export interface OpenDataRouterOptions {
  /** Where a download that fails after its first byte is reported (the client sees it cut short). */
  logger?: Logger;
  /** The public base of absolute links (`GOVSHARE_PUBLIC_URL`, else the request's plain host), as the ecosystem routes use it. */
  config: Pick<Config, 'publicUrl' | 'port'>;
}

type RowFormat = 'json' | 'csv' | 'geojson';

interface RowsParams {
  select?: string;
  order?: string;
  limit?: number;
  after?: string;
  format?: RowFormat;
  q?: string;
  [filter: string]: unknown;
}

const MEDIA: Record<string, RowFormat> = { 'application/json': 'json', 'text/csv': 'csv', 'application/geo+json': 'geojson' };

/** The public scheme and host: the one base every open route's absolute links start from. */
function publicBase(req: Request, config: Pick<Config, 'publicUrl' | 'port'>): string {
  return publicUrlsFor(req, config).base;
}

function requestId(res: Response): string {
  return String(res.getHeader('X-Request-Id') ?? '');
}

/** The format asked for by parameter, else by the Accept header. */
function rowFormat(req: Request, asked: RowFormat | undefined): RowFormat {
  if (asked) return asked;
  const media = req.accepts(Object.keys(MEDIA));
  if (!media) throw new InputError('invalid request', [{ field: 'Accept', message: 'must allow application/json, text/csv or application/geo+json (or use format=)' }]);
  return MEDIA[media]!;
}

/** What the rows and download routes share: filters, the search and the selection. */
function rowQuery(params: RowsParams): OpenDownloadQuery {
  return {
    filters: filtersOf(params, RESERVED_ROW_PARAMS),
    ...(params.q !== undefined ? { search: [{ param: 'q', text: params.q }] } : {}),
    ...(params.select !== undefined ? { select: commaList(params.select) } : {}),
  };
}

/** The same request with another cursor: the next page. */
function nextUrl(req: Request, base: string, cursor: string): string {
  const url = new URL(req.originalUrl.replace(/^\//, ''), `${base}/`);
  url.searchParams.set('after', cursor);
  return url.toString();
}

function sendRows(res: Response, format: RowFormat, fields: DataItem[], records: DataRecord[], next: string | null, geo: DataItem | undefined): void {
  if (next) res.setHeader('Link', `<${next}>; rel="next"`);
  if (format === 'csv') {
    res.type(CSV_TYPE).send(BOM + csvHeader(fields) + csvRows(fields, records));
  } else if (format === 'geojson') {
    res.type(GEOJSON_TYPE).send(JSON.stringify({ type: 'FeatureCollection', features: records.map((r) => toFeature(r, geo!)), next }));
  } else {
    res.json({ data: records, next });
  }
}

export function openDataRouter(catalog: Catalog, openData: OpenData, options: OpenDataRouterOptions): Router {
  const router = Router();

  router.get('/departments', async (req, res) => {
    validateQuery(NO_PARAMS, req.query);
    res.json({ data: await catalog.listDepartments() });
  });

  router.get('/resources/:code', async (req, res) => {
    validateQuery(NO_PARAMS, req.query);
    const resource = await openData.catalogEntry(req.params.code);
    const [departments, versions, related] = await Promise.all([
      catalog.listDepartments(),
      catalog.listVersions(resource.code),
      openData.catalogEntries(resource.relatedResources),
    ]);
    res.json({ data: publicResource(resource, { departments, versions, related, base: `${publicBase(req, options.config)}${req.baseUrl}`, freshness: catalog.freshness(resource) }) });
  });

  router.get('/resources/:code/rows', async (req, res) => {
    const params = validateQuery<RowsParams>(ROWS_QUERY, req.query);
    const format = rowFormat(req, params.format);
    const resource = await openData.resource(req.params.code);
    const query: OpenRowQuery = {
      ...rowQuery(params),
      ...(params.order !== undefined ? { order: orderTerms(params.order) } : {}),
      ...(params.limit !== undefined ? { limit: params.limit } : {}),
      ...(params.after !== undefined ? { after: params.after } : {}),
    };
    const geo = format === 'geojson' ? geopointItem(openItems(resource)) : undefined;
    if (format === 'geojson' && !geo) throw new InputError('invalid query', [{ field: 'format', message: `geojson needs a geopoint item, and "${resource.apiName}" has none` }]);
    // Features are placed by the geopoint, so it is read whatever the selection.
    if (geo && query.select && !query.select.includes(geo.apiName)) query.select = [...query.select, geo.apiName];
    const page = await openData.rows(resource.code, query, { requestId: requestId(res), format });
    sendRows(res, format, page.fields, page.records, page.next && nextUrl(req, publicBase(req, options.config), page.next), geo);
  });

  router.get('/resources/:code/rows/:key', async (req, res) => {
    validateQuery(NO_PARAMS, req.query);
    res.json({ data: await openData.record(req.params.code, req.params.key, requestId(res)) });
  });

  const download = (kind: 'csv' | 'jsonl') => async (req: Request, res: Response) => {
    const params = validateQuery<RowsParams & { header?: 'name' | 'apiName' }>(kind === 'csv' ? CSV_DOWNLOAD_QUERY : DOWNLOAD_QUERY, req.query);
    const resource: Resource = await openData.resource(String(req.params.code));
    const asked = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, String(x)])));
    asked.sort(); // the same query in another order is the same representation
    res.setHeader('Cache-Control', 'public, no-cache');
    if (clientHasCurrent(req, res, resource, `${kind}?${asked.toString()}`)) {
      res.status(304).end(); // nothing is read, so nothing is recorded
      return;
    }
    res.type(kind === 'csv' ? CSV_TYPE : JSONL_TYPE);
    res.setHeader('Content-Disposition', attachment(resource, kind));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const rows = await openData.download(resource.code, rowQuery(params), { requestId: requestId(res), action: 'open-download', format: kind });
    const head = kind === 'csv' ? BOM + csvHeader(rows.fields, params.header) : '';
    const encode = kind === 'csv' ? (batch: DataRecord[]) => csvRows(rows.fields, batch) : jsonLines;
    try {
      await streamBatches(res, head, rows.batches, encode);
    } catch (err) {
      if (!res.headersSent) {
        res.removeHeader('Content-Disposition');
        throw err;
      }
      options.logger?.error({ err: describeErrorForLog(err), resource: resource.apiName }, 'download failed after it started; response cut short');
      res.destroy();
    }
  };
  router.get('/resources/:code/download.csv', download('csv'));
  router.get('/resources/:code/download.jsonl', download('jsonl'));

  return router;
}
