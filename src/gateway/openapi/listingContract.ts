/**
 * The query of the catalog listing `GET /api/v1/resources`, as its contract states it, for the
 * OpenAPI document. The route itself belongs to catalog search; when it exports its own schema,
 * the document should take that one instead, so the two cannot drift.
 */
import { OPEN_TYPES, RESOURCE_FORMATS, SHARING_TYPES, UPDATE_CYCLES } from '../../catalog/index.js';
import type { ParamSchema, QuerySchema } from '../rest/querySchemas.js';

const repeatable = (description: string, values?: readonly string[], example?: string): ParamSchema => ({
  description: `${description} Repeatable or comma-separated.`,
  anyOf: [
    { type: 'string', ...(values ? { pattern: `^(${values.join('|')})(,(${values.join('|')}))*$` } : {}) },
    { type: 'array', items: { type: 'string', ...(values ? { enum: [...values] } : {}) } },
  ],
  ...(example ? { examples: [example] } : {}),
});

export const RESOURCE_LIST_QUERY: QuerySchema = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 200, description: 'Chinese substrings (人口), pinyin (renkou) or initials (rk), English words.', examples: ['法人'] },
    provider: repeatable('Provider department codes.', undefined, 'amr'),
    classification: repeatable('Classification code prefixes.', undefined, '1'),
    sharingType: repeatable('Sharing types.', SHARING_TYPES),
    openType: repeatable('Open types.', OPEN_TYPES.filter((t) => t !== 'closed')),
    format: repeatable('Resource formats.', RESOURCE_FORMATS),
    updateCycle: repeatable('Update cycles.', UPDATE_CYCLES),
    tag: repeatable('Tags.', undefined, '双公示'),
    freshness: repeatable('Freshness against the update cycle.', ['fresh', 'due', 'stale']),
    sort: { type: 'string', enum: ['relevance', 'name', 'code', 'updated', 'published'], description: 'Default relevance with q, else code.' },
    order: { type: 'string', enum: ['asc', 'desc'] },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
  additionalProperties: false,
};
