/**
 * Migrations are plain modules collected by each area and run through knex's migrator with an
 * in-memory source, so compiled ESM output needs no directory scanning.
 */
import type { Knex } from 'knex';

export interface Migration {
  /** Sortable and unique across areas: `YYYYMMDD_NNN_area_what`. */
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

class ListSource implements Knex.MigrationSource<Migration> {
  constructor(private readonly migrations: readonly Migration[]) {}
  async getMigrations(): Promise<Migration[]> {
    return [...this.migrations].sort((a, b) => a.name.localeCompare(b.name));
  }
  getMigrationName(m: Migration): string {
    return m.name;
  }
  async getMigration(m: Migration): Promise<Knex.Migration> {
    return { up: m.up, down: m.down };
  }
}

const TABLE = 'govshare_migrations';

/** Brings the schema up to date; returns the names of the migrations that ran. */
export async function migrateLatest(knex: Knex, migrations: readonly Migration[]): Promise<string[]> {
  const [, ran] = (await knex.migrate.latest({ migrationSource: new ListSource(migrations), tableName: TABLE })) as [
    number,
    string[],
  ];
  return ran;
}

/** Rolls every migration back (their `down`s, newest first). */
export async function migrateRollbackAll(knex: Knex, migrations: readonly Migration[]): Promise<string[]> {
  const [, undone] = (await knex.migrate.rollback(
    { migrationSource: new ListSource(migrations), tableName: TABLE },
    true,
  )) as [number, string[]];
  return undone;
}
