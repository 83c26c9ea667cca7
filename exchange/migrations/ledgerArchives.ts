import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';

/**
 * Archives of the audit ledger: each one a JSON Lines file of consecutive entries, sealed with its
 * own SHA-256 and linked to the archive before it. The rows say what was archived and, once the
 * retention command removed its entries, when; the newest pruned archive anchors the chain.
 */
export const ledgerArchives: Migration = {
  name: '20261129_202_ledger_archives',
  async up(knex: Knex) {
    await knex.schema.createTable('ledger_archives', (t) => {
      t.increments('id').primary();
      t.bigInteger('first_seq').notNullable().unique(); // the first entry in the file
      t.bigInteger('last_seq').notNullable().unique(); // the last entry in the file
      t.string('last_hash', 64).notNullable(); // that entry's hash: the next archive's first entry links to it
      t.string('file_sha256', 64).notNullable(); // SHA-256 of the whole file, seal line included
      t.string('previous_sha256', 64).nullable(); // file_sha256 of the archive before; null for the first
      t.string('file_name', 255).notNullable(); // the file's name when written (for operators; it may move)
      t.string('created_at', 30).notNullable(); // ISO instant
      t.string('pruned_at', 30).nullable(); // when its entries were removed from the database (retention)
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('ledger_archives');
  },
};
