/**
 * The response schemas of the open API (OpenAPI 3.1, JSON Schema 2020-12), with examples from the
 * Qingyuan demo world. They describe what `rest/` and `ckan/` send; the contract tests check real
 * responses against the shapes that matter to clients.
 */
import { DATA_TYPES, OPEN_TYPES, RESOURCE_FORMATS, SHARING_TYPES, UPDATE_CYCLES } from '../../catalog/index.js';
import { creditCodeCheckChar } from '../../shared/index.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, 'null'], ...extra });

export const EXAMPLE_CREDIT_CODE = `91441802MA4W3XLQ0${creditCodeCheckChar('91441802MA4W3XLQ0')}`;

const EXAMPLE_CASE = {
  caseNo: '清城综执罚〔2025〕123号',
  subjectCreditCode: EXAMPLE_CREDIT_CODE,
  violation: '擅自占用城市道路摆卖经营',
  penalty: '03',
  fineAmount: 500,
  decisionDate: '2025-06-18',
  district: '清城区',
};

const FACETS = ['provider', 'classification', 'sharingType', 'openType', 'format', 'updateCycle', 'tags', 'freshness'];

export const SCHEMAS: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'INTERNAL_SERVER_ERROR'] },
          message: { type: 'string' },
          details: {
            type: 'object',
            properties: { problems: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string', description: 'The bad parameter.' }, message: { type: 'string' } } } } },
          },
        },
      },
    },
    examples: [{ error: { code: 'BAD_USER_INPUT', message: 'invalid query: limit must be <= 1000', details: { problems: [{ field: 'limit', message: 'must be <= 1000' }] } } }],
  },
  Department: {
    type: 'object',
    required: ['code', 'name'],
    properties: {
      code: { type: 'string' },
      name: { type: 'string' },
      creditCode: { type: 'string' },
      parentCode: nullable('string'),
      contact: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' }, email: { type: 'string' } } },
    },
    examples: [{ code: 'ule', name: '清远市城市管理和综合执法局', creditCode: EXAMPLE_CREDIT_CODE, parentCode: null, contact: {} }],
  },
  Classification: {
    type: 'object',
    description: '类 / 项 / 目 / 细目 of the national catalog guide.',
    properties: Object.fromEntries(['categoryCode', 'categoryName', 'itemCode', 'itemName', 'catalogCode', 'catalogName', 'subitemCode', 'subitemName'].map((k) => [k, { type: 'string' }])),
  },
  PublicItem: {
    type: 'object',
    required: ['name', 'apiName', 'dataType', 'required', 'key'],
    properties: {
      name: { type: 'string', examples: ['罚款金额（元）'] },
      apiName: { type: 'string', examples: ['fineAmount'] },
      dataType: { type: 'string', enum: [...DATA_TYPES] },
      length: { type: 'integer' },
      scale: { type: 'integer' },
      required: { type: 'boolean' },
      key: { type: 'boolean' },
      mask: { type: 'string', description: 'Values are shown masked by this rule.' },
      codeSet: { type: 'string' },
      description: { type: 'string' },
    },
  },
  PublicResource: {
    type: 'object',
    required: ['code', 'apiName', 'name', 'provider', 'openType', 'items', 'versions', 'links'],
    properties: {
      code: { type: 'string', examples: ['203001/000001'] },
      apiName: { type: 'string', examples: ['enforcementCase'] },
      name: { type: 'string', examples: ['行政执法信息'] },
      summary: { type: 'string' },
      provider: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } }, examples: [{ code: 'ule', name: '清远市城市管理和综合执法局' }] },
      classification: ref('Classification'),
      format: { type: 'string', enum: [...RESOURCE_FORMATS] },
      sharingType: { type: 'string', enum: [...SHARING_TYPES] },
      openType: { type: 'string', enum: OPEN_TYPES.filter((t) => t !== 'closed') },
      licence: nullable('string', { examples: ['CC BY 4.0'] }),
      openConditions: nullable('string'),
      updateCycle: { type: 'string', enum: [...UPDATE_CYCLES] },
      tags: { type: 'array', items: { type: 'string' } },
      publishedOn: nullable('string', { format: 'date' }),
      lastSyncedAt: nullable('string', { format: 'date-time' }),
      freshness: { type: 'string', enum: ['fresh', 'due', 'stale'], description: 'The update cycle against the last sync.' },
      version: { type: 'integer' },
      relatedResources: { type: 'array', items: { type: 'string' } },
      items: { type: 'array', items: ref('PublicItem') },
      versions: {
        type: 'array',
        items: { type: 'object', properties: { version: { type: 'integer' }, publishedAt: nullable('string', { format: 'date-time' }), changes: { type: 'array', items: { type: 'string' } } } },
      },
      links: { type: 'object', properties: Object.fromEntries(['rows', 'csv', 'jsonl', 'datapackage'].map((k) => [k, { type: 'string', format: 'uri' }])) },
    },
  },
  Record: {
    type: 'object',
    description: "One row: the resource's open items by apiName, typed (numbers, YYYY-MM-DD dates, booleans; null when empty).",
    additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
    examples: [EXAMPLE_CASE],
  },
  RowsPage: {
    type: 'object',
    required: ['data', 'next'],
    properties: {
      data: { type: 'array', items: ref('Record') },
      next: nullable('string', { format: 'uri', description: 'The next page (also in the Link header); null on the last page.' }),
    },
  },
  FeatureCollection: {
    type: 'object',
    required: ['type', 'features'],
    properties: {
      type: { const: 'FeatureCollection' },
      features: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'geometry', 'properties'],
          properties: {
            type: { const: 'Feature' },
            geometry: { oneOf: [{ type: 'null' }, { type: 'object', properties: { type: { const: 'Point' }, coordinates: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: '[longitude, latitude]' } } }] },
            properties: ref('Record'),
          },
        },
      },
      next: nullable('string', { format: 'uri' }),
    },
  },
  ResourceSummary: {
    type: 'object',
    required: ['code', 'apiName', 'name'],
    properties: {
      code: { type: 'string' },
      apiName: { type: 'string' },
      name: { type: 'string' },
      summary: { type: 'string' },
      provider: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
      classification: ref('Classification'),
      sharingType: { type: 'string', enum: [...SHARING_TYPES] },
      openType: { type: 'string', enum: ['open', 'conditional'] },
      format: { type: 'string', enum: [...RESOURCE_FORMATS] },
      updateCycle: { type: 'string', enum: [...UPDATE_CYCLES] },
      tags: { type: 'array', items: { type: 'string' } },
      publishedOn: nullable('string', { format: 'date' }),
      lastSyncedAt: nullable('string', { format: 'date-time' }),
      freshness: { type: 'string', enum: ['fresh', 'due', 'stale'] },
      itemCount: { type: 'integer' },
    },
  },
  ResourceList: {
    type: 'object',
    required: ['total', 'offset', 'limit', 'items', 'facets'],
    properties: {
      total: { type: 'integer' },
      offset: { type: 'integer' },
      limit: { type: 'integer' },
      items: { type: 'array', items: ref('ResourceSummary') },
      facets: {
        type: 'object',
        propertyNames: { enum: FACETS },
        additionalProperties: { type: 'array', items: { type: 'object', required: ['value', 'label', 'count'], properties: { value: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } } } },
      },
    },
  },
  DataPackage: {
    type: 'object',
    description: 'A Frictionless Data Package (https://specs.frictionlessdata.io/data-package/) with one tabular resource whose Table Schema is derived from the data items.',
    required: ['name', 'resources'],
    properties: {
      name: { type: 'string' },
      title: { type: 'string' },
      licenses: { type: 'array', items: { type: 'object' } },
      resources: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            path: { type: 'string' },
            format: { type: 'string' },
            schema: { type: 'object', properties: { fields: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } } }, primaryKey: {} } },
          },
        },
      },
    },
  },
  DataUse: {
    type: 'object',
    properties: {
      at: { type: 'string', format: 'date-time' },
      department: nullable('object'),
      purpose: nullable('string'),
      resource: nullable('object'),
      action: { type: 'string' },
    },
  },
  CkanDatastoreResult: {
    type: 'object',
    required: ['help', 'success', 'result'],
    properties: {
      help: { type: 'string' },
      success: { const: true },
      result: {
        type: 'object',
        required: ['resource_id', 'fields', 'records', 'limit', 'offset', '_links'],
        properties: {
          resource_id: { type: 'string' },
          fields: { type: 'array', items: { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string' }, type: { type: 'string' }, info: { type: 'object' } } } },
          records: { type: 'array', items: ref('Record') },
          total: { type: 'integer' },
          limit: { type: 'integer' },
          offset: { type: 'integer' },
          _links: { type: 'object', properties: { start: { type: 'string' }, next: { type: 'string' } } },
        },
      },
    },
  },
  CkanError: {
    type: 'object',
    required: ['help', 'success', 'error'],
    properties: {
      help: { type: 'string' },
      success: { const: false },
      error: {
        type: 'object',
        required: ['__type', 'message'],
        properties: { __type: { type: 'string', examples: ['Validation Error', 'Not Found Error'] }, message: { type: 'string' } },
        additionalProperties: { type: 'array', items: { type: 'string' }, description: 'Messages about the parameter of this name.' },
      },
    },
  },
};
