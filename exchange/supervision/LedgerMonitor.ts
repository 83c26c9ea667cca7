/**
 * The figures monitoring scrapes from the ledger: its head, how far the alert rules have got, open
 * alerts by rule, and data entries by resource and outcome over a range of seqs. System reads for
 * the metrics endpoint, with no personal data in them; no principal is involved.
 */
import type { Database } from '../../shared/index.js';
import { alertWatermark, exchangeCounts, ledgerHeadSeq, openAlertsByRule } from './ledgerReads.js';

export class LedgerMonitor {
  constructor(private readonly db: Database) {}

  /** The seq of the newest committed entry. */
  headSeq(): Promise<number> {
    return ledgerHeadSeq(this.db.knex);
  }

  /** The last entry the alert rules have evaluated. */
  evaluatedSeq(): Promise<number> {
    return alertWatermark(this.db.knex);
  }

  /** Data entries with after < seq ≤ upTo, by resource and outcome. */
  exchangeCounts(after: number, upTo: number): Promise<{ resource: string; outcome: string; count: number }[]> {
    return exchangeCounts(this.db.knex, after, upTo);
  }

  /** Open alerts by rule (rules without any are absent). */
  openAlerts(): Promise<Map<string, number>> {
    return openAlertsByRule(this.db.knex);
  }
}
