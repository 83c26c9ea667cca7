/**
 * The JSON Schema of a resource's rows, derived from its data items. Adapters validate incoming
 * rows with it; identifier formats are checked by their check digits.
 */
import type { FieldProblem } from '../shared/index.js';
import { createAjv, toProblems } from './ajv.js';
import type { CodeSet, DataItem, ItemFormat, Resource } from './model.js';

export type JsonSchema = Record<string, unknown>;

const FORMAT_OF: Record<ItemFormat, string> = {
  residentId: 'resident-id',
  creditCode: 'credit-code',
  mobile: 'mobile',
  email: 'email',
};

export interface RowSchemaContext {
  codeSets: ReadonlyMap<string, CodeSet>;
  /** The items that references point at, by `resource.item`. */
  referencedItems: ReadonlyMap<string, DataItem>;
}

function valueSchema(item: DataItem, ctx: RowSchemaContext): JsonSchema {
  switch (item.dataType) {
    case 'string':
      return { type: 'string', ...(item.length ? { maxLength: item.length } : {}), ...(item.format ? { format: FORMAT_OF[item.format] } : {}) };
    case 'code': {
      const set = item.codeSet ? ctx.codeSets.get(item.codeSet) : undefined;
      return { type: 'string', ...(item.length ? { maxLength: item.length } : {}), ...(set ? { enum: Object.keys(set.values) } : {}) };
    }
    case 'integer':
      return { type: 'integer' };
    case 'decimal':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'geopoint':
      return { type: 'string', format: 'geopoint', description: 'latitude,longitude (WGS 84)' };
    default: {
      const unreachable: never = item.dataType;
      throw new Error(`unknown data type ${String(unreachable)}`);
    }
  }
}

/** A reference whose target key has an identifier format checks that format (conditionally with `when`). */
function referenceRules(item: DataItem, ctx: RowSchemaContext): JsonSchema[] {
  const rules: JsonSchema[] = [];
  for (const ref of item.references ?? []) {
    const target = ctx.referencedItems.get(`${ref.resource}.${ref.item}`);
    if (!target?.format) continue;
    // ajv's strict mode wants the type beside the format; null stays allowed for an optional item.
    const checked = { type: 'string', format: FORMAT_OF[target.format] };
    const then = { properties: { [item.apiName]: item.required ? checked : { anyOf: [checked, { type: 'null' }] } } };
    rules.push(ref.when ? { if: { properties: { [ref.when.item]: { const: ref.when.equals } }, required: [ref.when.item] }, then } : then);
  }
  return rules;
}

export function deriveRowSchema(resource: Pick<Resource, 'apiName' | 'name' | 'version' | 'items'>, ctx: RowSchemaContext): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const allOf: JsonSchema[] = [];
  for (const item of resource.items) {
    const value = valueSchema(item, ctx);
    const title = item.description ? { title: item.name, description: item.description } : { title: item.name };
    properties[item.apiName] = item.required ? { ...title, ...value } : { ...title, anyOf: [value, { type: 'null' }] };
    allOf.push(...referenceRules(item, ctx));
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:govshare:resource:${resource.apiName}:v${resource.version}`,
    title: resource.name,
    type: 'object',
    additionalProperties: false,
    required: resource.items.filter((i) => i.required).map((i) => i.apiName),
    properties,
    ...(allOf.length ? { allOf } : {}),
  };
}

export type RowValidator = (row: unknown) => FieldProblem[];

const rowAjv = createAjv();

/** Compiles a row schema once; the validator returns the problems of one row (empty when valid). */
export function createRowValidator(schema: JsonSchema): RowValidator {
  const { $schema: _ignored, ...body } = schema;
  const id = body.$id as string | undefined;
  // ajv keeps compiled schemas by $id; a draft edited in place keeps its $id, so reuse only an identical one.
  const existing = id ? rowAjv.getSchema(id) : undefined;
  const same = existing && JSON.stringify(existing.schema) === JSON.stringify(body);
  if (existing && !same) rowAjv.removeSchema(id);
  const check = same ? existing : rowAjv.compile(body);
  return (row) => (check(row) ? [] : toProblems(check.errors));
}
