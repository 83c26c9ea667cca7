import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';

/** Accounts, access requests with their transitions, grants and quota usage. JSON is text. */
export const exchangeTables: Migration = {
  name: '20261129_101_exchange_tables',
  async up(knex: Knex) {
    await knex.schema.createTable('accounts', (t) => {
      t.string('id', 36).primary(); // uuid
      t.string('client_id', 64).notNullable().unique(); // OAuth2 client id
      t.string('kind', 16).notNullable(); // person | service
      t.string('department_code', 32).notNullable().references('code').inTable('departments');
      t.string('name', 200).notNullable();
      t.text('secret_hash').notNullable(); // argon2id PHC string; the secret itself is never stored
      t.text('roles').notNullable(); // Role[]
      t.boolean('disabled').notNullable().defaultTo(false);
      t.timestamp('created_at', { useTz: true }).notNullable();
    });
    await knex.schema.createTable('access_requests', (t) => {
      t.string('id', 36).primary();
      t.string('consumer_code', 32).notNullable().references('code').inTable('departments');
      t.integer('resource_id').notNullable().references('id').inTable('resources');
      t.text('fields').notNullable(); // apiNames
      t.text('purpose').notNullable(); // 用途
      t.text('basis').notNullable(); // legal basis or scenario
      t.string('mode', 16).notNullable();
      t.date('wanted_from').notNullable();
      t.date('wanted_until').nullable();
      t.text('row_scope').nullable(); // Predicate
      t.text('unmask_reason').nullable();
      t.string('state', 16).notNullable();
      t.date('due_on').nullable(); // statutory deadline on the working-day calendar
      t.string('submitted_by', 36).notNullable().references('id').inTable('accounts');
      t.string('grant_id', 36).nullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
      t.index(['consumer_code']);
      t.index(['resource_id', 'state']);
    });
    await knex.schema.createTable('request_events', (t) => {
      t.string('request_id', 36).notNullable().references('id').inTable('access_requests');
      t.integer('seq').notNullable();
      t.string('from_state', 16).nullable();
      t.string('to_state', 16).notNullable();
      t.string('actor', 36).notNullable(); // account id or `system`
      t.timestamp('at', { useTz: true }).notNullable();
      t.text('reason').nullable();
      t.primary(['request_id', 'seq']);
    });
    await knex.schema.createTable('grants', (t) => {
      t.string('id', 36).primary();
      t.string('consumer_code', 32).notNullable().references('code').inTable('departments');
      t.integer('resource_id').notNullable().references('id').inTable('resources');
      t.string('request_id', 36).nullable().references('id').inTable('access_requests');
      t.text('fields').notNullable();
      t.text('masks').notNullable(); // {field: MaskRule}
      t.text('unmasked').notNullable(); // {field: reason}
      t.text('row_filter').nullable(); // Predicate
      t.string('mode', 16).notNullable();
      t.text('purpose').notNullable();
      t.timestamp('valid_from', { useTz: true }).notNullable();
      t.timestamp('valid_until', { useTz: true }).nullable();
      t.integer('quota_rpm').nullable();
      t.integer('quota_rows_per_day').nullable();
      t.timestamp('revoked_at', { useTz: true }).nullable();
      t.string('revoked_by', 36).nullable();
      t.text('revoke_reason').nullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.index(['consumer_code']);
    });
    await knex.schema.createTable('grant_usage', (t) => {
      t.string('grant_id', 36).notNullable().references('id').inTable('grants');
      t.string('window', 24).notNullable(); // `m:2026-11-29T10:15` or `d:2026-11-29`
      t.bigInteger('requests').notNullable().defaultTo(0);
      t.bigInteger('rows').notNullable().defaultTo(0);
      t.primary(['grant_id', 'window']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('grant_usage');
    await knex.schema.dropTable('grants');
    await knex.schema.dropTable('request_events');
    await knex.schema.dropTable('access_requests');
    await knex.schema.dropTable('accounts');
  },
};
