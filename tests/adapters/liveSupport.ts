/**
 * A live resource for the live-query tests: 参保人员信息 (`insuredPerson`), published by hrss and
 * granted to gsc, whose rows live in a department database (or behind a REST API) and never in the
 * shared store. The persons are generated here, so the tests hold an oracle apart from the code.
 */
import { Catalog, type ResourceInput } from '../../catalog/index.js';
import type { SourceBinding } from '../../adapters/index.js';
import { Grants, type GrantInput, type StoreLocator } from '../../exchange/index.js';
import { loadDemoWorld } from '../../demo/index.js';
import { startServer } from '../../server/index.js';
import { maskName, maskResidentId, residentIdCheckChar, writeTransaction } from '../../shared/index.js';
import type { TestDatabase } from '../support/engines.js';
import { silentLogger, testConfig } from '../support/server.js';
import type { ClockedServer, TestClock } from '../gateway/dataSupport.js';
import { createTable, type SourceDatabase, type SourceKind } from './sqlSources.js';

export const CODE = '203002/000001';
export const MONDAY_MORNING = '2026-11-16T02:00:00.000Z';

const item = (name: string, apiName: string, dataType: ResourceInput['items'][number]['dataType'], options: Partial<ResourceInput['items'][number]> = {}) => ({
  name, apiName, dataType, required: true, key: false, sensitivity: 'personal' as const, mask: 'none' as const, ...options,
});

export const INSURED: ResourceInput = {
  code: CODE,
  apiName: 'insuredPerson',
  name: '参保人员信息',
  provider: 'hrss',
  classification: { categoryCode: '2', categoryName: '主题信息资源类', itemCode: '03', itemName: '社会保障', catalogCode: '002', catalogName: '社会保险参保信息' },
  summary: '清远市城镇职工基本养老保险参保人员的参保状态、缴费基数和参保日期，数据保留在市人力资源和社会保障局业务系统中，按需实时查询，不复制到共享库。',
  format: 'database',
  sharing: { type: 'conditional', conditions: '仅限依法履职需要，经市人社局同意', method: '接口' },
  open: { type: 'closed' },
  updateCycle: 'real-time',
  items: [
    item('公民身份号码', 'idNumber', 'string', { length: 18, key: true, sensitivity: 'sensitive-personal', mask: 'residentId', format: 'residentId' }),
    item('姓名', 'name', 'string', { length: 30, mask: 'name' }),
    item('性别', 'gender', 'code', { length: 1, codeSet: 'GB/T 2261.1-2003' }),
    item('参保所在区县', 'district', 'string', { length: 20, sensitivity: 'public' }),
    item('参保日期', 'insuredSince', 'date'),
    item('缴费基数（元）', 'monthlyBase', 'decimal', { length: 10, scale: 2 }),
    item('参保状态', 'active', 'boolean'),
    item('联系电话', 'mobile', 'string', { length: 11, required: false, mask: 'mobile', format: 'mobile' }),
    item('更新时间', 'updatedAt', 'datetime', { sensitivity: 'public' }),
  ],
};

export interface Insured {
  idNumber: string;
  name: string;
  gender: string;
  district: string;
  insuredSince: string;
  monthlyBase: number;
  active: boolean;
  mobile: string | null;
  updatedAt: string;
}

const DISTRICTS: [string, string][] = [['441802', '清城区'], ['441803', '清新区'], ['441881', '英德市'], ['441882', '连州市']];
const SURNAMES = ['张', '李', '王', '陈', '黄', '刘', '林', '何', '欧阳'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '秀英'];

/** `n` insured persons with valid ID numbers, ties in monthlyBase, some without a mobile. */
export function insuredPersons(n = 48): Insured[] {
  return Array.from({ length: n }, (_, i) => {
    const [region, district] = DISTRICTS[i % DISTRICTS.length]!;
    const first17 = `${region}19${String(60 + (i % 40)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + i).padStart(3, '0')}`;
    return {
      idNumber: first17 + residentIdCheckChar(first17),
      name: SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]!,
      gender: i % 2 === 0 ? '1' : '2',
      district,
      insuredSince: `20${String(10 + (i % 15)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      monthlyBase: [3500, 4200, 4200, 5100.5, 6800, 9000][i % 6]!,
      active: i % 3 !== 0,
      mobile: i % 5 === 0 ? null : `13${String(800000000 + i * 7919).slice(0, 9)}`,
      updatedAt: new Date(Date.UTC(2026, 10, 1 + (i % 14), 8, 30, i % 60)).toISOString(),
    };
  });
}

/** What gsc's grant shows of a person: ID and name masked by the catalog's rules, no mobile. */
export function seenByGsc(p: Insured): Record<string, unknown> {
  return {
    idNumber: maskResidentId(p.idNumber),
    name: maskName(p.name),
    gender: p.gender,
    district: p.district,
    insuredSince: p.insuredSince,
    monthlyBase: p.monthlyBase,
    active: p.active,
    updatedAt: p.updatedAt,
  };
}

export const GSC_FIELDS = ['idNumber', 'name', 'gender', 'district', 'insuredSince', 'monthlyBase', 'active', 'updatedAt'];
export const GSC_ROWS = (p: Insured) => p.district === '清城区' || p.district === '英德市';

/** A grant of gsc on insuredPerson: the fields above, rows of two districts, unless overridden. */
export function gscGrant(overrides: Partial<GrantInput> = {}): GrantInput {
  return {
    consumer: 'gsc',
    resource: 'insuredPerson',
    fields: GSC_FIELDS,
    rowFilter: { field: 'district', op: 'in', value: ['清城区', '英德市'] },
    mode: 'query',
    purpose: '政务服务事项办理中核验参保状态',
    validFrom: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The demo world (20 persons) with insuredPerson published, served with `locate` on a test clock. */
export async function startLiveServer(db: TestDatabase, clock: TestClock, locate: StoreLocator): Promise<ClockedServer> {
  const catalog = new Catalog(db);
  await loadDemoWorld(db, catalog, { persons: 20, seed: 7 });
  await catalog.createResource(INSURED);
  await catalog.publishResource(CODE);
  const running = await startServer({ db, logger: silentLogger, catalog, config: testConfig(), sweepIntervalMs: 0, alertIntervalMs: 0, now: () => clock.now, locate }, 0);
  return { ...running, catalog };
}

export async function createGrant(db: TestDatabase, catalog: Catalog, input: GrantInput): Promise<string> {
  const grants = new Grants(db, catalog);
  return (await writeTransaction(db, (trx) => grants.create(trx, input))).id;
}

/**
 * The persons in a department table of each kind, named the way departments name them: MariaDB with
 * pinyin abbreviations and 男/女 (an explicit mapping), SQLite with the store's snake_case names and
 * PostgreSQL with the items' Chinese names (both mapped by name).
 */
export async function insuredSource(source: SourceDatabase, persons: Insured[]): Promise<SourceBinding> {
  const base = { resource: CODE, kind: 'sql' as const, location: source.location, mode: 'full' as const, live: true, maxQuarantineShare: 0.1 };
  if (source.kind === 'mysql') {
    const table = source.table('cbry');
    await createTable(source, table, (t) => {
      t.string('sfzh', 18).primary();
      t.string('xm', 30);
      t.string('xb', 2);
      t.string('qxmc', 20);
      t.date('cbrq');
      t.decimal('jfjs', 10, 2);
      t.boolean('cbzt');
      t.string('sjhm', 11).nullable();
      t.datetime('gxsj', { precision: 3 });
    });
    await source.knex(table).insert(persons.map((p) => ({
      sfzh: p.idNumber, xm: p.name, xb: p.gender === '1' ? '男' : '女', qxmc: p.district, cbrq: p.insuredSince, jfjs: p.monthlyBase,
      cbzt: p.active, sjhm: p.mobile, gxsj: p.updatedAt.slice(0, 23).replace('T', ' '),
    })));
    const mapping = [
      { column: 'sfzh', item: 'idNumber' }, { column: 'xm', item: 'name' }, { column: 'xb', item: 'gender', values: { 男: '1', 女: '2' } },
      { column: 'qxmc', item: 'district' }, { column: 'cbrq', item: 'insuredSince' }, { column: 'jfjs', item: 'monthlyBase' },
      { column: 'cbzt', item: 'active' }, { column: 'sjhm', item: 'mobile' }, { column: 'gxsj', item: 'updatedAt' },
    ];
    return { ...base, options: { table }, mapping };
  }
  const chinese = source.kind === 'postgres';
  const table = source.table(chinese ? '参保人员' : 'insured');
  const name = (apiName: string) => {
    const it = INSURED.items.find((i) => i.apiName === apiName)!;
    return chinese ? it.name : apiName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  };
  await createTable(source, table, (t) => {
    t.string(name('idNumber'), 18).primary();
    t.string(name('name'), 30);
    t.string(name('gender'), 1);
    t.string(name('district'), 20);
    t.date(name('insuredSince'));
    t.decimal(name('monthlyBase'), 10, 2);
    t.boolean(name('active'));
    t.string(name('mobile'), 11).nullable();
    if (chinese) t.timestamp(name('updatedAt'), { useTz: true });
    else t.string(name('updatedAt'), 24);
  });
  await source.knex(table).insert(persons.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [name(k), v]))));
  // A query source on SQLite, a table on PostgreSQL: both shapes of a live source.
  return chinese ? { ...base, options: { table }, mapping: [] } : { ...base, options: { query: `select * from ${table} where 1 = 1` }, mapping: [] };
}

/** Query text for one person of insuredPerson with every field gsc may see. */
export const INSURED_FIELDS = 'idNumber name gender district insuredSince monthlyBase active updatedAt';

export type { SourceKind };
