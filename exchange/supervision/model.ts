/** What supervision reads out of the audit ledger, and the alerts its rules raise. */
import type { LedgerEntry } from '../ledger/model.js';

export const VOLUME_DIMENSIONS = ['department', 'resource', 'outcome', 'hour'] as const;
export type VolumeDimension = (typeof VOLUME_DIMENSIONS)[number];

export interface VolumeQuery {
  /** ISO instant, inclusive. */
  from: string;
  /** ISO instant, exclusive. */
  to: string;
  by: readonly VolumeDimension[];
}

/** The number of data entries in one group; the dimensions not grouped by are absent. */
export interface VolumeGroup {
  department?: string | null;
  resource?: string | null;
  outcome?: string | null;
  /** The Asia/Shanghai hour, `YYYY-MM-DDTHH`. */
  hour?: string;
  count: number;
}

/** Polling by sequence number: pass `cursor` back as `after` to get what arrived since. */
export interface LedgerPage {
  entries: LedgerEntry[];
  /** The highest seq returned, or `after` (0 without it) when nothing was. */
  cursor: number;
  /** More entries after `cursor` are already in the ledger. */
  hasMore: boolean;
}

export interface PageQuery {
  /** Entries after this seq, oldest first; without it, the newest `first` entries. */
  after?: number | null;
  first?: number | null;
}

/** One exchange that returned a subject's data. */
export interface SubjectUse {
  seq: number;
  at: string;
  /** The department that read it. */
  department: string | null;
  grantId: string | null;
  purpose: string | null;
  /** apiName. */
  resource: string | null;
  action: string;
}

export const ALERT_RULES = ['volume-spike', 'off-hours-bulk', 'denied-burst', 'quota-exhausted', 'verify-enumeration'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_STATES = ['open', 'acknowledged'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export type AlertSeverity = 'low' | 'medium' | 'high';

export interface Alert {
  id: string;
  rule: AlertRule;
  department: string | null;
  grantId: string | null;
  severity: AlertSeverity;
  state: AlertState;
  firstSeq: number;
  lastSeq: number;
  /** The ledger entries behind the alert (the newest `MAX_ALERT_ENTRIES` of them). */
  entrySeqs: number[];
  /** The rule's figures when it last fired: counts, baseline, thresholds. */
  details: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

/** The thresholds of the alert rules. */
export interface AlertThresholds {
  /** volume-spike: an hour above `spikeFactor` × the department's average hourly volume … */
  spikeFactor: number;
  /** … and above this many entries in the hour. */
  spikeMinimum: number;
  /** Days of history the average hourly volume is taken over. */
  baselineDays: number;
  /** off-hours-bulk: more rows than this in one read between 20:00 and 08:00 or on a non-working day. */
  bulkRows: number;
  /** denied-burst: at least this many denials from one department within `deniedWindowMs`. */
  deniedBurst: number;
  deniedWindowMs: number;
  /** verify-enumeration: more verify calls than this within one minute on one grant. */
  verifyPerMinute: number;
}

export const DEFAULT_ALERT_THRESHOLDS: Readonly<AlertThresholds> = {
  spikeFactor: 5,
  spikeMinimum: 100,
  baselineDays: 7,
  bulkRows: 1000,
  deniedBurst: 10,
  deniedWindowMs: 5 * 60_000,
  verifyPerMinute: 60,
};

/** What one evaluation did. */
export interface AlertEvaluation {
  /** Ledger entries evaluated (seq range `fromSeq`..`toSeq`; none when equal). */
  fromSeq: number;
  toSeq: number;
  created: number;
  updated: number;
}
