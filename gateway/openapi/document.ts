/**
 * `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every `/api/v1` route and of CKAN's
 * `datastore_search`. Query parameters come from the same JSON Schemas the routes validate with;
 * response shapes from `components.ts`.
 */
import { CSV_DOWNLOAD_QUERY, DATASTORE_SEARCH_QUERY, DOWNLOAD_QUERY, NO_PARAMS, ROWS_QUERY, type QuerySchema } from '../rest/querySchemas.js';
import { EXAMPLE_CREDIT_CODE, SCHEMAS } from './components.js';
import { RESOURCE_LIST_QUERY } from './listingContract.js';

type Json = Record<string, unknown>;

/** Query parameters of a route, one per schema property, plus one free-form object for filters. */
export function queryParameters(schema: QuerySchema): Json[] {
  const params: Json[] = Object.entries(schema.properties).map(([name, property]) => {
    const { description, examples, ...rest } = property;
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest, ...(examples?.length ? { example: examples[0] } : {}) };
  });
  const free = schema['x-free-form'];
  if (free) {
    params.push({ name: free.name, in: 'query', required: false, description: free.description, style: 'form', explode: true, schema: { type: 'object', additionalProperties: { type: 'string' } }, example: free.example });
  }
  return params;
}

const codeParam = { name: 'code', in: 'path', required: true, description: "The resource's code (URL-encoded) or apiName.", schema: { type: 'string' }, example: 'enforcementCase' };
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const refResponse = (name: string) => ({ $ref: `#/components/responses/${name}` });
const errors = (...names: string[]) => Object.fromEntries(names.map((n) => [{ BadRequest: '400', Unauthenticated: '401', Forbidden: '403', NotFound: '404', TooManyRequests: '429' }[n]!, refResponse(n)]));
const common = errors('BadRequest', 'TooManyRequests');

const ckanError = (description: string) => json(ref('CkanError'), description);
const ckanErrors = { 400: ckanError('The request cannot be read.'), 403: ckanError('Authorization Error: rows open on application only.'), 404: ckanError('Not Found Error.'), 409: ckanError('Validation Error; the bad parameters are listed by name.'), 429: ckanError('Too many requests.') };

function get(tag: string, operationId: string, summary: string, parameters: Json[], responses: Json, description?: string): Json {
  return { get: { tags: [tag], operationId, summary, ...(description ? { description } : {}), parameters, responses } };
}

function paths(): Json {
  const downloadResponses = (media: string, example: string) => ({
    200: {
      description: 'Every matching row, streamed. Gzip when the client accepts it.',
      headers: { ETag: { schema: { type: 'string' } }, 'Last-Modified': { schema: { type: 'string' } }, 'Content-Disposition': { schema: { type: 'string' } } },
      content: { [media]: { schema: { type: 'string' }, example } },
    },
    304: { description: 'Not modified since the copy named by If-None-Match / If-Modified-Since.' },
    ...common,
    ...errors('Forbidden', 'NotFound'),
  });
  return {
    '/api/v1/departments': get('catalog', 'listDepartments', 'The departments (providers) of the catalog', queryParameters(NO_PARAMS), { 200: json({ type: 'object', properties: { data: { type: 'array', items: ref('Department') } } }, 'The departments.'), ...common }),
    '/api/v1/resources': get('catalog', 'searchResources', 'Search the open catalog, with facets', queryParameters(RESOURCE_LIST_QUERY), { 200: json(ref('ResourceList'), 'A page of resources and the facet counts of all matches.'), ...common }, 'Published resources whose open attribute is open or conditional; q matches Chinese substrings, pinyin and initials, and English words.'),
    '/api/v1/resources/{code}': get('catalog', 'getResource', 'One resource of the open catalog: metadata, open items, versions', [codeParam], { 200: json({ type: 'object', properties: { data: ref('PublicResource') } }, 'The resource.'), ...common, ...errors('NotFound') }),
    '/api/v1/resources/{code}/rows': get(
      'rows',
      'listRows',
      'Rows of an open resource: filters, select, order, keyset pages; JSON, CSV or GeoJSON',
      [codeParam, ...queryParameters(ROWS_QUERY)],
      {
        200: {
          description: 'A page of rows. When there are more, `next` and the `Link: <…>; rel="next"` header give the next page.',
          headers: { Link: { schema: { type: 'string' }, description: 'rel="next" when there are more rows.' } },
          content: { 'application/json': { schema: ref('RowsPage') }, 'text/csv': { schema: { type: 'string' } }, 'application/geo+json': { schema: ref('FeatureCollection') } },
        },
        ...common,
        ...errors('Forbidden', 'NotFound'),
      },
      'Conditionally open resources answer 403; closed ones do not exist (404). Only public items are returned, masked where the catalog says so.',
    ),
    '/api/v1/resources/{code}/rows/{key}': get('rows', 'getRow', 'One row of an open resource by its key', [codeParam, { name: 'key', in: 'path', required: true, schema: { type: 'string' }, example: '清城综执罚〔2025〕123号' }], { 200: json({ type: 'object', properties: { data: ref('Record') } }, 'The row.'), ...common, ...errors('Forbidden', 'NotFound') }),
    '/api/v1/resources/{code}/download.csv': get('downloads', 'downloadCsv', 'The whole open dataset as CSV (UTF-8 with BOM, Chinese header)', [codeParam, ...queryParameters(CSV_DOWNLOAD_QUERY)], downloadResponses('text/csv', '\uFEFF行政处罚决定书文号,罚款金额（元）,案件所在区县\r\n清城综执罚〔2025〕123号,500,清城区\r\n'), 'Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with an apostrophe.'),
    '/api/v1/resources/{code}/download.jsonl': get('downloads', 'downloadJsonLines', 'The whole open dataset as JSON Lines', [codeParam, ...queryParameters(DOWNLOAD_QUERY)], downloadResponses('application/x-ndjson', `${JSON.stringify({ caseNo: '清城综执罚〔2025〕123号', fineAmount: 500, district: '清城区' })}\n`)),
    '/api/v1/resources/{code}/datapackage.json': get('downloads', 'getDataPackage', 'A Frictionless Data Package describing the resource', [codeParam], { 200: json(ref('DataPackage'), 'The data package.'), ...common, ...errors('NotFound') }),
    '/api/v1/my-data-use': get(
      'subjects',
      'myDataUse',
      "A data subject's own history: who read their data, when and for what",
      [{ name: 'X-Subject-Ticket', in: 'header', required: true, schema: { type: 'string' }, description: 'The ticket an operator issued to the subject.' }],
      { 200: json({ type: 'object', properties: { data: { type: 'array', items: ref('DataUse') } } }, 'The uses, newest first.'), ...errors('Unauthenticated'), ...common },
    ),
    '/api/v1/openapi.json': get('meta', 'getOpenApi', 'This document', [], { 200: json({ type: 'object' }, 'The OpenAPI 3.1 document.') }),
    '/api/v1/docs': get('meta', 'getDocs', 'The interactive reference of this API', [], { 200: { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } } }),
    '/api/3/action/datastore_search': {
      ...get(
        'CKAN',
        'datastore_search',
        "CKAN DataStore API: search an open resource's rows",
        queryParameters(DATASTORE_SEARCH_QUERY),
        { 200: json(ref('CkanDatastoreResult'), "CKAN's envelope."), ...ckanErrors },
        'The same rows as /api/v1/resources/{code}/rows, in CKAN\'s envelope. Also accepts POST with a JSON body.',
      ),
      post: {
        tags: ['CKAN'],
        operationId: 'datastore_search_post',
        summary: 'datastore_search with a JSON body',
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { resource_id: { type: 'string' }, filters: { type: 'object' }, q: {}, fields: {}, sort: {}, limit: { type: 'integer' }, offset: { type: 'integer' } } }, example: { resource_id: 'enforcementCase', filters: { district: '清城区' }, limit: 5 } } } },
        responses: { 200: json(ref('CkanDatastoreResult'), "CKAN's envelope."), ...ckanErrors },
      },
    },
  };
}

const errorResponse = (description: string, headers?: Json) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: ref('Error') } } });

/** The document, with the server the client reached (`https://host`). */
export function openApiDocument(origin: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'govshare open data API',
      version: '1.0.0',
      summary: '清远市政务数据开放接口',
      description:
        'The open catalog and the rows of open resources, for anyone, without an account. Anonymous use is rate limited per client address; a public API key (`X-Api-Key`) raises the limit. ' +
        `Every read is recorded in the platform's audit ledger. Example credit code: ${EXAMPLE_CREDIT_CODE}.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: origin }],
    tags: [
      { name: 'catalog', description: 'The open catalog.' },
      { name: 'rows', description: 'Rows of open resources.' },
      { name: 'downloads', description: 'Whole datasets.' },
      { name: 'CKAN', description: "CKAN's action API, for CKAN clients and harvesters." },
      { name: 'subjects', description: 'Data subjects.' },
      { name: 'meta', description: 'This API.' },
    ],
    security: [{}, { apiKey: [] }],
    paths: paths(),
    components: {
      schemas: SCHEMAS,
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Optional: a public API key raises the rate limit.' } },
      responses: {
        BadRequest: errorResponse('A bad parameter; `details.problems` names each one.'),
        Unauthenticated: errorResponse('A missing, unknown or expired credential.'),
        Forbidden: errorResponse('The rows of a conditionally open resource are given on application only.'),
        NotFound: errorResponse('No such resource in the open catalog (closed resources included).'),
        TooManyRequests: errorResponse('Over the rate limit.', { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } }),
      },
    },
  };
}
