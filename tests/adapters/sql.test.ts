/**
 * The SQL source adapter against real databases: a SQLite file, a PostgreSQL schema and a MariaDB
 * table, each read as a table, a view and a query. These tests are about the source, so they run the
 * same under `npm test` and `npm run test:pg`; every name they create is unique to the process.
 */
import { expect } from 'chai';
import { InputError } from '../../shared/errors.js';
import { redactLocation, sqlSource } from '../../adapters/index.js';
import { rejection } from '../catalog/fixtures.js';
import { adapterContract, readBatches } from './contractSuite.js';
import { createTable, createView, openSourceDatabase, quote, SOURCE_KINDS, type SourceDatabase, type SourceKind } from './sqlSources.js';

interface Person {
  id: number;
  name: string;
  birth: string | null;
  score: string | null;
  active: boolean;
  updated_at: string | null;
}

/** Inserted out of key order; names in four scripts, one outside the BMP (utf8mb4, not utf8mb3). */
const PEOPLE: Person[] = [
  { id: 5, name: '欧阳娜娜', birth: '1988-07-14', score: '70.00', active: true, updated_at: null },
  { id: 1, name: '张三', birth: '1990-01-02', score: '12.50', active: true, updated_at: '2026-01-02 03:04:05' },
  { id: 3, name: '王𬌗', birth: '2001-12-31', score: '99.99', active: true, updated_at: '2026-03-01 00:00:00' },
  { id: 2, name: '李四?', birth: null, score: null, active: false, updated_at: '2026-01-02 03:04:05' },
  { id: 7, name: 'Zoë', birth: '1975-05-05', score: '0.10', active: false, updated_at: '2026-02-14 12:00:00' },
  { id: 4, name: '阿依古丽·买买提', birth: '1999-09-09', score: '45.60', active: true, updated_at: '2025-12-31 23:59:59' },
  { id: 6, name: '', birth: '2010-10-10', score: '3.00', active: true, updated_at: '2026-02-14 12:00:00' },
];

const byId = [...PEOPLE].sort((a, b) => a.id - b.id);

/** A value as each engine's driver gives it, as the contract suite compares it (a string). */
function shown(kind: SourceKind, column: keyof Person, value: Person[keyof Person]): string | null {
  if (value === null || value === '') return null;
  switch (column) {
    case 'score':
      return kind === 'mysql' ? String(value) : String(Number(value));
    case 'active':
      return kind === 'postgres' ? String(value) : value ? '1' : '0';
    case 'updated_at':
      return kind === 'postgres' ? `${String(value).replace(' ', 'T')}.000Z` : String(value);
    default:
      return String(value);
  }
}

function expectedRows(kind: SourceKind, people: Person[], columns: (keyof Person)[]): Record<string, string | null>[] {
  return people.map((p) => Object.fromEntries(columns.map((c) => [c, shown(kind, c, p[c])])));
}


for (const kind of SOURCE_KINDS) {
  describe(`SQL source on ${kind}`, () => {
    let source: SourceDatabase;
    let people: string;
    let active: string;
    const ALL: (keyof Person)[] = ['id', 'name', 'birth', 'score', 'active', 'updated_at'];

    before(async () => {
      source = await openSourceDatabase(kind);
      people = source.table('people');
      active = source.table('active_people');
      await createTable(source, people, (t) => {
        t.integer('id').primary();
        t.string('name', 40);
        t.date('birth');
        t.decimal('score', 8, 2);
        t.boolean('active');
        t.datetime('updated_at', { useTz: false });
      });
      await source.knex(people).insert(PEOPLE);
      await createView(source, active, `select id, name, score from ${quote(source, people)} where active = true`);
    });
    after(async () => {
      await source?.drop();
    });

    adapterContract(`sql table on ${kind}`, () => sqlSource(source.location, { table: people }), () => ({
      columns: ALL,
      rows: expectedRows(kind, byId, ALL),
    }));

    adapterContract(`sql view on ${kind}`, () => sqlSource(source.location, { table: active }), () => ({
      columns: ['id', 'name', 'score'],
      rows: expectedRows(kind, byId.filter((p) => p.active), ['id', 'name', 'score']),
    }));

    // The literal '?' must reach the database as text, not as a placeholder.
    adapterContract(`sql query on ${kind}`, () => sqlSource(source.location, { query: `select id, name, '?' as mark from ${quote(source, people)} where name <> '?' or name is null;` }), () => ({
      columns: ['id', 'name', 'mark'],
      rows: byId.map((p) => ({ ...expectedRows(kind, [p], ['id', 'name'])[0]!, mark: '?' })),
    }));

    it('keeps Chinese text, a character outside the BMP included, exactly as stored', async () => {
      const adapter = sqlSource(source.location, { table: people });
      try {
        const names = (await readBatches(adapter, { batchSize: 100 })).flat().map((r) => r.values.name);
        expect(names).to.deep.equal(byId.map((p) => p.name));
        expect(names).to.include('王𬌗').and.include('阿依古丽·买买提');
      } finally {
        await adapter.close();
      }
    });

    it('describes columns with the catalog type each plausibly holds', async () => {
      const adapter = sqlSource(source.location, { table: people });
      try {
        const columns = await adapter.describe();
        expect(columns.map((c) => [c.name, c.dataType])).to.deep.equal([
          ['id', 'integer'],
          ['name', 'string'],
          ['birth', 'date'],
          ['score', 'decimal'],
          ['active', 'boolean'],
          ['updated_at', 'datetime'],
        ]);
        expect(columns.every((c) => typeof c.sourceType === 'string' && c.sourceType.length > 0)).to.equal(true);
      } finally {
        await adapter.close();
      }
    });

    it('reads in watermark order, rows without a watermark first, ties by the key', async () => {
      const adapter = sqlSource(source.location, { table: people, watermark: 'updated_at' });
      try {
        const ids = (await readBatches(adapter, { batchSize: 2 })).flat().map((r) => Number(r.values.id));
        expect(ids).to.deep.equal([5, 4, 1, 2, 6, 7, 3]);
      } finally {
        await adapter.close();
      }
    });

    it('pushes since down: an incremental read returns only rows with a newer watermark', async () => {
      const adapter = sqlSource(source.location, { table: people, watermark: 'updated_at' });
      try {
        const since = shown(kind, 'updated_at', '2026-01-02 03:04:05')!;
        const rows = (await readBatches(adapter, { batchSize: 1, since })).flat();
        expect(rows.map((r) => Number(r.values.id))).to.deep.equal([6, 7, 3]);
        expect(rows.map((r) => r.position)).to.deep.equal([1, 2, 3]);
      } finally {
        await adapter.close();
      }
    });

    it('pages past watermarks that differ only in microseconds without repeating a row', async () => {
      const table = source.table('precise');
      await createTable(source, table, (t) => {
        t.integer('id').primary();
        t.datetime('changed', { useTz: false, precision: 6 });
      });
      const stamps = ['2026-01-01 00:00:00.000001', '2026-01-01 00:00:00.000002', '2026-01-01 00:00:00.000002', '2026-01-01 00:00:00.000900'];
      await source.knex(table).insert(stamps.map((changed, i) => ({ id: i + 1, changed })));
      const adapter = sqlSource(source.location, { table, watermark: 'changed' });
      try {
        const ids = (await readBatches(adapter, { batchSize: 1 })).flat().map((r) => Number(r.values.id));
        expect(ids).to.deep.equal([1, 2, 3, 4]);
      } finally {
        await adapter.close();
      }
    });

    it('reads a larger table in full pages by its key', async () => {
      const table = source.table('many');
      await createTable(source, table, (t) => {
        t.integer('code').primary();
        t.string('label', 20);
      });
      const rows = Array.from({ length: 1200 }, (_, i) => ({ code: (i * 7919) % 1200, label: `第${i}号` }));
      for (let i = 0; i < rows.length; i += 200) await source.knex(table).insert(rows.slice(i, i + 200));
      const adapter = sqlSource(source.location, { table });
      try {
        const batches = await readBatches(adapter, { batchSize: 500 });
        expect(batches.map((b) => b.length)).to.deep.equal([500, 500, 200]);
        expect(batches.flat().map((r) => Number(r.values.code))).to.deep.equal(Array.from({ length: 1200 }, (_, i) => i));
      } finally {
        await adapter.close();
      }
    });

    it('reads a table without a primary key completely, identical rows included', async () => {
      const table = source.table('keyless');
      await createTable(source, table, (t) => {
        t.string('district', 20);
        t.integer('visits');
      });
      const rows = [['英德市', 3], ['清城区', 1], ['英德市', 3], ['连州市', null], ['清城区', 2], ['英德市', 3], ['佛冈县', 0]];
      await source.knex(table).insert(rows.map(([district, visits]) => ({ district, visits })));
      const adapter = sqlSource(source.location, { table });
      try {
        const batches = await readBatches(adapter, { batchSize: 2 });
        const read = batches.flat().map((r) => `${r.values.district}:${r.values.visits}`);
        expect([...read].sort()).to.deep.equal(rows.map(([d, v]) => `${d}:${v}`).sort());
        expect((await readBatches(adapter, { batchSize: 3 })).flat().map((r) => `${r.values.district}:${r.values.visits}`)).to.deep.equal(read);
      } finally {
        await adapter.close();
      }
    });

    it('refuses a watermark that names no column, naming options.watermark', async () => {
      const adapter = sqlSource(source.location, { table: people, watermark: 'changed_on' });
      try {
        const err = await rejection(readBatches(adapter, { batchSize: 10 }), InputError);
        expect(err.problems.map((p) => p.field)).to.deep.equal(['options.watermark']);
      } finally {
        await adapter.close();
      }
    });
  });
}

describe('SQL source options and locations', () => {
  it('needs exactly one of table or query', () => {
    for (const options of [{}, { table: 'a', query: 'select 1' }]) {
      const err = catching(() => sqlSource('sqlite:/tmp/none.sqlite', options));
      expect(err).to.be.instanceOf(InputError);
      expect((err as InputError).problems[0]!.field).to.equal('options.table');
    }
  });

  it('takes only a single SELECT as a query', () => {
    for (const query of ['delete from people', 'select 1; drop table people', '']) {
      const err = catching(() => sqlSource('mysql://root@127.0.0.1:3306/test', { query }));
      expect((err as InputError).problems[0]!.field).to.equal('options.query');
    }
  });

  it('refuses an unknown scheme, naming location', () => {
    for (const location of ['oracle://scott:tiger@db/orcl', 'people.sqlite', 'http://example.org/db']) {
      const err = catching(() => sqlSource(location, { table: 'people' }));
      expect(err).to.be.instanceOf(InputError);
      expect((err as InputError).problems[0]!.field).to.equal('location');
      expect((err as InputError).message).to.not.include('tiger');
    }
  });

  it('refuses a SQLite file that does not exist instead of creating an empty one', () => {
    const err = catching(() => sqlSource('sqlite:/tmp/govshare-no-such-dir/none.sqlite', { table: 'people' }));
    expect((err as InputError).problems[0]!.field).to.equal('location');
  });

  it('redacts passwords from locations', () => {
    expect(redactLocation('mysql://root:s3cret@10.0.0.5:3306/hr')).to.equal('mysql://root:***@10.0.0.5:3306/hr');
    expect(redactLocation('postgresql://etl:p%40ss@db.qy.gov.cn/pop?sslmode=require')).to.equal('postgresql://etl:***@db.qy.gov.cn/pop?sslmode=require');
    expect(redactLocation('postgres://db/pop?user=etl&password=hunter2')).to.equal('postgres://db/pop?user=etl&password=***');
    expect(redactLocation('mysql://root@127.0.0.1:3306/test')).to.equal('mysql://root@127.0.0.1:3306/test');
    expect(redactLocation('sqlite:./data/source.sqlite')).to.equal('sqlite:./data/source.sqlite');
  });
});

function catching(work: () => unknown): unknown {
  try {
    work();
  } catch (err) {
    return err;
  }
  return undefined;
}
