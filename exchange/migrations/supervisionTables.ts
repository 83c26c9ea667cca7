import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';

/**
 * Supervision: alerts raised by the rules over the audit ledger, and the watermark of the ledger
 * entries the rules have seen. The watermark is one row that every evaluating process locks and
 * advances in the transaction that stores its alerts, so several processes never evaluate an entry
 * twice.
 */
export const supervisionTables: Migration = {
  name: '20261129_301_supervision_tables',
  async up(knex: Knex) {
    await knex.schema.createTable('alerts', (t) => {
      t.string('id', 36).primary(); // uuid
      t.string('rule', 32).notNullable(); // volume-spike | off-hours-bulk | denied-burst | quota-exhausted | verify-enumeration
      t.string('department', 32).nullable(); // the acting (consumer) department
      t.string('grant_id', 64).nullable(); // for rules about one grant
      t.string('severity', 16).notNullable(); // low | medium | high
      t.string('state', 16).notNullable(); // open | acknowledged
      t.bigInteger('first_seq').notNullable(); // the earliest ledger entry behind the alert
      t.bigInteger('last_seq').notNullable(); // the latest one
      t.text('entry_seqs').notNullable(); // JSON: the ledger entries behind the alert (capped)
      t.text('details').notNullable(); // JSON: figures of the rule (counts, baseline, thresholds)
      t.string('created_at', 30).notNullable(); // ISO instant
      t.string('updated_at', 30).notNullable(); // ISO instant of the last entries added
      t.string('acknowledged_by', 64).nullable(); // account id
      t.string('acknowledged_at', 30).nullable();
      t.index(['state', 'rule']);
      t.index(['rule', 'department', 'grant_id', 'state']);
    });
    await knex.schema.createTable('alert_watermark', (t) => {
      t.integer('id').primary(); // always 1: the row evaluators lock
      t.bigInteger('last_seq').notNullable(); // the last ledger entry the rules have evaluated
      t.string('evaluated_at', 30).nullable(); // ISO instant of that evaluation
    });
    await knex('alert_watermark').insert({ id: 1, last_seq: 0, evaluated_at: null });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('alert_watermark');
    await knex.schema.dropTable('alerts');
  },
};
