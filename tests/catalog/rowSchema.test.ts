import { expect } from 'chai';
import fc from 'fast-check';
import { createRowValidator, deriveRowSchema, type DataItem, type Resource } from '../../catalog/index.js';
import type { RowSchemaContext } from '../../catalog/rowSchema.js';
import { creditCodeCheckChar, residentIdCheckChar } from '../../shared/identifiers.js';
import { GENDER_CODES, HOLDER_TYPES, creditCode, item, keyItem } from './fixtures.js';

type RowResource = Pick<Resource, 'apiName' | 'name' | 'version' | 'items'>;

const RESIDENT_KEY = keyItem('idNumber', { length: 18, format: 'residentId' });
const CREDIT_KEY = keyItem('creditCode', { length: 18, format: 'creditCode' });

const CONTEXT: RowSchemaContext = {
  codeSets: new Map([GENDER_CODES, HOLDER_TYPES].map((s) => [s.id, s])),
  referencedItems: new Map([
    ['persons.idNumber', RESIDENT_KEY],
    ['legalPersons.creditCode', CREDIT_KEY],
  ]),
};

/** A validator for a resource of the given items; each call gets its own apiName. */
let counter = 0;
function validatorFor(items: DataItem[], ctx: RowSchemaContext = CONTEXT) {
  const resource: RowResource = { apiName: `rows${++counter}`, name: '测试', version: 1, items };
  return createRowValidator(deriveRowSchema(resource, ctx));
}

const fieldsOf = (problems: { field: string }[]) => [...new Set(problems.map((p) => p.field))];

const VALID_ID = '11010519491231002X';
const VALID_CREDIT = '91350100M000100Y43';
const BAD_ID = '110105194912310021';
const BAD_CREDIT = '91350100M000100Y44';

describe('deriveRowSchema and createRowValidator', () => {
  const persons = validatorFor([
    RESIDENT_KEY,
    item({ apiName: 'fullName', dataType: 'string', length: 4, required: true }),
    item({ apiName: 'gender', dataType: 'code', length: 1, codeSet: GENDER_CODES.id }),
    item({ apiName: 'birthDate', dataType: 'date' }),
    item({ apiName: 'registeredAt', dataType: 'datetime' }),
    item({ apiName: 'householdSize', dataType: 'integer' }),
    item({ apiName: 'income', dataType: 'decimal' }),
    item({ apiName: 'married', dataType: 'boolean' }),
    item({ apiName: 'location', dataType: 'geopoint' }),
  ]);
  const valid = { idNumber: VALID_ID, fullName: '王小明', gender: '1', birthDate: '1949-12-31', registeredAt: '2024-01-02T03:04:05Z', householdSize: 3, income: 1234.5, married: true, location: '23.68,113.05' };

  it('accepts a valid row', () => {
    expect(persons(valid)).to.deep.equal([]);
  });

  it('accepts null and absence for optional items', () => {
    expect(persons({ idNumber: VALID_ID, fullName: '王小明', gender: null, birthDate: null })).to.deep.equal([]);
  });

  it('names every missing required item', () => {
    expect(persons({ gender: '1' })).to.have.deep.members([
      { field: 'idNumber', message: 'is required' },
      { field: 'fullName', message: 'is required' },
    ]);
  });

  it('refuses null for a required item', () => {
    expect(fieldsOf(persons({ ...valid, fullName: null }))).to.deep.equal(['fullName']);
  });

  it('enforces maxLength in characters', () => {
    expect(persons({ ...valid, fullName: '欧阳小明' })).to.deep.equal([]);
    expect(fieldsOf(persons({ ...valid, fullName: '欧阳小明明' }))).to.deep.equal(['fullName']);
  });

  it('turns a code set into an enum of its codes', () => {
    const schema = deriveRowSchema({ apiName: 'enumOnly', name: '枚举', version: 1, items: [item({ apiName: 'gender', dataType: 'code', codeSet: GENDER_CODES.id, required: true })] }, CONTEXT);
    expect((schema.properties as Record<string, { enum: string[] }>).gender.enum).to.deep.equal(['0', '1', '2', '9']);
    expect(fieldsOf(persons({ ...valid, gender: '3' }))).to.deep.equal(['gender']);
    expect(persons({ ...valid, gender: '3' }).map((p) => p.message)).to.include('must be one of 0, 1, 2, 9');
  });

  it('checks calendar dates and date-times', () => {
    for (const birthDate of ['1949-02-30', '1949/12/31', '19491231']) expect(fieldsOf(persons({ ...valid, birthDate })), birthDate).to.deep.equal(['birthDate']);
    expect(fieldsOf(persons({ ...valid, registeredAt: '2024-01-02 03:04' }))).to.deep.equal(['registeredAt']);
  });

  it('checks integers, numbers, booleans and geopoints by type', () => {
    const problems = persons({ ...valid, householdSize: 2.5, income: '1234.5', married: 'yes', location: '95,200' });
    expect(fieldsOf(problems)).to.have.members(['householdSize', 'income', 'married', 'location']);
  });

  it('rejects a resident ID with a wrong check digit', () => {
    expect(fieldsOf(persons({ ...valid, idNumber: BAD_ID }))).to.deep.equal(['idNumber']);
  });

  it('accepts every generated resident ID and rejects it with any other check character', () => {
    const body = fc.tuple(fc.integer({ min: 100000, max: 999999 }), fc.integer({ min: 0, max: 36524 }), fc.integer({ min: 0, max: 999 })).map(([region, day, seq]) => {
      const date = new Date(Date.UTC(1930, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      return `${region}${date}${String(seq).padStart(3, '0')}`;
    });
    fc.assert(
      fc.property(body, fc.constantFrom(...'0123456789X'), (b, check) => {
        const expected = check === residentIdCheckChar(b) ? [] : ['idNumber'];
        expect(fieldsOf(persons({ ...valid, idNumber: b + check }))).to.deep.equal(expected);
      }),
    );
  });

  it('rejects a credit code with a wrong check character', () => {
    const firms = validatorFor([CREDIT_KEY]);
    expect(firms({ creditCode: VALID_CREDIT })).to.deep.equal([]);
    expect(firms({ creditCode: creditCode('91441800MA4UJ0K71') })).to.deep.equal([]);
    expect(fieldsOf(firms({ creditCode: BAD_CREDIT }))).to.deep.equal(['creditCode']);
    const body = VALID_CREDIT.slice(0, 17);
    for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY'.replace(creditCodeCheckChar(body), '')) {
      expect(fieldsOf(firms({ creditCode: body + c })), c).to.deep.equal(['creditCode']);
    }
  });

  it('rejects fields that are not items', () => {
    expect(persons({ ...valid, nickname: '小明' })).to.deep.equal([{ field: 'nickname', message: 'is not a known field' }]);
  });

  it('names the resource and version in the schema $id and keeps item names as titles', () => {
    const schema = deriveRowSchema({ apiName: 'persons', name: '人口基本信息', version: 3, items: [keyItem('idNumber', { name: '公民身份号码' })] }, CONTEXT);
    expect(schema).to.deep.include({ $id: 'urn:govshare:resource:persons:v3', title: '人口基本信息', required: ['idNumber'], additionalProperties: false });
    expect((schema.properties as Record<string, { title: string }>).idNumber.title).to.equal('公民身份号码');
  });

  it('compiles a changed schema with the same $id afresh', () => {
    const v1 = deriveRowSchema({ apiName: 'draftRows', name: '草稿', version: 1, items: [keyItem('code', { length: 5 })] }, CONTEXT);
    expect(createRowValidator(v1)({ code: '1234567' })).to.have.length(1);
    const edited = deriveRowSchema({ apiName: 'draftRows', name: '草稿', version: 1, items: [keyItem('code', { length: 10 })] }, CONTEXT);
    expect(createRowValidator(edited)({ code: '1234567' })).to.deep.equal([]);
    expect(createRowValidator(v1)({ code: '1234567' })).to.have.length(1);
  });

  describe('references', () => {
    const holderId = item({
      apiName: 'holderId',
      dataType: 'string',
      length: 18,
      required: true,
      references: [
        { resource: 'persons', item: 'idNumber', when: { item: 'holderType', equals: '1' } },
        { resource: 'legalPersons', item: 'creditCode', when: { item: 'holderType', equals: '2' } },
      ],
    });
    const licences = validatorFor([
      keyItem('licenceNo'),
      item({ apiName: 'holderType', dataType: 'code', length: 1, codeSet: HOLDER_TYPES.id, required: true }),
      holderId,
    ]);

    it('requires a resident ID when the holder is a natural person (holderType 1)', () => {
      expect(licences({ licenceNo: 'L-1', holderType: '1', holderId: VALID_ID })).to.deep.equal([]);
      expect(fieldsOf(licences({ licenceNo: 'L-1', holderType: '1', holderId: BAD_ID }))).to.deep.equal(['holderId']);
      expect(fieldsOf(licences({ licenceNo: 'L-1', holderType: '1', holderId: VALID_CREDIT }))).to.deep.equal(['holderId']);
    });

    it('requires a credit code when the holder is a legal person (holderType 2)', () => {
      expect(licences({ licenceNo: 'L-2', holderType: '2', holderId: VALID_CREDIT })).to.deep.equal([]);
      expect(fieldsOf(licences({ licenceNo: 'L-2', holderType: '2', holderId: BAD_CREDIT }))).to.deep.equal(['holderId']);
      expect(fieldsOf(licences({ licenceNo: 'L-2', holderType: '2', holderId: VALID_ID }))).to.deep.equal(['holderId']);
    });

    it('lets an optional referencing item be null', () => {
      const optional = validatorFor([keyItem('licenceNo'), item({ apiName: 'holderType', dataType: 'code', codeSet: HOLDER_TYPES.id }), { ...holderId, required: false }]);
      expect(optional({ licenceNo: 'L-3', holderType: '1', holderId: null })).to.deep.equal([]);
      expect(fieldsOf(optional({ licenceNo: 'L-3', holderType: '1', holderId: BAD_ID }))).to.deep.equal(['holderId']);
    });

    it('applies an unconditional reference to every row', () => {
      const owners = validatorFor([keyItem('ownerId', { references: [{ resource: 'persons', item: 'idNumber' }] })]);
      expect(owners({ ownerId: VALID_ID })).to.deep.equal([]);
      expect(fieldsOf(owners({ ownerId: BAD_ID }))).to.deep.equal(['ownerId']);
    });

    it('skips a reference whose target is unknown or has no format', () => {
      const loose = validatorFor([keyItem('ownerId', { references: [{ resource: 'nowhere', item: 'id' }] })], { ...CONTEXT, referencedItems: new Map() });
      expect(loose({ ownerId: 'anything' })).to.deep.equal([]);
    });
  });
});
