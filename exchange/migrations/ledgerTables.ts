import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';

/**
 * The audit ledger: an append-only hash chain of entries, the head it is appended at, the subject
 * index (who read whose data, derived from the entries behind a watermark) and signed checkpoints. The application never updates or
 * deletes an entry.
 */
export const ledgerTables: Migration = {
  name: '20261129_201_ledger_tables',
  async up(knex: Knex) {
    await knex.schema.createTable('ledger_entries', (t) => {
      t.bigInteger('seq').primary(); // 1, 2, 3, … without gaps
      t.string('at', 30).notNullable(); // ISO instant, as hashed
      t.string('kind', 16).notNullable(); // data | workflow
      t.string('action', 48).notNullable(); // lookup, list, … | request.approved, grant.revoked, …
      t.string('request_id', 64).nullable();
      t.string('actor', 64).nullable(); // account id or `system`
      t.string('department', 32).nullable();
      t.string('grant_id', 64).nullable();
      t.text('purpose').nullable();
      t.string('resource', 64).nullable(); // apiName
      t.text('fields').notNullable(); // JSON: fields returned
      t.text('filter').nullable(); // JSON: the filter asked for, identifiers as keyed hashes
      t.text('keys').notNullable(); // JSON: keyed hashes of the keys asked for
      t.integer('row_count').notNullable();
      t.string('outcome', 16).notNullable(); // allowed | denied | error | recorded
      t.string('error_code', 32).nullable();
      t.string('response_digest', 64).nullable(); // sha256 of the response as it left
      t.text('subjects').notNullable(); // JSON: keyed hashes of identifiers returned
      t.text('detail').nullable(); // JSON: workflow details
      t.string('prev_hash', 64).notNullable();
      t.string('hash', 64).notNullable();
      t.index(['at']);
      t.index(['department', 'at']);
    });
    await knex.schema.createTable('ledger_head', (t) => {
      t.integer('id').primary(); // always 1: the row appenders lock
      t.bigInteger('seq').notNullable();
      t.string('hash', 64).notNullable();
    });
    await knex('ledger_head').insert({ id: 1, seq: 0, hash: '0'.repeat(64) });
    await knex.schema.createTable('ledger_subject_watermark', (t) => {
      t.integer('id').primary(); // always 1
      t.bigInteger('indexed_seq').notNullable(); // entries up to here are in ledger_subjects
    });
    await knex('ledger_subject_watermark').insert({ id: 1, indexed_seq: 0 });
    await knex.schema.createTable('ledger_subjects', (t) => {
      t.string('subject', 64).notNullable(); // keyed hash of a resident ID or credit code
      t.bigInteger('seq').notNullable().references('seq').inTable('ledger_entries');
      t.primary(['subject', 'seq']);
    });
    await knex.schema.createTable('ledger_checkpoints', (t) => {
      t.bigInteger('seq').primary(); // the entry the checkpoint signs the chain up to
      t.string('hash', 64).notNullable(); // that entry's hash
      t.string('at', 30).notNullable();
      t.string('algorithm', 16).notNullable(); // HMAC-SHA256 | Ed25519
      t.string('key_id', 64).notNullable();
      t.text('signature').notNullable(); // base64url
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('ledger_checkpoints');
    await knex.schema.dropTable('ledger_subjects');
    await knex.schema.dropTable('ledger_subject_watermark');
    await knex.schema.dropTable('ledger_head');
    await knex.schema.dropTable('ledger_entries');
  },
};
