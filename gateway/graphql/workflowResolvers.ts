/** Resolvers of the exchange workflow: requests, approvals, refusals, withdrawals, revocations, publishing. */
import {
  ACCESS_MODES,
  REQUEST_STATES,
  assertMayPublish,
  isAwaitingDecision,
  isInForce,
  workingDaysBetween,
  type CalendarDate,
  type AccessRequestInput,
  type AccessRequests,
  type AccessRequestView,
  type ApprovalDecision,
  type Grant,
  type Grants,
  type Ledger,
  type Predicate,
  type Principal,
} from '../../exchange/index.js';
import { NotFoundError, type MaskRule } from '../../shared/index.js';
import type { CatalogContext } from './catalogResolvers.js';

export interface WorkflowContext extends CatalogContext {
  principal: Principal;
  requests: AccessRequests;
  grants: Grants;
  now: () => Date;
  ledger?: Ledger;
}

const upper = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

interface ApprovalInput {
  fields?: string[] | null;
  rowFilter?: Predicate | null;
  masks?: { field: string; rule: MaskRule }[] | null;
  unmask?: { field: string; reason: string }[] | null;
  quota?: { requestsPerMinute?: number | null; rowsPerDay?: number | null } | null;
  validUntil?: string | null;
}

function toDecision(input: ApprovalInput | null | undefined): ApprovalDecision | undefined {
  if (!input) return undefined;
  const decision: ApprovalDecision = {};
  if (input.fields) decision.fields = input.fields;
  if (input.rowFilter !== undefined) decision.rowFilter = input.rowFilter;
  if (input.masks) decision.masks = Object.fromEntries(input.masks.map((m) => [m.field, m.rule]));
  if (input.unmask) decision.unmask = Object.fromEntries(input.unmask.map((u) => [u.field, u.reason]));
  if (input.quota !== undefined) decision.quota = input.quota && { requestsPerMinute: input.quota.requestsPerMinute ?? null, rowsPerDay: input.quota.rowsPerDay ?? null };
  if (input.validUntil !== undefined) decision.endsOn = input.validUntil;
  return decision;
}

async function visibleGrants(ctx: WorkflowContext, includeInactive: boolean): Promise<Grant[]> {
  const dept = ctx.principal.department;
  const [held, given] = await Promise.all([
    ctx.grants.list({ consumer: dept, includeInactive }),
    ctx.grants.list({ provider: dept, includeInactive }),
  ]);
  const byId = new Map([...held, ...given].map((g) => [g.id, g]));
  return [...byId.values()];
}

export function workflowResolvers() {
  return {
    AccessMode: upper(ACCESS_MODES),
    RequestState: upper(REQUEST_STATES),
    Query: {
      myRequests: (_: unknown, __: unknown, ctx: WorkflowContext) => ctx.requests.myRequests(ctx.principal),
      pendingApprovals: (_: unknown, __: unknown, ctx: WorkflowContext) => ctx.requests.pendingApprovals(ctx.principal),
      grants: (_: unknown, args: { includeInactive: boolean }, ctx: WorkflowContext) => visibleGrants(ctx, args.includeInactive),
      accessRequest: (_: unknown, args: { id: string }, ctx: WorkflowContext) =>
        ctx.requests.get(ctx.principal, args.id).catch((err) => {
          if (err instanceof NotFoundError) return null;
          throw err;
        }),
    },
    Mutation: {
      requestAccess: (_: unknown, args: { input: AccessRequestInput }, ctx: WorkflowContext) => ctx.requests.submit(ctx.principal, args.input),
      startReview: (_: unknown, args: { id: string }, ctx: WorkflowContext) => ctx.requests.startReview(ctx.principal, args.id),
      approveRequest: (_: unknown, args: { id: string; decision?: ApprovalInput }, ctx: WorkflowContext) =>
        ctx.requests.approve(ctx.principal, args.id, toDecision(args.decision)),
      refuseRequest: (_: unknown, args: { id: string; reason: string }, ctx: WorkflowContext) => ctx.requests.refuse(ctx.principal, args.id, args.reason),
      withdrawRequest: (_: unknown, args: { id: string; reason?: string }, ctx: WorkflowContext) =>
        ctx.requests.withdraw(ctx.principal, args.id, args.reason ?? null),
      revokeGrant: (_: unknown, args: { id: string; reason: string }, ctx: WorkflowContext) => ctx.grants.revoke(ctx.principal, args.id, args.reason),
      publishResource: async (_: unknown, args: { code: string }, ctx: WorkflowContext) => {
        // The draft being published decides the provider, in case a new version moved the resource.
        const shown = await ctx.catalog.getResource(args.code);
        assertMayPublish(ctx.principal, await ctx.catalog.getResource(args.code, shown.latestVersion));
        const published = await ctx.catalog.publishResource(args.code);
        // The catalog commits on its own; the entry follows at once and the answer waits for it.
        await ctx.ledger?.append({
          kind: 'workflow',
          action: 'resource.published',
          actor: ctx.principal.accountId,
          department: ctx.principal.department,
          resource: published.apiName,
          fields: published.items.map((i) => i.apiName),
          outcome: 'recorded',
          detail: { code: published.code, version: published.version },
        });
        return published;
      },
    },
    AccessRequest: {
      consumer: (r: AccessRequestView, _: unknown, ctx: WorkflowContext) => ctx.loaders.department.load(r.consumer),
      resource: (r: AccessRequestView, _: unknown, ctx: WorkflowContext) => ctx.loaders.resource.load(r.resource),
      grant: (r: AccessRequestView, _: unknown, ctx: WorkflowContext) => (r.grantId ? ctx.grants.get(r.grantId) : null),
      // `r` was read through requests.get/myRequests/pendingApprovals, which checked the principal may see it.
      events: (r: AccessRequestView, _: unknown, ctx: WorkflowContext) => ctx.requests.events(r.id),
      workingDaysLeft: (r: AccessRequestView, _: unknown, ctx: WorkflowContext) =>
        r.dueOn && isAwaitingDecision(r.state) ? workingDaysBetween(ctx.now(), r.dueOn as CalendarDate) : null,
    },
    Grant: {
      consumer: (g: Grant, _: unknown, ctx: WorkflowContext) => ctx.loaders.department.load(g.consumer),
      resource: (g: Grant, _: unknown, ctx: WorkflowContext) => ctx.loaders.resource.load(g.resource),
      masks: (g: Grant) => Object.entries(g.masks).filter(([, rule]) => rule !== 'none').map(([field, rule]) => ({ field, rule })),
      unmasked: (g: Grant) => Object.entries(g.unmasked).map(([field, reason]) => ({ field, reason })),
      active: (g: Grant, _: unknown, ctx: WorkflowContext) => isInForce(g, ctx.now()),
    },
  };
}

