import type { Knex } from 'knex';
import type { Migration } from '../../shared/index.js';
import { reindexCatalog, TOKENS_BY_RESOURCE } from '../search/indexer.js';

const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

/**
 * The search index (see `search/text.ts`): suffix tokens per resource and per department, the
 * names ranking compares with, and tags for their filter and facet. Backfilled from the catalog.
 */
export const catalogSearch: Migration = {
  name: '20261129_003_catalog_search',
  async up(knex: Knex) {
    if (isPostgres(knex)) {
      // Byte order ("C") makes `token >= p and token < next(p)` exactly the tokens starting with p.
      await knex.schema.createTable('search_tokens', (t) => {
        t.specificType('token', 'varchar(64) collate "C"').notNullable(); // a Chinese, pinyin, initials or word token
        t.integer('resource_id').notNullable().references('id').inTable('resources').onDelete('CASCADE');
        t.primary(['token', 'resource_id']);
        t.index(['resource_id', 'token'], TOKENS_BY_RESOURCE);
      });
      await knex.schema.createTable('department_search_tokens', (t) => {
        t.specificType('token', 'varchar(64) collate "C"').notNullable();
        t.string('department_code', 32).notNullable().references('code').inTable('departments').onDelete('CASCADE');
        t.primary(['token', 'department_code']);
        t.index(['department_code']);
      });
    } else {
      // SQLite compares text bytewise already; WITHOUT ROWID keeps one B-tree per table instead of two.
      await knex.raw(
        `create table search_tokens (token varchar(64) not null, resource_id integer not null references resources(id) on delete cascade,
         primary key (token, resource_id)) without rowid`,
      );
      await knex.raw(`create index ${TOKENS_BY_RESOURCE} on search_tokens (resource_id, token)`);
      await knex.raw(
        `create table department_search_tokens (token varchar(64) not null, department_code varchar(32) not null references departments(code) on delete cascade,
         primary key (token, department_code)) without rowid`,
      );
      await knex.raw('create index department_search_tokens_department_code_index on department_search_tokens (department_code)');
    }
    await knex.schema.createTable('search_documents', (t) => {
      t.integer('resource_id').primary().references('id').inTable('resources').onDelete('CASCADE');
      t.string('name_text', 200).notNullable(); // the name, normalized (NFKC, lower case)
      t.text('name_pinyin').notNullable(); // its pinyin, syllables run together: renkoujichuxinxi
      t.string('name_initials', 200).notNullable(); // its initials: rkjcxx
      t.string('category_name', 200).notNullable(); // 类 name, the label of the classification facet
    });
    await knex.schema.createTable('resource_tags', (t) => {
      t.integer('resource_id').notNullable().references('id').inTable('resources').onDelete('CASCADE');
      t.string('tag', 50).notNullable(); // as the shown version lists it
      t.primary(['resource_id', 'tag']);
      t.index(['tag']);
    });
    await reindexCatalog(knex);
  },
  async down(knex: Knex) {
    await knex.schema.dropTable('resource_tags');
    await knex.schema.dropTable('search_documents');
    await knex.schema.dropTable('department_search_tokens');
    await knex.schema.dropTable('search_tokens');
  },
};
