/**
 * The query of the catalog listing `GET /api/v1/resources` for the OpenAPI document, derived from
 * the schema the route validates with (`resourceListingSchema`), so the two cannot drift. The route
 * validates lists after splitting them at commas; on the wire each list is a repeated or
 * comma-separated parameter.
 */
import { resourceListingSchema } from '../rest/catalogSearch.js';
import type { ParamSchema, QuerySchema } from '../rest/querySchemas.js';

/** What the document says beside the validating schema. */
interface Doc {
  description?: string;
  examples?: unknown[];
  default?: unknown;
}

const DOCS: Record<keyof typeof resourceListingSchema.properties, Doc> = {
  q: { description: 'Chinese substrings (人口), pinyin (renkou) or initials (rk), English words.', examples: ['法人'] },
  provider: { description: 'Provider department codes.', examples: ['amr'] },
  classification: { description: 'Classification code prefixes.', examples: ['1'] },
  sharingType: { description: 'Sharing types.' },
  openType: { description: 'Open types.' },
  format: { description: 'Resource formats.' },
  updateCycle: { description: 'Update cycles.' },
  tag: { description: 'Tags.', examples: ['双公示'] },
  freshness: { description: 'Freshness against the update cycle.' },
  sort: { description: 'Default relevance with q, else code.' },
  order: {},
  limit: { default: 20 },
  offset: { default: 0 },
};

function wireForm(schema: Record<string, unknown>, doc: Doc): ParamSchema {
  if (schema.type !== 'array') return { ...schema, ...doc } as ParamSchema;
  const items = schema.items as Record<string, unknown>;
  return { ...doc, description: `${doc.description ?? ''} Repeatable or comma-separated.`.trim(), anyOf: [{ type: 'string' }, { type: 'array', items }] } as ParamSchema;
}

export const RESOURCE_LIST_QUERY: QuerySchema = {
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(resourceListingSchema.properties).map(([name, schema]) => [name, wireForm(schema, DOCS[name as keyof typeof DOCS])]),
  ),
  additionalProperties: false,
};
