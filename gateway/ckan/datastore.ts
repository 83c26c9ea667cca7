/**
 * `datastore_search` of CKAN's DataStore API over open resources (mounted at `/api/3/action`), so
 * CKAN clients can page through govshare's open rows: `resource_id` (code or apiName), `filters`
 * (JSON), `q` (text, or JSON item → text), `fields`, `sort`, `limit`, `offset`, `include_total`.
 * GET with a query string, or POST with a JSON body as CKAN clients often send. The rows, masks,
 * ledger entry and errors are open data's; parameter names in errors are CKAN's.
 */
import express, { Router, type Request } from 'express';
import type { DataItem } from '../../catalog/index.js';
import type { OpenData, OpenFilter, OpenRowQuery, OpenSearch } from '../../exchange/index.js';
import { InputError, isDomainError, type FieldProblem, type Config } from '../../shared/index.js';
import { commaList, sortTerms, validateQuery } from '../rest/queryParams.js';
import { DATASTORE_SEARCH_QUERY } from '../rest/querySchemas.js';
import { sendResult } from './ckanEnvelope.js';

interface SearchParams {
  resource_id?: string;
  filters?: string;
  q?: string;
  fields?: string;
  sort?: string;
  limit?: number;
  offset?: number;
  include_total?: boolean;
  records_format?: string;
}

/** CKAN's DataStore column types. */
const CKAN_TYPES: Record<DataItem['dataType'], string> = {
  string: 'text',
  code: 'text',
  geopoint: 'text',
  integer: 'int',
  decimal: 'numeric',
  boolean: 'bool',
  date: 'date',
  datetime: 'timestamp',
};

/** Open data's parameter names → CKAN's, in errors. */
const CKAN_NAMES: Record<string, string> = { select: 'fields', order: 'sort' };

const invalid = (field: string, message: string) => new InputError('invalid datastore_search', [{ field, message }]);

/** A POST body in the shape of a query string, so one schema checks both. */
function asQuery(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('(body)', 'must be a JSON object');
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if ((name === 'filters' || name === 'q') && value !== null && typeof value === 'object' && !Array.isArray(value)) query[name] = JSON.stringify(value);
    else if ((name === 'fields' || name === 'sort') && Array.isArray(value)) query[name] = value.join(',');
    else query[name] = typeof value === 'string' ? value : Array.isArray(value) ? value.map(String) : String(value);
  }
  return query;
}

function filtersOf(text: string): OpenFilter[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('filters', 'is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('filters', 'must be a JSON object of item → value or [values]');
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  const problems: FieldProblem[] = [];
  const filters = Object.entries(parsed).flatMap(([field, value]): OpenFilter[] => {
    const param = `filters.${field}`;
    if (scalar(value)) return [{ param, field, op: 'eq', values: [String(value)] }];
    if (Array.isArray(value) && value.every(scalar)) return [{ param, field, op: 'in', values: value.map(String) }];
    problems.push({ field: param, message: 'must be a value or a list of values' });
    return [];
  });
  if (problems.length) throw new InputError('invalid datastore_search', problems);
  return filters;
}

/** `q`: text searched in every text item, or a JSON object of item → text. */
function searchOf(text: string): OpenSearch[] {
  if (text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return [{ param: 'q', text }];
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed).map(([field, value]) => {
        if (typeof value !== 'string') throw invalid(`q.${field}`, 'must be text');
        return { param: `q.${field}`, text: value, fields: [field] };
      });
    }
  }
  return [{ param: 'q', text }];
}

function searchQuery(params: SearchParams): OpenRowQuery {
  return {
    ...(params.filters !== undefined ? { filters: filtersOf(params.filters) } : {}),
    ...(params.q !== undefined ? { search: searchOf(params.q) } : {}),
    ...(params.fields !== undefined ? { select: commaList(params.fields) } : {}),
    ...(params.sort !== undefined ? { order: sortTerms(params.sort) } : {}),
    limit: params.limit ?? 100,
    offset: params.offset ?? 0,
    total: params.include_total !== false,
  };
}

/** `/api/3/action/datastore_search?…` with the given parameters (CKAN's links are path-absolute). */
function link(req: Request, raw: Record<string, unknown>, offset: number | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (k !== 'offset') for (const one of [v].flat()) params.append(k, String(one));
  if (offset) params.set('offset', String(offset));
  return `${req.baseUrl}/datastore_search?${params.toString()}`;
}

export function datastoreRouter(openData: OpenData, config: Pick<Config, 'publicUrl' | 'port'>): Router {
  const router = Router();
  const search = async (req: Request, raw: Record<string, unknown>) => {
    const params = validateQuery<SearchParams>(DATASTORE_SEARCH_QUERY, raw);
    if (!params.resource_id) throw invalid('resource_id', 'Missing value');
    const query = searchQuery(params);
    let page;
    try {
      page = await openData.rows(params.resource_id, query, { requestId: String(req.res?.getHeader('X-Request-Id') ?? ''), action: 'open-datastore-search', format: 'ckan' });
    } catch (err) {
      if (isDomainError(err) && err instanceof InputError) throw new InputError('invalid datastore_search', err.problems.map((p) => ({ ...p, field: CKAN_NAMES[p.field] ?? p.field })));
      throw err;
    }
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    return {
      include_total: query.total,
      resource_id: params.resource_id,
      fields: page.fields.map((f) => ({ id: f.apiName, type: CKAN_TYPES[f.dataType], info: { label: f.name } })),
      records_format: 'objects',
      records: page.records,
      ...(params.filters !== undefined ? { filters: JSON.parse(params.filters) as unknown } : {}),
      ...(params.q !== undefined ? { q: params.q } : {}),
      ...(params.sort !== undefined ? { sort: params.sort } : {}),
      limit,
      offset,
      ...(page.total !== null ? { total: page.total } : {}),
      // CKAN always links a next page; a client stops at the first empty one.
      _links: { start: link(req, raw, undefined), next: link(req, raw, offset + limit) },
    };
  };

  router.get('/datastore_search', async (req, res) => {
    sendResult(req, res, config, await search(req, req.query as Record<string, unknown>));
  });
  router.post('/datastore_search', express.json({ limit: '1mb' }), async (req, res) => {
    sendResult(req, res, config, await search(req, asQuery(req.body ?? {})));
  });
  return router;
}
