/**
 * Resolvers of supervision. The services check the role (supervisor; operator for subject access)
 * on every call, so a field reached any way at all is guarded.
 */
import {
  ALERT_STATES,
  VOLUME_DIMENSIONS,
  type Alert,
  type AlertState,
  type LedgerEntry,
  type SubjectAccess,
  type SubjectUse,
  type Supervision,
  type VolumeDimension,
} from '../../exchange/index.js';
import type { WorkflowContext } from './workflowResolvers.js';

export interface SupervisionContext extends WorkflowContext {
  supervision: Supervision;
  subjectAccess: SubjectAccess;
}

const upper = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

interface PageArgs {
  after?: number | null;
  first?: number | null;
}

export function supervisionResolvers() {
  return {
    VolumeDimension: upper(VOLUME_DIMENSIONS),
    AlertState: upper(ALERT_STATES),
    Query: {
      ledgerVolume: (_: unknown, args: { from: string; to: string; by: VolumeDimension[] }, ctx: SupervisionContext) =>
        ctx.supervision.volume(ctx.principal, { from: args.from, to: args.to, by: args.by }),
      deniedRequests: (_: unknown, args: PageArgs, ctx: SupervisionContext) => ctx.supervision.denied(ctx.principal, args),
      ledgerEntries: (_: unknown, args: PageArgs, ctx: SupervisionContext) => ctx.supervision.latest(ctx.principal, args),
      whoReadSubject: (_: unknown, args: { id: string; first?: number | null }, ctx: SupervisionContext) =>
        ctx.supervision.whoRead(ctx.principal, args.id, args.first ?? undefined),
      grantsNearingExpiry: (_: unknown, args: { days: number }, ctx: SupervisionContext) => ctx.supervision.grantsNearingExpiry(ctx.principal, args.days),
      overdueApprovals: (_: unknown, __: unknown, ctx: SupervisionContext) => ctx.supervision.overdueApprovals(ctx.principal),
      alerts: (_: unknown, args: { state?: AlertState | null; first?: number | null }, ctx: SupervisionContext) => ctx.supervision.alerts(ctx.principal, args),
    },
    Mutation: {
      acknowledgeAlert: (_: unknown, args: { id: string }, ctx: SupervisionContext) => ctx.supervision.acknowledgeAlert(ctx.principal, args.id),
      approveSubjectAccess: (_: unknown, args: { id: string; ttlMinutes?: number | null }, ctx: SupervisionContext) =>
        ctx.subjectAccess.approve(ctx.principal, args.id, args.ttlMinutes ?? undefined),
    },
    LedgerEntry: {
      keyCount: (e: LedgerEntry) => (Array.isArray(e.keys) ? e.keys.length : 0),
      subjectCount: (e: LedgerEntry) => (Array.isArray(e.subjects) ? e.subjects.length : 0),
    },
    SubjectUse: {
      department: (u: SubjectUse, _: unknown, ctx: SupervisionContext) => (u.department ? ctx.loaders.department.load(u.department) : null),
      resource: (u: SubjectUse, _: unknown, ctx: SupervisionContext) => (u.resource ? ctx.loaders.resource.load(u.resource) : null),
    },
    Alert: {
      entries: (a: Alert, _: unknown, ctx: SupervisionContext) => ctx.supervision.entries(ctx.principal, a.entrySeqs),
    },
  };
}
