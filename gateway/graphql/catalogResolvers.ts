/** Resolvers of the catalog types; per-request DataLoaders keep nested fields to one query per level. */
import DataLoader from 'dataloader';
import { GraphQLScalarType } from 'graphql';
import {
  Catalog,
  DATA_TYPES,
  ITEM_FORMATS,
  OPEN_TYPES,
  RESOURCE_FORMATS,
  RESOURCE_STATUSES,
  SENSITIVITIES,
  SHARING_TYPES,
  UPDATE_CYCLES,
  encodeCursor,
  FRESHNESS_VALUES,
  SEARCH_MAX_LIMIT,
  SEARCH_SORTS,
  type CodeSet,
  type Freshness,
  type DataItem,
  type Department,
  type Resource,
  type ResourceFilter,
  type ResourcePage,
} from '../../catalog/index.js';
import { NotFoundError, MASK_RULES } from '../../shared/index.js';
import { mayShowResource, mayShowVersion, type Visibility } from './catalogVisibility.js';
import { lazyFacets, needsSearch, searchConnection, toSearchFilters, type ResourcesArgs } from './resourceSearch.js';

export interface CatalogLoaders {
  department: DataLoader<string, Department | undefined>;
  resource: DataLoader<string, Resource | undefined>;
  codeSet: DataLoader<string, CodeSet | undefined>;
}

export interface CatalogContext {
  catalog: Catalog;
  /** `public` for an anonymous caller, `all` for a department (see catalogVisibility.ts). */
  visibility: Visibility;
  /** Created with the same visibility: a resource the caller may not see loads as undefined. */
  loaders: CatalogLoaders;
}

export function createCatalogLoaders(catalog: Catalog, visibility: Visibility): CatalogLoaders {
  const byKey = <T>(list: T[], key: (t: T) => string[], keys: readonly string[]) => {
    const map = new Map<string, T>();
    for (const t of list) for (const k of key(t)) map.set(k, t);
    return keys.map((k) => map.get(k));
  };
  return {
    department: new DataLoader(async (codes) => byKey(await catalog.listDepartments(), (d) => [d.code], codes)),
    resource: new DataLoader(async (codes) =>
      byKey((await catalog.getResources(codes)).filter((r) => mayShowResource(visibility, r)), (r) => [r.code, r.apiName], codes),
    ),
    codeSet: new DataLoader(async (ids) => byKey(await catalog.listCodeSets([...ids]), (s) => [s.id], ids)),
  };
}

/** `real-time` → `REAL_TIME`, `residentId` → `RESIDENT_ID`. */
function enumOf(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase(), v]));
}

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
});

function connection(page: ResourcePage<Resource>) {
  return {
    totalCount: page.totalCount,
    nodes: page.nodes,
    edges: page.nodes.map((node) => ({ cursor: encodeCursor(node.code), node })),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, startCursor: page.startCursor, endCursor: page.endCursor },
  };
}

const orNull = <T>(p: Promise<T>): Promise<T | null> =>
  p.catch((err) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });

interface PageArgs {
  first: number;
  after?: string;
}

async function resourceConnection(args: ResourcesArgs, ctx: CatalogContext) {
  if (needsSearch(args, ctx.visibility)) return searchConnection(ctx.catalog, args, ctx.visibility);
  const filter: ResourceFilter = args.filter ?? {};
  const page = await ctx.catalog.listResources(filter, args.first, args.after ?? undefined);
  return { ...connection(page), facets: lazyFacets(ctx.catalog, undefined, toSearchFilters(filter), ctx.visibility) };
}

/** Resources the caller may see among the codes or apiNames, in their order; the others are left out. */
async function visibleResources(codes: readonly string[], ctx: CatalogContext): Promise<Resource[]> {
  return (await ctx.loaders.resource.loadMany(codes)).filter((x): x is Resource => !!x && !(x instanceof Error));
}

export const catalogResolvers = {
  JSON: JSONScalar,
  SharingType: enumOf(SHARING_TYPES),
  OpenType: enumOf(OPEN_TYPES),
  ResourceFormat: enumOf(RESOURCE_FORMATS),
  UpdateCycle: enumOf(UPDATE_CYCLES),
  ResourceStatus: enumOf(RESOURCE_STATUSES),
  VersionStatus: enumOf(['draft', 'published']),
  DataType: enumOf(DATA_TYPES),
  Sensitivity: enumOf(SENSITIVITIES),
  MaskRule: enumOf(MASK_RULES),
  ItemFormat: enumOf(ITEM_FORMATS),
  Freshness: enumOf(FRESHNESS_VALUES),
  ResourceSort: enumOf(SEARCH_SORTS),
  SortOrder: enumOf(['asc', 'desc']),
  Query: {
    departments: (_: unknown, __: unknown, ctx: CatalogContext) => ctx.catalog.listDepartments(),
    department: (_: unknown, args: { code: string }, ctx: CatalogContext) => ctx.loaders.department.load(args.code).then((d) => d ?? null),
    resources: (_: unknown, args: ResourcesArgs, ctx: CatalogContext) => resourceConnection(args, ctx),
    resource: async (_: unknown, args: { code: string; version?: number | null }, ctx: CatalogContext) => {
      // Another version only of a resource the caller may see; the public sees no draft version.
      const shown = await ctx.loaders.resource.load(args.code);
      if (!shown || args.version == null) return shown ?? null;
      const asked = await orNull(ctx.catalog.getResource(shown.code, args.version));
      return asked && mayShowVersion(ctx.visibility, asked) ? asked : null;
    },
  },
  Department: {
    parent: (d: Department, _: unknown, ctx: CatalogContext) => (d.parentCode ? ctx.loaders.department.load(d.parentCode) : null),
    resources: (d: Department, args: PageArgs, ctx: CatalogContext) => resourceConnection({ filter: { provider: d.code }, first: args.first, after: args.after }, ctx),
    staleResources: async (d: Department, args: { freshness: Freshness[] }, ctx: CatalogContext) => {
      const filters = { provider: [d.code], freshness: args.freshness };
      return (await ctx.catalog.search({ filters, sort: 'code', limit: SEARCH_MAX_LIMIT, facets: false, visibility: ctx.visibility })).resources;
    },
  },
  Resource: {
    provider: (r: Resource, _: unknown, ctx: CatalogContext) => ctx.loaders.department.load(r.provider),
    relatedResources: (r: Resource, _: unknown, ctx: CatalogContext) => visibleResources(r.relatedResources, ctx),
    versions: async (r: Resource, _: unknown, ctx: CatalogContext) => (await ctx.catalog.listVersions(r.code)).filter((v) => mayShowVersion(ctx.visibility, v)),
    rowSchema: (r: Resource, _: unknown, ctx: CatalogContext) => ctx.catalog.rowSchema(r.code, r.version),
    freshness: (r: Resource, _: unknown, ctx: CatalogContext) => ctx.catalog.freshness(r),
  },
  DataItem: {
    codeSet: (i: DataItem, _: unknown, ctx: CatalogContext) => (i.codeSet ? ctx.loaders.codeSet.load(i.codeSet) : null),
    // A reference names its target; a target the caller may not see is not named.
    references: async (i: DataItem, _: unknown, ctx: CatalogContext) => {
      const references = i.references ?? [];
      const targets = new Set((await visibleResources(references.map((ref) => ref.resource), ctx)).flatMap((t) => [t.code, t.apiName]));
      return references.filter((ref) => targets.has(ref.resource));
    },
  },
  CodeSet: {
    values: (s: CodeSet) => Object.entries(s.values).map(([code, label]) => ({ code, label })),
  },
};
