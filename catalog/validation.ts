/**
 * Validation of catalog metadata with JSON Schemas. Structural problems and the cross-field rules
 * of the guide are collected together, so one error names every bad field.
 */
import { InputError, type FieldProblem, MASK_RULES } from '../shared/index.js';
import { createAjv, toProblems } from './ajv.js';
import {
  DATA_TYPES,
  ITEM_FORMATS,
  OPEN_TYPES,
  RESOURCE_FORMATS,
  SENSITIVITIES,
  SHARING_TYPES,
  UPDATE_CYCLES,
  type Department,
  type ResourceInput,
} from './model.js';

const API_NAME = '^[a-z][A-Za-z0-9]{0,62}$';
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });

const itemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'apiName', 'dataType', 'required', 'key', 'sensitivity', 'mask'],
  properties: {
    name: text(100),
    apiName: { type: 'string', pattern: API_NAME },
    dataType: { enum: DATA_TYPES },
    length: { type: 'integer', minimum: 1, maximum: 65535 },
    scale: { type: 'integer', minimum: 0, maximum: 10 },
    required: { type: 'boolean' },
    key: { type: 'boolean' },
    sensitivity: { enum: SENSITIVITIES },
    mask: { enum: MASK_RULES },
    format: { enum: ITEM_FORMATS },
    codeSet: text(64),
    description: { type: 'string', maxLength: 2000 },
    references: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['resource', 'item'],
        properties: {
          resource: { type: 'string', pattern: API_NAME },
          item: { type: 'string', pattern: API_NAME },
          when: {
            type: 'object',
            additionalProperties: false,
            required: ['item', 'equals'],
            properties: { item: { type: 'string', pattern: API_NAME }, equals: text(64) },
          },
        },
      },
    },
  },
  allOf: [
    { if: { properties: { dataType: { const: 'code' } } }, then: { required: ['codeSet'] } },
    { if: { properties: { sensitivity: { const: 'sensitive-personal' } } }, then: { properties: { mask: { not: { const: 'none' } } } } },
  ],
};

const resourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'apiName', 'name', 'provider', 'classification', 'summary', 'format', 'sharing', 'open', 'updateCycle', 'items'],
  properties: {
    code: { type: 'string', pattern: '^[1-3][0-9A-Z]{2,9}[0-9]{3}([0-9]{3})?/[0-9]{6}$' },
    apiName: { type: 'string', pattern: API_NAME },
    name: text(200),
    provider: text(32),
    classification: {
      type: 'object',
      additionalProperties: false,
      required: ['categoryCode', 'categoryName', 'itemCode', 'itemName', 'catalogCode', 'catalogName'],
      properties: {
        categoryCode: { enum: ['1', '2', '3'] }, // 基础 / 主题 / 部门信息资源类
        categoryName: text(100),
        itemCode: { type: 'string', pattern: '^[0-9A-Z]{2,9}$' },
        itemName: text(100),
        catalogCode: { type: 'string', pattern: '^[0-9]{3}$' },
        catalogName: text(100),
        subitemCode: { type: 'string', pattern: '^[0-9]{3}$' },
        subitemName: text(100),
      },
    },
    summary: text(4000),
    format: { enum: RESOURCE_FORMATS },
    sharing: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { enum: SHARING_TYPES }, conditions: text(2000), method: text(200), legalBasis: text(2000) },
      allOf: [
        { if: { properties: { type: { const: 'none' } } }, then: { required: ['legalBasis'] } },
        { if: { properties: { type: { const: 'conditional' } } }, then: { required: ['conditions'] } },
      ],
    },
    open: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { enum: OPEN_TYPES }, licence: text(200), conditions: text(2000) },
      allOf: [{ if: { properties: { type: { const: 'open' } } }, then: { required: ['licence'] } }],
    },
    updateCycle: { enum: UPDATE_CYCLES },
    publishedOn: { type: 'string', format: 'date' },
    relatedResources: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } },
    tags: { type: 'array', uniqueItems: true, maxItems: 50, items: text(50) },
    items: { type: 'array', minItems: 1, maxItems: 500, items: itemSchema },
  },
};

const departmentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'creditCode'],
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,31}$' },
    name: text(200),
    creditCode: { type: 'string', format: 'credit-code' },
    parentCode: { type: ['string', 'null'] },
    contact: {
      type: 'object',
      additionalProperties: false,
      properties: { name: text(100), phone: { type: 'string', pattern: '^[0-9+\\- ]{5,20}$' }, email: { type: 'string', format: 'email' } },
    },
  },
};

const ajv = createAjv();
const checkResource = ajv.compile(resourceSchema);
const checkDepartment = ajv.compile(departmentSchema);

/** The rules JSON Schema cannot say: one key, unique item names, a code that agrees with its classification. */
function crossFieldProblems(input: ResourceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const items = Array.isArray(input.items) ? input.items : [];
  const keys = items.filter((i) => i?.key === true);
  if (items.length && keys.length !== 1) problems.push({ field: 'items', message: `must have exactly one key item, found ${keys.length}` });
  items.forEach((item, i) => {
    if (item?.key && item.required === false) problems.push({ field: `items[${i}].required`, message: 'must be true for the key item' });
    if (item?.key && !['string', 'code', 'integer'].includes(item.dataType)) {
      problems.push({ field: `items[${i}].dataType`, message: 'of the key item must be string, code or integer' });
    }
    const first = items.findIndex((other) => other?.apiName === item?.apiName);
    if (first !== i) problems.push({ field: `items[${i}].apiName`, message: `repeats items[${first}].apiName "${item.apiName}"` });
    for (const [r, ref] of (item?.references ?? []).entries()) {
      if (ref?.when && !items.some((o) => o?.apiName === ref.when!.item)) {
        problems.push({ field: `items[${i}].references[${r}].when.item`, message: `names no item of this resource` });
      }
    }
  });
  const c = input.classification;
  if (c && typeof input.code === 'string' && typeof c.catalogCode === 'string') {
    const prefix = `${c.categoryCode}${c.itemCode}${c.catalogCode}${c.subitemCode ?? ''}/`;
    if (!input.code.startsWith(prefix)) problems.push({ field: 'code', message: `must begin with its classification codes "${prefix}"` });
  }
  if (c && (c.subitemCode === undefined) !== (c.subitemName === undefined)) {
    problems.push({ field: 'classification.subitemName', message: 'and subitemCode come together' });
  }
  return problems;
}

/** Throws one InputError naming every bad field of a resource description. */
export function validateResourceInput(input: unknown): asserts input is ResourceInput {
  const problems = checkResource(input) ? [] : toProblems(checkResource.errors);
  if (input && typeof input === 'object') problems.push(...crossFieldProblems(input as ResourceInput));
  if (problems.length) throw new InputError('invalid resource', problems);
}

export function validateDepartmentInput(input: unknown): asserts input is Department {
  if (!checkDepartment(input)) throw new InputError('invalid department', toProblems(checkDepartment.errors));
}
