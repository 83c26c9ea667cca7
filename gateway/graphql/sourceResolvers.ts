/**
 * Resolvers of source bindings and sync runs. A provider's publishers manage their own resources'
 * bindings and runs; operators may read every binding and run. Quarantined rows carry the source's
 * values, which only the providing department sees. Bindings always leave here redacted.
 */
import { redactBinding, SOURCE_KINDS, SYNC_MODES, type ColumnMapping, type RunReport, type SourceBindings, type SourceKind, type StoredBinding, type SyncMode, type SyncRunner } from '../../adapters/index.js';
import type { Resource } from '../../catalog/index.js';
import { assertMayPublish, type Principal } from '../../exchange/index.js';
import { ForbiddenError } from '../../shared/index.js';
import type { WorkflowContext } from './workflowResolvers.js';

export interface SourceServices {
  bindings: SourceBindings;
  runner: SyncRunner;
}

export interface SourceContext extends WorkflowContext {
  sources: SourceServices;
}

const upper = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

/** A run with the resource it belongs to, so that nested fields can check who may see what. */
type RunView = RunReport & { owner: Resource };
type BindingView = StoredBinding & { owner: Resource };

function mayRead(principal: Principal, resource: Resource): boolean {
  return principal.roles.includes('operator') || (principal.department === resource.provider && principal.roles.includes('publisher'));
}

function assertMayRead(principal: Principal, resource: Resource): void {
  if (!mayRead(principal, resource)) throw new ForbiddenError(`the source of "${resource.apiName}" is managed by its provider's publishers`);
}

interface BindingInputArgs {
  kind: SourceKind;
  location: string;
  options?: Record<string, unknown> | null;
  mapping?: ColumnMapping[] | null;
  mode?: SyncMode | null;
  live?: boolean | null;
  maxQuarantineShare?: number | null;
  scheduleMinutes?: number | null;
}

/** GraphQL nulls mean "not given". */
function withoutNulls<T extends object>(input: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as never;
}

export function sourceResolvers() {
  return {
    SourceKind: upper(SOURCE_KINDS),
    SyncMode: upper(SYNC_MODES),
    SyncRunStatus: { RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed' },
    Query: {
      sourceBinding: async (_: unknown, args: { resource: string }, ctx: SourceContext): Promise<BindingView | null> => {
        const owner = await ctx.catalog.getResource(args.resource);
        assertMayRead(ctx.principal, owner);
        const binding = await ctx.sources.bindings.find(owner.code);
        return binding ? { ...redactBinding(binding), owner } : null;
      },
      sourceBindings: async (_: unknown, _args: unknown, ctx: SourceContext): Promise<BindingView[]> => {
        const bindings = await ctx.sources.bindings.list();
        const owners = new Map((await ctx.catalog.getResources(bindings.map((b) => b.resource))).map((r) => [r.code, r]));
        return bindings.flatMap((b) => {
          const owner = owners.get(b.resource);
          return owner && mayRead(ctx.principal, owner) ? [{ ...redactBinding(b), owner }] : [];
        });
      },
      syncRun: async (_: unknown, args: { id: number }, ctx: SourceContext): Promise<RunView> => {
        const run = await ctx.sources.runner.report(args.id);
        const owner = await ctx.catalog.getResource(run.resource);
        assertMayRead(ctx.principal, owner);
        return { ...run, owner };
      },
    },
    Mutation: {
      setSourceBinding: async (_: unknown, args: { resource: string; input: BindingInputArgs }, ctx: SourceContext): Promise<BindingView> => {
        const owner = await ctx.catalog.getResource(args.resource);
        assertMayPublish(ctx.principal, owner);
        const { kind, location, options, mapping, ...rest } = args.input;
        const binding = await ctx.sources.bindings.set({ ...withoutNulls(rest), kind, location, resource: owner.code, options: options ?? {}, mapping: mapping ?? [] });
        return { ...redactBinding(binding), owner };
      },
      removeSourceBinding: async (_: unknown, args: { resource: string }, ctx: SourceContext): Promise<boolean> => {
        const owner = await ctx.catalog.getResource(args.resource);
        assertMayPublish(ctx.principal, owner);
        await ctx.sources.bindings.remove(owner.code);
        return true;
      },
      syncResource: async (_: unknown, args: { resource: string; mode?: SyncMode | null }, ctx: SourceContext): Promise<RunView> => {
        const owner = await ctx.catalog.getResource(args.resource);
        assertMayPublish(ctx.principal, owner);
        const run = await ctx.sources.runner.run(owner.code, { mode: args.mode ?? undefined });
        return { ...run, owner };
      },
    },
    SourceBinding: {
      runs: async (binding: BindingView, args: { first: number }, ctx: SourceContext): Promise<RunView[]> =>
        (await ctx.sources.runner.runs(binding.resource, Math.min(Math.max(args.first, 1), 100))).map((run) => ({ ...run, owner: binding.owner })),
    },
    SyncRun: {
      quarantine: async (run: RunView, args: { first: number; after?: string | null }, ctx: SourceContext) => {
        const page = await ctx.sources.runner.quarantine(run.id, { first: args.first, after: args.after ?? undefined });
        const own = ctx.principal.department === run.owner.provider;
        return { rows: page.rows.map((row) => ({ ...row, values: own ? row.values : null })), next: page.next ?? null };
      },
    },
  };
}
