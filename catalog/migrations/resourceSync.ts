import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';

/** When each resource's data last arrived in the shared store: a successful sync or the demo load. */
export const resourceSync: Migration = {
  name: '20261129_002_resource_sync',
  async up(knex: Knex) {
    await knex.schema.alterTable('resources', (t) => {
      t.timestamp('last_synced_at', { useTz: true }).nullable();
    });
  },
  async down(knex: Knex) {
    await knex.schema.alterTable('resources', (t) => {
      t.dropColumn('last_synced_at');
    });
  },
};
