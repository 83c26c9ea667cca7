import { expect } from 'chai';
import { validateDepartmentInput, validateResourceInput, keyItem } from '../../catalog/index.js';
import { isValidCreditCode } from '../../shared/index.js';
import { demoCatalog } from '../../demo/index.js';

describe('demo catalog', () => {
  const world = demoCatalog();

  it('has the eight departments of DESIGN §6, each with a valid agency credit code of 清远市', () => {
    expect(world.departments.map((d) => d.code)).to.deep.equal(['eit', 'psb', 'amr', 'gsc', 'ule', 'hrss', 'edu', 'sup']);
    expect(world.departments.find((d) => d.code === 'sup')!.name).to.equal('清远市监察局');
    for (const d of world.departments) {
      validateDepartmentInput(d);
      expect(isValidCreditCode(d.creditCode), d.creditCode).to.equal(true);
      expect(d.creditCode.slice(0, 8)).to.equal('11441800');
      expect(d.parentCode).to.equal(null);
      expect(d.contact.name && d.contact.phone && d.contact.email).to.be.a('string');
    }
    expect(new Set(world.departments.map((d) => d.creditCode)).size).to.equal(8);
  });

  it('defines five resources that pass the catalog validation, with the keys and items of DESIGN §6 in order', () => {
    const expected: Record<string, string[]> = {
      person: ['idNumber', 'name', 'gender', 'birthDate', 'ethnicity', 'district', 'address', 'mobile'],
      legalEntity: ['creditCode', 'name', 'legalRepresentative', 'entityType', 'registeredCapital', 'establishedDate', 'district', 'address', 'status'],
      licence: ['licenceNo', 'licenceType', 'holderType', 'holderId', 'issuer', 'issueDate', 'expiryDate', 'status'],
      enforcementCase: ['caseNo', 'subjectCreditCode', 'violation', 'penalty', 'fineAmount', 'decisionDate', 'district'],
      serviceItem: ['itemCode', 'name', 'department', 'onlineLevel', 'district'],
    };
    expect(world.resources.map((r) => r.apiName)).to.deep.equal(Object.keys(expected));
    for (const r of world.resources) {
      validateResourceInput(r);
      expect(r.items.map((i) => i.apiName), r.apiName).to.deep.equal(expected[r.apiName]);
      expect(keyItem(r).apiName).to.equal(expected[r.apiName][0]);
    }
  });

  it('gives each resource the provider and sharing and open classes of DESIGN §6', () => {
    const summary = world.resources.map((r) => [r.apiName, r.provider, r.sharing.type, r.open.type]);
    expect(summary).to.deep.equal([
      ['person', 'psb', 'conditional', 'closed'],
      ['legalEntity', 'amr', 'unconditional', 'open'],
      ['licence', 'gsc', 'conditional', 'closed'],
      ['enforcementCase', 'ule', 'unconditional', 'open'],
      ['serviceItem', 'gsc', 'unconditional', 'open'],
    ]);
    expect(world.resources.find((r) => r.apiName === 'person')!.code).to.equal('101001/000001');
  });

  it('masks and formats the identifying items of a person', () => {
    const person = world.resources.find((r) => r.apiName === 'person')!;
    const item = (apiName: string) => person.items.find((i) => i.apiName === apiName)!;
    expect(item('idNumber')).to.include({ mask: 'residentId', format: 'residentId', sensitivity: 'sensitive-personal' });
    expect(item('name').mask).to.equal('name');
    expect(item('mobile')).to.include({ mask: 'mobile', format: 'mobile' });
    expect(item('address').mask).to.equal('address');
  });

  it('points licence holders at persons or entities by holder type, and case subjects at entities', () => {
    const items = (apiName: string) => world.resources.find((r) => r.apiName === apiName)!.items;
    expect(items('licence').find((i) => i.apiName === 'holderId')!.references).to.deep.equal([
      { resource: 'person', item: 'idNumber', when: { item: 'holderType', equals: '1' } },
      { resource: 'legalEntity', item: 'creditCode', when: { item: 'holderType', equals: '2' } },
    ]);
    expect(items('enforcementCase').find((i) => i.apiName === 'subjectCreditCode')!.references).to.deep.equal([
      { resource: 'legalEntity', item: 'creditCode' },
    ]);
  });

  it('supplies every code set a code item names, with the 56 nationalities of GB/T 3304', () => {
    const ids = new Set(world.codeSets.map((s) => s.id));
    for (const item of world.resources.flatMap((r) => r.items).filter((i) => i.dataType === 'code')) {
      expect(ids.has(item.codeSet!), `${item.apiName} → ${item.codeSet}`).to.equal(true);
    }
    const ethnicity = world.codeSets.find((s) => s.id === 'GB/T 3304-1991')!.values;
    expect(Object.keys(ethnicity)).to.have.length(56);
    expect([ethnicity['01'], ethnicity['08'], ethnicity['13'], ethnicity['56']]).to.deep.equal(['汉族', '壮族', '瑶族', '基诺族']);
    expect(world.codeSets.find((s) => s.id === 'GB/T 2261.1-2003')!.values).to.deep.equal({ '0': '未知的性别', '1': '男', '2': '女', '9': '未说明的性别' });
  });

  it('lists resources after the resources they reference or relate to', () => {
    const seen = new Set<string>();
    for (const r of world.resources) {
      for (const ref of r.items.flatMap((i) => i.references ?? [])) expect(seen.has(ref.resource), `${r.apiName} → ${ref.resource}`).to.equal(true);
      for (const code of r.relatedResources ?? []) expect(world.resources.some((o) => o.code === code && seen.has(o.apiName))).to.equal(true);
      seen.add(r.apiName);
    }
  });
});
