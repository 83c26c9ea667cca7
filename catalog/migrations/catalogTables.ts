import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';

/** JSON documents are stored as text on both engines and parsed in `rows.ts`. */
export const catalogTables: Migration = {
  name: '20261129_001_catalog_tables',
  async up(knex: Knex) {
    await knex.schema.createTable('departments', (t) => {
      t.string('code', 32).primary(); // short code, e.g. psb
      t.string('name', 200).notNullable();
      t.string('credit_code', 18).notNullable().unique(); // unified social credit code of the agency
      t.string('parent_code', 32).nullable().references('code').inTable('departments');
      t.text('contact').notNullable().defaultTo('{}'); // {name, phone, email}
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
    await knex.schema.createTable('code_sets', (t) => {
      t.string('id', 64).primary(); // e.g. GB/T 2261.1-2003
      t.string('name', 200).notNullable();
      t.string('standard', 200).nullable();
      t.text('values').notNullable(); // {code: label}
    });
    await knex.schema.createTable('resources', (t) => {
      t.increments('id').primary();
      t.string('code', 64).notNullable().unique(); // 信息资源代码: 前段码/顺序码
      t.string('api_name', 64).notNullable().unique();
      t.string('name', 200).notNullable();
      t.string('provider_code', 32).notNullable().references('code').inTable('departments');
      t.string('status', 16).notNullable(); // draft | published | retired
      t.integer('version').notNullable(); // the version shown (latest published, else the draft)
      t.integer('latest_version').notNullable(); // newest version, possibly an unpublished draft
      // Classification and attributes of the shown version, kept as columns for filtering.
      t.string('category_code', 8).notNullable();
      t.string('item_code', 16).notNullable();
      t.string('catalog_code', 16).notNullable();
      t.string('subitem_code', 16).nullable();
      t.string('sharing_type', 16).notNullable();
      t.string('open_type', 16).notNullable();
      t.string('format', 16).notNullable();
      t.string('update_cycle', 16).notNullable();
      t.date('published_on').nullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
      t.index(['provider_code']);
      t.index(['status']);
    });
    await knex.schema.createTable('resource_versions', (t) => {
      t.integer('resource_id').notNullable().references('id').inTable('resources').onDelete('CASCADE');
      t.integer('version').notNullable();
      t.string('status', 16).notNullable(); // draft (editable) | published (frozen)
      t.text('metadata').notNullable(); // the ResourceInput without items
      t.text('changes').notNullable().defaultTo('[]'); // what changed from the previous version
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('published_at', { useTz: true }).nullable();
      t.primary(['resource_id', 'version']);
    });
    await knex.schema.createTable('data_items', (t) => {
      t.integer('resource_id').notNullable();
      t.integer('version').notNullable();
      t.integer('position').notNullable(); // order within the resource
      t.string('api_name', 64).notNullable();
      t.string('name', 200).notNullable(); // Chinese name
      t.string('data_type', 16).notNullable();
      t.integer('length').nullable();
      t.integer('scale').nullable();
      t.boolean('required').notNullable();
      t.boolean('is_key').notNullable();
      t.string('sensitivity', 32).notNullable();
      t.string('mask', 16).notNullable();
      t.string('format', 16).nullable();
      t.string('code_set', 64).nullable();
      t.text('description').nullable();
      t.text('references').nullable(); // ItemReference[]
      t.primary(['resource_id', 'version', 'api_name']);
      t.foreign(['resource_id', 'version']).references(['resource_id', 'version']).inTable('resource_versions').onDelete('CASCADE');
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('data_items');
    await knex.schema.dropTable('resource_versions');
    await knex.schema.dropTable('resources');
    await knex.schema.dropTable('code_sets');
    await knex.schema.dropTable('departments');
  },
};
