import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';

/**
 * Source bindings, sync run history (whose `running` row is also the run's lock) and quarantined
 * rows. JSON documents are stored as text on both engines.
 */
export const adapterTables: Migration = {
  name: '20261129_401_adapter_tables',
  async up(knex: Knex) {
    await knex.schema.createTable('source_bindings', (t) => {
      t.string('resource', 64).primary().references('code').inTable('resources').onDelete('CASCADE'); // resource code
      t.string('kind', 16).notNullable(); // sql | csv | excel | rest
      t.text('location').notNullable(); // URL or file path; may hold a password: redact before showing
      t.text('options').notNullable().defaultTo('{}'); // kind-specific SourceOptions; headers are secret
      t.text('mapping').notNullable().defaultTo('[]'); // ColumnMapping[]
      t.string('mode', 16).notNullable(); // full | incremental | upsert
      t.boolean('live').notNullable().defaultTo(false); // queries forwarded to the source
      t.double('max_quarantine_share').notNullable(); // a run quarantining a larger share fails
      t.integer('schedule_minutes').nullable(); // overrides the update cycle; 0 = never scheduled
      t.text('watermark').nullable(); // JSON: the highest watermark value a successful run has seen
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
    await knex.schema.createTable('adapter_runs', (t) => {
      t.increments('id').primary();
      t.string('resource', 64).notNullable(); // resource code
      t.string('mode', 16).notNullable();
      t.string('status', 16).notNullable(); // running | succeeded | failed
      t.string('host', 255).notNullable(); // with pid and id, the lock holder `host:pid:id`
      t.integer('pid').notNullable();
      t.timestamp('heartbeat_at', { useTz: true }).notNullable(); // a running run older than 2 minutes is stale
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.timestamp('finished_at', { useTz: true }).nullable();
      t.bigInteger('read').notNullable().defaultTo(0); // rows taken in from the source
      t.bigInteger('loaded').notNullable().defaultTo(0); // new rows (full: rows of the new table)
      t.bigInteger('updated').notNullable().defaultTo(0);
      t.bigInteger('unchanged').notNullable().defaultTo(0);
      t.bigInteger('quarantined').notNullable().defaultTo(0); // rows, not problems
      t.bigInteger('superseded').notNullable().defaultTo(0); // earlier rows of a key replaced by a later one
      t.integer('duration_ms').nullable();
      t.text('error').nullable(); // why a failed run failed
      t.index(['resource', 'id']);
    });
    // At most one running run per resource: the row is the lock that keeps runs from overlapping.
    await knex.raw("CREATE UNIQUE INDEX ux_adapter_runs_running ON adapter_runs (resource) WHERE status = 'running'");
    await knex.schema.createTable('adapter_quarantine', (t) => {
      t.bigIncrements('id').primary();
      t.integer('run_id').notNullable().references('id').inTable('adapter_runs').onDelete('CASCADE');
      t.string('resource', 64).notNullable();
      t.bigInteger('position').notNullable(); // source line, record offset or row position
      t.string('field', 128).nullable(); // data item or source column at fault; null: the whole record
      t.text('reason').notNullable();
      t.text('source_values').notNullable(); // JSON of the values as read
      t.index(['run_id', 'id']);
    });
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('adapter_quarantine');
    await knex.schema.dropTable('adapter_runs');
    await knex.schema.dropTable('source_bindings');
  },
};
