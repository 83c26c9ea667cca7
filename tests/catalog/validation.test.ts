import { expect } from 'chai';
import { validateDepartmentInput, validateResourceInput, type ResourceInput } from '../../catalog/index.js';
import { InputError, type FieldProblem } from '../../shared/errors.js';
import { GOVERNMENT, creditCode, item, keyItem, personsInput, resourceInput } from './fixtures.js';

/** The problems of the one InputError `validate` throws. */
function problemsOf(validate: () => void): FieldProblem[] {
  try {
    validate();
  } catch (err) {
    expect(err).to.be.instanceOf(InputError);
    expect((err as InputError).code).to.equal('BAD_USER_INPUT');
    return (err as InputError).problems;
  }
  expect.fail('expected an InputError');
}

const fieldsOf = (problems: FieldProblem[]) => problems.map((p) => p.field);
const resourceProblems = (input: unknown) => problemsOf(() => validateResourceInput(input));

describe('validateResourceInput', () => {
  it('accepts a valid resource', () => {
    expect(() => validateResourceInput(resourceInput(1))).not.to.throw();
    expect(() => validateResourceInput(personsInput(2))).not.to.throw();
  });

  it('names every bad field in one InputError', () => {
    const input = resourceInput(1, {
      code: 'not-a-code',
      format: 'spreadsheet' as ResourceInput['format'],
      sharing: { type: 'none' },
      items: [
        keyItem('recordId'),
        item({ apiName: 'title', dataType: 'string' }),
        item({ apiName: 'photo', dataType: 'blob' as ResourceInput['items'][number]['dataType'] }),
        item({ apiName: 'gender', dataType: 'code' }),
        keyItem('otherKey'),
        item({ apiName: 'title', dataType: 'integer' }),
      ],
    });
    const problems = resourceProblems(input);
    expect(fieldsOf(problems)).to.include.members([
      'code',
      'format',
      'sharing.legalBasis',
      'items[2].dataType',
      'items[3].codeSet',
      'items',
      'items[5].apiName',
    ]);
    expect(problems.find((p) => p.field === 'items')?.message).to.include('exactly one key item, found 2');
    expect(problems.find((p) => p.field === 'items[5].apiName')?.message).to.include('items[1].apiName');
  });

  it('puts every problem into the error message as well', () => {
    try {
      validateResourceInput(resourceInput(1, { format: 'fax' as ResourceInput['format'], updateCycle: 'hourly' as ResourceInput['updateCycle'] }));
      expect.fail('expected an InputError');
    } catch (err) {
      expect((err as Error).message).to.include('format').and.to.include('updateCycle');
    }
  });

  it('requires the code to begin with its classification prefix', () => {
    const problems = resourceProblems(resourceInput(1, { code: '102001/000001' }));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.deep.include({ field: 'code' });
    expect(problems[0]!.message).to.include('101001/');
  });

  it('includes the sub-item code in the classification prefix', () => {
    const base = resourceInput(1);
    const classification = { ...base.classification, subitemCode: '002', subitemName: '户籍人口' };
    expect(() => validateResourceInput({ ...base, classification, code: '101001002/000001' })).not.to.throw();
    expect(fieldsOf(resourceProblems({ ...base, classification, code: '101001/000001' }))).to.deep.equal(['code']);
  });

  it('requires a sub-item code and name together', () => {
    const base = resourceInput(1);
    const problems = resourceProblems({ ...base, code: '101001003/000001', classification: { ...base.classification, subitemCode: '003' } });
    expect(fieldsOf(problems)).to.deep.equal(['classification.subitemName']);
  });

  it('requires a licence for an open resource', () => {
    expect(fieldsOf(resourceProblems(resourceInput(1, { open: { type: 'open' } })))).to.deep.equal(['open.licence']);
    expect(() => validateResourceInput(resourceInput(1, { open: { type: 'open', licence: 'CC BY 4.0' } }))).not.to.throw();
  });

  it('requires a legal basis for a resource that is not shared', () => {
    expect(fieldsOf(resourceProblems(resourceInput(1, { sharing: { type: 'none' } })))).to.deep.equal(['sharing.legalBasis']);
    expect(() => validateResourceInput(resourceInput(1, { sharing: { type: 'none', legalBasis: '《中华人民共和国保守国家秘密法》' } }))).not.to.throw();
  });

  it('requires conditions for conditional sharing', () => {
    expect(fieldsOf(resourceProblems(resourceInput(1, { sharing: { type: 'conditional' } })))).to.deep.equal(['sharing.conditions']);
  });

  it('requires a resource to have a key item', () => {
    const input = resourceInput(1, { items: [item({ apiName: 'title', dataType: 'string' })] });
    expect(fieldsOf(resourceProblems(input))).to.deep.equal(['items']);
  });

  it('requires the key item to be required and of a keyable type', () => {
    const input = resourceInput(1, { items: [keyItem('issuedOn', { dataType: 'date', required: false })] });
    expect(fieldsOf(resourceProblems(input))).to.have.members(['items[0].required', 'items[0].dataType']);
  });

  it('refuses an unmasked sensitive personal item', () => {
    const input = resourceInput(1, { items: [keyItem('recordId'), item({ apiName: 'idNumber', dataType: 'string', sensitivity: 'sensitive-personal' })] });
    expect(fieldsOf(resourceProblems(input))).to.deep.equal(['items[1].mask']);
  });

  it('refuses a `when` that names no item of the resource', () => {
    const input = resourceInput(1, {
      items: [keyItem('recordId'), item({ apiName: 'holderId', dataType: 'string', references: [{ resource: 'persons', item: 'idNumber', when: { item: 'holderType', equals: '1' } }] })],
    });
    expect(fieldsOf(resourceProblems(input))).to.deep.equal(['items[1].references[0].when.item']);
  });

  it('names unknown fields and missing required fields', () => {
    const { summary: _summary, ...withoutSummary } = resourceInput(1);
    const problems = resourceProblems({ ...withoutSummary, colour: 'red' });
    expect(problems).to.deep.include({ field: 'summary', message: 'is required' });
    expect(problems).to.deep.include({ field: 'colour', message: 'is not a known field' });
  });

  it('refuses an apiName that does not start with a lowercase letter', () => {
    expect(fieldsOf(resourceProblems(resourceInput(1, { apiName: 'Residents' })))).to.deep.equal(['apiName']);
    expect(fieldsOf(resourceProblems(resourceInput(1, { apiName: '_residents' })))).to.deep.equal(['apiName']);
  });

  it('refuses an empty list of items', () => {
    expect(fieldsOf(resourceProblems(resourceInput(1, { items: [] })))).to.deep.equal(['items']);
  });

  it('refuses a value that is not an object without throwing anything else', () => {
    expect(fieldsOf(resourceProblems(null))).to.deep.equal(['(root)']);
  });
});

describe('validateDepartmentInput', () => {
  it('accepts a department with a valid credit code', () => {
    expect(() => validateDepartmentInput(GOVERNMENT)).not.to.throw();
  });

  it('refuses a credit code with a wrong check character', () => {
    const good = GOVERNMENT.creditCode;
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(fieldsOf(problemsOf(() => validateDepartmentInput({ ...GOVERNMENT, creditCode: wrong })))).to.deep.equal(['creditCode']);
  });

  it('refuses a credit code with a letter outside the GB 32100 alphabet', () => {
    const withI = `${GOVERNMENT.creditCode.slice(0, 8)}I${GOVERNMENT.creditCode.slice(9)}`;
    expect(fieldsOf(problemsOf(() => validateDepartmentInput({ ...GOVERNMENT, creditCode: withI })))).to.deep.equal(['creditCode']);
  });

  it('names a bad code, a missing name and a bad contact e-mail at once', () => {
    const { name: _name, ...withoutName } = GOVERNMENT;
    const problems = problemsOf(() => validateDepartmentInput({ ...withoutName, code: 'QY GOV', contact: { email: 'not an address' } }));
    expect(fieldsOf(problems)).to.have.members(['code', 'name', 'contact.email']);
  });

  it('computes fixture credit codes that pass', () => {
    expect(() => validateDepartmentInput({ ...GOVERNMENT, creditCode: creditCode('12441800MB2D12345') })).not.to.throw();
  });
});
