/** Catalog fixtures: Qingyuan departments with valid credit codes, code sets and resource inputs. */
import type { CodeSet, DataItem, Department, ResourceInput } from '../../catalog/index.js';
import { creditCodeCheckChar } from '../../shared/identifiers.js';

/** A credit code from its first 17 characters and the computed check character. */
export function creditCode(body17: string): string {
  return body17 + creditCodeCheckChar(body17);
}

export const GOVERNMENT: Department = {
  code: 'qy-gov',
  name: '清远市人民政府',
  creditCode: creditCode('11441800007017651'),
  parentCode: null,
  contact: { name: '办公室', phone: '0763-3362000' },
};

export const PUBLIC_SECURITY: Department = {
  code: 'qy-psb',
  name: '清远市公安局',
  creditCode: creditCode('11441800007017723'),
  parentCode: 'qy-gov',
  contact: { name: '科技信息化科', email: 'xxk@qyga.example.cn' },
};

export const MARKET_REGULATION: Department = {
  code: 'qy-amr',
  name: '清远市市场监督管理局',
  creditCode: creditCode('11441800MB2C92010'),
  parentCode: 'qy-gov',
  contact: {},
};

export const DEPARTMENTS = [GOVERNMENT, PUBLIC_SECURITY, MARKET_REGULATION];

export const GENDER_CODES: CodeSet = {
  id: 'GB/T 2261.1-2003',
  name: '人的性别代码',
  standard: 'GB/T 2261.1-2003',
  values: { '0': '未知的性别', '1': '男性', '2': '女性', '9': '未说明的性别' },
};

export const HOLDER_TYPES: CodeSet = {
  id: 'holder-type',
  name: '持证主体类型',
  values: { '1': '自然人', '2': '法人' },
};

export const CODE_SETS = [GENDER_CODES, HOLDER_TYPES];

type ItemOptions = Partial<DataItem> & Pick<DataItem, 'apiName' | 'dataType'>;

/** A data item with quiet defaults: optional, not the key, public, unmasked. */
export function item(options: ItemOptions): DataItem {
  return { name: options.apiName, required: false, key: false, sensitivity: 'public', mask: 'none', ...options };
}

/** `item` with its Chinese name, apiName and type in place: `namedItem('路灯编号', 'lampCode', 'string', { key: true })`. */
export function namedItem(name: string, apiName: string, dataType: DataItem['dataType'], options: Partial<DataItem> = {}): DataItem {
  return item({ name, apiName, dataType, ...options });
}

/** The key item: a required string. */
export function keyItem(apiName: string, options: Partial<DataItem> = {}): DataItem {
  return item({ apiName, dataType: 'string', length: 32, required: true, key: true, ...options });
}

/**
 * A small valid resource. `n` makes the code (`101001/00000n`) and apiName (`resource<n>`) unique,
 * so each test can register its own resources in a shared database.
 */
export function resourceInput(n: number, overrides: Partial<ResourceInput> = {}): ResourceInput {
  return {
    code: `101001/${String(n).padStart(6, '0')}`,
    apiName: `resource${n}`,
    name: `测试信息资源${n}`,
    provider: PUBLIC_SECURITY.code,
    classification: {
      categoryCode: '1',
      categoryName: '基础信息资源类',
      itemCode: '01',
      itemName: '人口信息',
      catalogCode: '001',
      catalogName: '人口基本信息',
    },
    summary: '用于测试的信息资源',
    format: 'database',
    sharing: { type: 'unconditional', method: '接口' },
    open: { type: 'closed' },
    updateCycle: 'daily',
    items: [
      keyItem('recordId'),
      item({ apiName: 'title', name: '标题', dataType: 'string', length: 100, required: true }),
      item({ apiName: 'amount', name: '数量', dataType: 'integer' }),
    ],
    ...overrides,
  };
}

/** 人口基本信息: keyed by the resident ID number. */
export function personsInput(n: number, overrides: Partial<ResourceInput> = {}): ResourceInput {
  return resourceInput(n, {
    apiName: `persons${n}`,
    name: '人口基本信息',
    items: [
      keyItem('idNumber', { name: '公民身份号码', length: 18, format: 'residentId', sensitivity: 'sensitive-personal', mask: 'residentId' }),
      item({ apiName: 'fullName', name: '姓名', dataType: 'string', length: 50, required: true, sensitivity: 'personal', mask: 'name' }),
      item({ apiName: 'gender', name: '性别', dataType: 'code', length: 1, codeSet: GENDER_CODES.id }),
      item({ apiName: 'birthDate', name: '出生日期', dataType: 'date', sensitivity: 'personal' }),
    ],
    ...overrides,
  });
}

/** 法人基本信息: keyed by the unified social credit code. */
export function legalPersonsInput(n: number, overrides: Partial<ResourceInput> = {}): ResourceInput {
  return resourceInput(n, {
    code: `102001/${String(n).padStart(6, '0')}`,
    apiName: `legalPersons${n}`,
    name: '法人基本信息',
    provider: MARKET_REGULATION.code,
    classification: {
      categoryCode: '1',
      categoryName: '基础信息资源类',
      itemCode: '02',
      itemName: '法人信息',
      catalogCode: '001',
      catalogName: '法人基本信息',
    },
    items: [
      keyItem('creditCode', { name: '统一社会信用代码', length: 18, format: 'creditCode' }),
      item({ apiName: 'entityName', name: '名称', dataType: 'string', length: 200, required: true }),
    ],
    ...overrides,
  });
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof type)) throw new Error(`expected a ${type.name}, got ${String(err)}`, { cause: err });
    return err;
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`);
}
