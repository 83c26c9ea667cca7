/**
 * The JSON Schemas of the open API's query strings. Each route validates its query with one of
 * these (ajv) and the OpenAPI document builds its parameters from the same objects, so the
 * documentation cannot drift from what the routes accept.
 *
 * Filters on the rows of a resource are free-form parameters named after its items:
 * `district=清城区` (equals), `fineAmount[gte]=100&fineAmount[lt]=500` (ranges),
 * `district[in]=清城区,英德市` (any of), also `[ne]` and `[prefix]`.
 */
import { MAX_OPEN_LIMIT, MAX_SEARCH_LENGTH, OPEN_FILTER_OPS } from '../../exchange/index.js';

export interface ParamSchema {
  type?: string | string[];
  description?: string;
  examples?: unknown[];
  [keyword: string]: unknown;
}

export interface QuerySchema {
  type: 'object';
  properties: Record<string, ParamSchema>;
  /** Free-form parameters (filters), described as one object parameter in OpenAPI. */
  patternProperties?: Record<string, ParamSchema>;
  additionalProperties: false;
  /** How the free-form parameters are presented in OpenAPI. */
  'x-free-form'?: { name: string; description: string; example: Record<string, string> };
}

const selectParam: ParamSchema = {
  type: 'string',
  maxLength: 2000,
  description: 'The items to return, comma-separated, in this order (default: every open item).',
  examples: ['caseNo,fineAmount,district'],
};

const searchParam: ParamSchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_SEARCH_LENGTH,
  description: 'Rows any of whose unmasked text items contains this text (case-insensitive).',
  examples: ['清城'],
};

/** Parameter names the rows routes reserve; an item of the same name is filtered with `name[eq]`. */
export const RESERVED_ROW_PARAMS = ['select', 'order', 'limit', 'after', 'format', 'q', 'header'] as const;

const FILTER_NAME = `^(?!(?:${RESERVED_ROW_PARAMS.join('|')})$)[a-z][A-Za-z0-9]{0,62}(?:\\[(?:${OPEN_FILTER_OPS.join('|')})\\])?$`;

const filterParams: Record<string, ParamSchema> = {
  [FILTER_NAME]: {
    anyOf: [{ type: 'string', maxLength: 20_000 }, { type: 'array', items: { type: 'string', maxLength: 20_000 }, maxItems: 1000 }],
  },
};

const filterDoc = {
  name: 'filters',
  description:
    'Conditions on items, AND-ed: `item=value` (equals), `item[op]=value` with op one of ' +
    `${OPEN_FILTER_OPS.join(', ')}; \`[in]\` takes comma-separated values. Values are read as the item's type ` +
    '(numbers, YYYY-MM-DD dates, true/false). Masked items cannot be filtered.',
  example: { district: '清城区', 'fineAmount[gte]': '100', 'fineAmount[lt]': '5000' },
};

export const NO_PARAMS: QuerySchema = { type: 'object', properties: {}, additionalProperties: false };

export const ROWS_QUERY: QuerySchema = {
  type: 'object',
  properties: {
    select: selectParam,
    order: {
      type: 'string',
      maxLength: 500,
      description: 'Items to order by, comma-separated; `-` before an item orders it descending. The key breaks ties.',
      examples: ['-decisionDate,caseNo'],
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_OPEN_LIMIT, default: 100, description: `Rows per page (1 to ${MAX_OPEN_LIMIT}).`, examples: [100] },
    after: { type: 'string', maxLength: 16_384, description: 'The cursor of the next page, from `next` of the previous one.' },
    format: {
      type: 'string',
      enum: ['json', 'csv', 'geojson'],
      description: 'The representation; without it, the Accept header decides (application/json, text/csv, application/geo+json). GeoJSON needs a geopoint item.',
    },
    q: searchParam,
  },
  patternProperties: filterParams,
  additionalProperties: false,
  'x-free-form': filterDoc,
};

export const DOWNLOAD_QUERY: QuerySchema = {
  type: 'object',
  properties: { select: selectParam, q: searchParam },
  patternProperties: filterParams,
  additionalProperties: false,
  'x-free-form': filterDoc,
};

/** The CSV download also chooses its header: Chinese names for people, apiNames for Frictionless tools. */
export const CSV_DOWNLOAD_QUERY: QuerySchema = {
  ...DOWNLOAD_QUERY,
  properties: {
    ...DOWNLOAD_QUERY.properties,
    header: {
      type: 'string',
      enum: ['name', 'apiName'],
      description: "The header row: the items' Chinese names (default; what a spreadsheet user reads) or their apiNames (the field names of the Frictionless Table Schema in datapackage.json).",
      examples: ['apiName'],
    },
  },
};

/** `GET /api/3/action/datastore_search` (CKAN DataStore API); `filters` and a JSON `q` arrive as JSON text. */
export const DATASTORE_SEARCH_QUERY: QuerySchema = {
  type: 'object',
  properties: {
    resource_id: { type: 'string', minLength: 1, maxLength: 200, description: "The resource's code or apiName.", examples: ['enforcementCase'] },
    filters: {
      type: 'string',
      maxLength: 100_000,
      description: 'A JSON object of item → value (equals) or item → [values] (any of).',
      examples: ['{"district":"清城区"}'],
    },
    q: {
      type: 'string',
      maxLength: 2000,
      description: 'Text searched for in every unmasked text item; or a JSON object of item → text.',
      examples: ['清城'],
    },
    fields: { type: 'string', maxLength: 2000, description: 'Items to return, comma-separated.', examples: ['caseNo,fineAmount'] },
    sort: { type: 'string', maxLength: 500, description: 'Comma-separated `item [asc|desc]`.', examples: ['decisionDate desc, caseNo'] },
    limit: { type: 'integer', minimum: 1, maximum: MAX_OPEN_LIMIT, default: 100, description: `Records to return (1 to ${MAX_OPEN_LIMIT}).` },
    offset: { type: 'integer', minimum: 0, default: 0, description: 'Records to skip.' },
    include_total: { type: 'boolean', default: true, description: 'Count every matching record.' },
    records_format: { type: 'string', enum: ['objects'], default: 'objects', description: 'Only `objects` is offered.' },
  },
  additionalProperties: false,
};
