import { expect } from 'chai';
import fc from 'fast-check';
import type { DataItem, Resource, ResourceInput } from '../../../catalog/index.js';
import { demoCatalog } from '../../../demo/index.js';
import {
  assertGrantActive,
  compilePolicy,
  effectiveMask,
  grantInactiveReason,
  maskRecord,
  maskValue,
  modeAllows,
  usableItems,
} from '../../../exchange/index.js';
import { ForbiddenError, MASK_RULES, maskResidentId, type MaskRule } from '../../../shared/index.js';
import { rejection } from '../../catalog/fixtures.js';
import { NOW, PERSON_FIELDS, personGrant } from '../query/fixtures.js';

function asResource(input: ResourceInput): Resource {
  return {
    ...input,
    relatedResources: input.relatedResources ?? [],
    tags: input.tags ?? [],
    publishedOn: input.publishedOn ?? null,
    status: 'published',
    version: 1,
    latestVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastSyncedAt: null,
  };
}

const person = asResource(demoCatalog().resources.find((r) => r.apiName === 'person')!);
const itemOf = (apiName: string) => person.items.find((i) => i.apiName === apiName)!;

describe('compilePolicy', () => {
  it('allows the granted fields that the resource still has, in the resource’s order', () => {
    const policy = compilePolicy(personGrant({ fields: ['district', 'retiredItem', 'idNumber', 'name'] }), person);
    expect(policy.items.map((i) => i.apiName)).to.deep.equal(['idNumber', 'name', 'district']);
    expect(policy.keyItem.apiName).to.equal('idNumber');
  });

  it('keeps the catalog’s mask on a field the grant names no mask for', () => {
    const policy = compilePolicy(personGrant(), person);
    expect(Object.fromEntries(policy.masks)).to.deep.equal({ idNumber: 'residentId', name: 'name', address: 'address', mobile: 'mobile' });
  });

  it('takes the grant’s own mask, and drops the mask of a field the approver unmasked', () => {
    const grant = personGrant({ masks: { district: 'name', idNumber: 'residentId' }, unmasked: { name: '窗口人工核对需要完整姓名' } });
    const policy = compilePolicy(grant, person);
    expect(policy.masks.get('district')).to.equal('name');
    expect(policy.masks.has('name')).to.equal(false);
    expect(policy.masks.get('idNumber')).to.equal('residentId');
  });

  it('never weakens the catalog’s mask with a grant mask of none', () => {
    expect(effectiveMask(personGrant({ masks: { mobile: 'none' } }), itemOf('mobile'))).to.equal('mobile');
    expect(effectiveMask(personGrant({ masks: { gender: 'none' } }), itemOf('gender'))).to.equal('none');
  });

  it('carries mode, quota and row filter over from the grant', () => {
    const rowFilter = { field: 'district', op: 'eq', value: '清城区' } as const;
    const quota = { requestsPerMinute: 10, rowsPerDay: null };
    const policy = compilePolicy(personGrant({ mode: 'verify', quota, rowFilter }), person);
    expect([policy.mode, policy.quota, policy.rowFilter]).to.deep.equal(['verify', quota, rowFilter]);
  });

  it('refuses a grant on another resource', () => {
    expect(() => compilePolicy(personGrant({ resource: 'licence' }), person)).to.throw(ForbiddenError);
  });

  it('fails closed when the row filter no longer fits the resource', () => {
    const grant = personGrant({ rowFilter: { field: 'householdNo', op: 'eq', value: 'x' } });
    expect(() => compilePolicy(grant, person)).to.throw(ForbiddenError, /row filter/);
  });
});

describe('what a grant lets a consumer use', () => {
  const names = (items: DataItem[]) => items.map((i) => i.apiName);

  it('offers filtering, ordering and grouping on unmasked fields only, and never grouping by the key', () => {
    const policy = compilePolicy(personGrant({ fields: ['idNumber', 'name', 'gender', 'birthDate'], unmasked: { idNumber: '归档' } }), person);
    expect(names(usableItems(policy, 'filter'))).to.deep.equal(['idNumber', 'gender', 'birthDate']);
    expect(names(usableItems(policy, 'order'))).to.deep.equal(['idNumber', 'gender', 'birthDate']);
    expect(names(usableItems(policy, 'group'))).to.deep.equal(['gender', 'birthDate']);
  });

  it('lets a verify grant claim masked fields and a query grant only unmasked ones', () => {
    const fields = ['idNumber', 'name', 'birthDate'];
    expect(names(usableItems(compilePolicy(personGrant({ fields, mode: 'verify' }), person), 'claim'))).to.deep.equal(fields);
    expect(names(usableItems(compilePolicy(personGrant({ fields, mode: 'query' }), person), 'claim'))).to.deep.equal(['birthDate']);
  });

  it('maps modes to actions: query does all, aggregate only counts, verify only verifies', () => {
    const actions = ['lookup', 'list', 'aggregate', 'verify'] as const;
    const table = Object.fromEntries((['query', 'aggregate', 'verify'] as const).map((m) => [m, actions.filter((a) => modeAllows(m, a))]));
    expect(table).to.deep.equal({ query: [...actions], aggregate: ['aggregate'], verify: ['verify'] });
  });
});

describe('grant validity', () => {
  it('is in force from validFrom until just before validUntil', () => {
    const grant = personGrant({ validFrom: '2026-11-29T00:00:00.000Z', validUntil: '2026-11-30T00:00:00.000Z' });
    expect(grantInactiveReason(grant, new Date('2026-11-28T23:59:59.999Z'))).to.equal('is not valid yet');
    expect(grantInactiveReason(grant, new Date('2026-11-29T00:00:00.000Z'))).to.equal(undefined);
    expect(grantInactiveReason(grant, new Date('2026-11-29T23:59:59.999Z'))).to.equal(undefined);
    expect(grantInactiveReason(grant, new Date('2026-11-30T00:00:00.000Z'))).to.equal('has expired');
  });

  it('stops a revoked grant', async () => {
    const grant = personGrant({ revokedAt: '2026-11-29T01:00:00.000Z', revokedBy: 'psb-approver', revokeReason: '用途已完成' });
    const err = await rejection(Promise.resolve().then(() => assertGrantActive(grant, NOW)), ForbiddenError);
    expect(err.message).to.match(/revoked/);
  });
});

describe('masking records', () => {
  const id = '441802199001011234';

  it('masks each masked field of a record by its rule and leaves the others', () => {
    const policy = compilePolicy(personGrant(), person);
    const record = { idNumber: id, name: '张小明', gender: '1', district: '清城区', address: '广东省清远市清城区人民一路8号', mobile: '13812345678' };
    expect(maskRecord(record, policy)).to.deep.equal({
      idNumber: '441802********1234',
      name: '张**',
      gender: '1',
      district: '清城区',
      address: '广东省清远市清城区****',
      mobile: '138****5678',
    });
  });

  it('does not change the record it is given', () => {
    const record = { idNumber: id };
    maskRecord(record, compilePolicy(personGrant(), person));
    expect(record.idNumber).to.equal(id);
  });

  it('withholds a masked value that is not text as null, and keeps empty values empty', () => {
    const date: DataItem = itemOf('birthDate');
    expect(maskValue(date, 'name', '1990-01-01')).to.equal(null);
    expect(maskValue({ ...date, dataType: 'integer' }, 'residentId', 42)).to.equal(null);
    expect(maskValue({ ...date, dataType: 'boolean' }, 'name', true)).to.equal(null);
    expect(maskValue(itemOf('mobile'), 'mobile', null)).to.equal(null);
    expect(maskValue(date, 'none', '1990-01-01')).to.equal('1990-01-01');
  });

  it('never lets a masked field through unchanged when its value is long enough to mask', () => {
    const stringFields = PERSON_FIELDS.filter((f) => itemOf(f).dataType === 'string');
    const rules = MASK_RULES.filter((r): r is Exclude<MaskRule, 'none'> => r !== 'none');
    fc.assert(
      fc.property(fc.constantFrom(...stringFields), fc.constantFrom(...rules), fc.string({ minLength: 11, maxLength: 40 }).filter((v) => !v.includes('*')), (field, rule, value) => {
        const policy = compilePolicy(personGrant({ fields: [field], masks: { [field]: rule } }), person);
        const masked = maskRecord({ [field]: value }, policy)[field];
        expect(masked).to.not.equal(value);
        expect(Object.keys(maskRecord({ [field]: value }, policy))).to.deep.equal([field]);
      }),
    );
    expect(maskResidentId(id)).to.equal('441802********1234');
  });
});
