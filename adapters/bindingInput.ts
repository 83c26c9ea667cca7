/**
 * What `source set` accepts, checked without the database: every bad field of the binding and of
 * its kind's options is named in one InputError. Unknown option keys are refused per kind.
 */
import { createAjv, toProblems } from '../catalog/index.js';
import { InputError, type FieldProblem } from '../shared/index.js';
import { SOURCE_KINDS, SYNC_MODES, type ColumnMapping, type SourceKind, type SourceOptions, type SyncMode } from './model.js';

export interface SourceBindingInput {
  /** The resource's code or apiName. */
  resource: string;
  kind: SourceKind;
  location: string;
  options?: SourceOptions;
  mapping?: ColumnMapping[];
  /** Default `full`. */
  mode?: SyncMode;
  /** Default false. */
  live?: boolean;
  /** Default 0.1. */
  maxQuarantineShare?: number;
  scheduleMinutes?: number;
}

export const DEFAULT_MAX_QUARANTINE_SHARE = 0.1;

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const watermark = { watermark: text(128) };

const bindingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['resource', 'kind', 'location'],
  properties: {
    resource: text(64),
    kind: { enum: [...SOURCE_KINDS] },
    location: text(2000),
    options: { type: 'object' },
    mapping: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['column', 'item'],
        properties: {
          column: text(200),
          item: text(64),
          values: { type: 'object', additionalProperties: { type: 'string' } },
          dateFormat: text(40),
        },
      },
    },
    mode: { enum: [...SYNC_MODES] },
    live: { type: 'boolean' },
    maxQuarantineShare: { type: 'number', minimum: 0, maximum: 1 },
    scheduleMinutes: { type: 'integer', minimum: 0, maximum: 527_040 },
  },
};

const PAGING_KEYS: Record<string, string[]> = {
  none: ['type'],
  page: ['type', 'param', 'sizeParam', 'size', 'start'],
  offset: ['type', 'param', 'limitParam', 'limit'],
  cursor: ['type', 'param', 'cursorPath'],
};

const optionSchemas: Record<SourceKind, object> = {
  sql: { properties: { ...watermark, table: { type: 'string', pattern: '^[A-Za-z_][\\w$]*(\\.[A-Za-z_][\\w$]*)?$', maxLength: 128 }, query: text(20_000) } },
  csv: { properties: { ...watermark, encoding: { enum: ['utf-8', 'gbk', 'gb18030'] }, delimiter: { type: 'string', minLength: 1, maxLength: 1 } } },
  excel: { properties: { ...watermark, sheet: text(31) } },
  rest: {
    properties: {
      ...watermark,
      recordsPath: text(200),
      paging: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { enum: Object.keys(PAGING_KEYS) },
          param: text(64),
          sizeParam: text(64),
          limitParam: text(64),
          cursorPath: text(200),
          size: { type: 'integer', minimum: 1, maximum: 10_000 },
          limit: { type: 'integer', minimum: 1, maximum: 10_000 },
          start: { type: 'integer', minimum: 0 },
        },
      },
      headers: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 8000 } },
      timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000 },
      retries: { type: 'integer', minimum: 0, maximum: 10 },
      lookupUrl: { type: 'string', pattern: '^https?://.*\\{key\\}', maxLength: 2000 },
    },
  },
};

const ajv = createAjv();
const checkBinding = ajv.compile(bindingSchema);
const checkOptions = Object.fromEntries(
  SOURCE_KINDS.map((kind) => [kind, ajv.compile({ type: 'object', additionalProperties: false, ...optionSchemas[kind] })]),
) as Record<SourceKind, ReturnType<typeof ajv.compile>>;

const LOCATION_RULES: Record<SourceKind, [RegExp, string]> = {
  sql: [/^(sqlite:|postgres(ql)?:\/\/|mysql2?:\/\/|mariadb:\/\/)/, 'must be a database URL (sqlite:…, postgres://…, mysql://…)'],
  rest: [/^https?:\/\/[^\s/]+/, 'must be an http:// or https:// URL'],
  csv: [/^[^\0]+$/, 'must be a file path'],
  excel: [/^[^\0]+$/, 'must be a file path'],
};

function optionProblems(kind: SourceKind, options: SourceOptions, mode: SyncMode, live: boolean): FieldProblem[] {
  const check = checkOptions[kind];
  const problems = check(options)
    ? []
    : toProblems(check.errors).map((p) => ({
        field: p.field === '(root)' ? 'options' : `options.${p.field}`,
        message: p.message === 'is not a known field' ? `is not an option of ${kind} sources` : p.message,
      }));
  if (kind === 'sql' && !options.table === !options.query) problems.push({ field: 'options.table', message: 'give either options.table or options.query (not both)' });
  const paging = options.paging as { type?: string } | undefined;
  if (kind === 'rest' && paging && typeof paging.type === 'string' && PAGING_KEYS[paging.type]) {
    for (const key of Object.keys(paging)) {
      if (!PAGING_KEYS[paging.type]!.includes(key)) problems.push({ field: `options.paging.${key}`, message: `is not an option of ${paging.type} paging` });
    }
    if (paging.type === 'cursor' && !('cursorPath' in paging)) problems.push({ field: 'options.paging.cursorPath', message: 'is required for cursor paging' });
  }
  if (mode === 'incremental' && !options.watermark) problems.push({ field: 'options.watermark', message: 'is required in incremental mode: the column whose increasing value marks what was read' });
  if (live && kind !== 'sql' && kind !== 'rest') problems.push({ field: 'live', message: 'only sql and rest sources can answer live queries' });
  return problems;
}

/** Checks the shape of a binding input; returns it with defaults applied. */
export function validateBindingInput(input: SourceBindingInput): Required<Omit<SourceBindingInput, 'scheduleMinutes'>> & Pick<SourceBindingInput, 'scheduleMinutes'> {
  const problems = checkBinding(input) ? [] : toProblems(checkBinding.errors);
  const value = {
    resource: input.resource,
    kind: input.kind,
    location: input.location,
    options: input.options ?? {},
    mapping: input.mapping ?? [],
    mode: input.mode ?? 'full',
    live: input.live ?? false,
    maxQuarantineShare: input.maxQuarantineShare ?? DEFAULT_MAX_QUARANTINE_SHARE,
    scheduleMinutes: input.scheduleMinutes,
  };
  // The kind's own rules, whenever the kind and the options are readable, so one error names everything.
  if (SOURCE_KINDS.includes(value.kind) && typeof value.options === 'object' && value.options !== null) {
    if (typeof value.location === 'string' && value.location && !LOCATION_RULES[value.kind][0].test(value.location)) {
      problems.push({ field: 'location', message: LOCATION_RULES[value.kind][1] });
    }
    problems.push(...optionProblems(value.kind, value.options, value.mode, value.live === true));
  }
  if (problems.length) throw new InputError('invalid source binding', problems);
  return value;
}
