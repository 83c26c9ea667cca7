import { expect } from 'chai';
import type { Catalog } from '../../../catalog/index.js';
import { type RunningServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { NOT_PUBLIC, startEcosystemServer } from './world.js';

type Field = { name: string; title: string; type: string; format?: string; description?: string; constraints?: Record<string, any>; categories?: { value: string; label: string }[] };
type Package = Record<string, any> & { resources: (Record<string, any> & { schema: { fields: Field[]; primaryKey?: string; foreignKeys?: any[] } })[] };

/** Frictionless patterns are implicitly anchored XML Schema expressions. */
const matches = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

describeEngines('Frictionless Data Package', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  const get = (name: string) => fetch(`${server.url}/api/v1/resources/${name}/datapackage.json`);
  const descriptor = async (name: string) => {
    const res = await get(name);
    expect(res.status, name).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    return (await res.json()) as Package;
  };
  const fieldsOf = (pkg: Package) => new Map(pkg.resources[0]!.schema.fields.map((f) => [f.name, f]));

  before(async () => {
    server = await startEcosystemServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('describes an open resource as a tabular data package with one CSV resource', async () => {
    const pkg = await descriptor('legalEntity');
    expect(pkg.profile).to.equal('tabular-data-package');
    expect(pkg.name).to.equal('legal-entity');
    expect(pkg.title).to.equal('法人基础信息');
    expect(pkg.licenses).to.deep.equal([{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution 4.0 International' }]);
    expect(pkg.contributors[0]).to.include({ title: '清远市市场监督管理局', role: 'publisher' });
    expect(pkg.resources).to.have.length(1);
    const resource = pkg.resources[0]!;
    expect(resource).to.include({
      profile: 'tabular-data-resource',
      name: 'legal-entity',
      path: `${server.url}/api/v1/resources/legalEntity/download.csv?header=apiName`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
    });
    expect(resource.dialect).to.deep.include({ delimiter: ',', header: true, doubleQuote: true });
  });

  it("points at a CSV whose header row is exactly the schema's field names, in order", async () => {
    const pkg = await descriptor('legalEntity');
    const resource = pkg.resources[0]!;
    const csv = await (await fetch(resource.path)).text();
    const header = csv.replace(/^\uFEFF/, '').split('\r\n')[0]!.split(',');
    expect(header).to.deep.equal(resource.schema.fields.map((f) => f.name));
    const forPeople = await (await fetch(`${server.url}/api/v1/resources/legalEntity/download.csv`)).text();
    expect(forPeople.replace(/^\uFEFF/, '').split('\r\n')[0]!.split(',')).to.deep.equal(resource.schema.fields.map((f) => f.title));
    expect((await fetch(`${server.url}/api/v1/resources/legalEntity/download.csv?header=code`)).status).to.equal(400);
    expect((await fetch(`${server.url}/api/v1/resources/legalEntity/download.jsonl?header=apiName`)).status).to.equal(400);
  });

  it('derives the Table Schema from the items: names, Chinese titles, types, constraints and the primary key', async () => {
    const pkg = await descriptor('legalEntity');
    const schema = pkg.resources[0]!.schema;
    const resource = await server.catalog.getResource('legalEntity');
    expect(schema.fields.map((f) => [f.name, f.title])).to.deep.equal(resource.items.map((i) => [i.apiName, i.name]));
    expect(schema.primaryKey).to.equal('creditCode');
    const fields = fieldsOf(pkg);
    expect(fields.get('creditCode')!.constraints).to.include({ required: true, unique: true, maxLength: 18 });
    expect(fields.get('registeredCapital')!.type).to.equal('number');
    expect(fields.get('establishedDate')!.type).to.equal('date');
    const entityType = fields.get('entityType')!;
    const codeSet = (await server.catalog.listCodeSets(['govshare/entity-type']))[0]!;
    expect(entityType.constraints!.enum).to.deep.equal(Object.keys(codeSet.values));
    expect(entityType.categories).to.deep.include({ value: Object.keys(codeSet.values)[0], label: Object.values(codeSet.values)[0] });
  });

  it('gives identifier formats patterns that real values match and corrupted ones do not', async () => {
    const pattern = fieldsOf(await descriptor('legalEntity')).get('creditCode')!.constraints!.pattern as string;
    const codes: { credit_code: string }[] = await ctx.db.knex('data_legal_entity').select('credit_code').limit(50);
    for (const { credit_code } of codes) expect(matches(pattern, credit_code), credit_code).to.equal(true);
    expect(matches(pattern, codes[0]!.credit_code.slice(0, 17) + 'I')).to.equal(false);
    const idPattern = fieldsOf(await descriptor('practitioner')).get('holderIdNumber')!.constraints!.pattern as string;
    const ids: { id_number: string }[] = await ctx.db.knex('data_person').select('id_number').limit(50);
    for (const { id_number } of ids) expect(matches(idPattern, id_number), id_number).to.equal(true);
    expect(matches(idPattern, `${ids[0]!.id_number.slice(0, 6)}19991301${ids[0]!.id_number.slice(14)}`)).to.equal(false);
  });

  it('publishes person-like items only as far as they are public: personal items are left out, masked ones lose raw-value constraints', async () => {
    const pkg = await descriptor('practitioner');
    const fields = fieldsOf(pkg);
    expect([...fields.keys()]).to.deep.equal([
      'practiceNo', 'name', 'publicIdNumber', 'gender', 'employerCreditCode', 'holderIdNumber', 'employerEmail',
      'years', 'credits', 'active', 'registeredOn', 'changedAt', 'location',
    ]);
    expect(fields.get('name')!.constraints).to.deep.equal({ required: true });
    expect(fields.get('name')!.description).to.include('脱敏');
    expect(fields.get('publicIdNumber')!.constraints).to.equal(undefined);
    expect(fields.get('publicIdNumber')!.description).to.include('前 6 位和后 4 位');
    expect(fields.get('gender')!.constraints!.enum).to.deep.equal(['0', '1', '2', '9']);
    expect(fields.get('employerEmail')).to.include({ type: 'string', format: 'email' });
    expect(fields.get('years')!.type).to.equal('integer');
    expect(fields.get('credits')!.type).to.equal('number');
    expect(fields.get('active')).to.deep.include({ type: 'boolean', constraints: { required: true } });
    expect(fields.get('changedAt')!.type).to.equal('datetime');
    const location = fields.get('location')!;
    expect(location.type).to.equal('string');
    expect(matches(location.constraints!.pattern, '23.68,113.06')).to.equal(true);
    expect(pkg.resources[0]!.schema.primaryKey).to.equal('practiceNo');
  });

  it('declares foreign keys to public resources only, through their packages', async () => {
    const cases = (await descriptor('enforcementCase')).resources[0]!.schema;
    expect(cases.foreignKeys).to.deep.equal([
      {
        fields: 'subjectCreditCode',
        reference: { package: `${server.url}/api/v1/resources/legalEntity/datapackage.json`, resource: 'legal-entity', fields: 'creditCode' },
      },
    ]);
    // practitioner also references the closed person resource, which is not declared.
    const practitioner = (await descriptor('practitioner')).resources[0]!.schema;
    expect(practitioner.foreignKeys!.map((fk) => fk.fields)).to.deep.equal(['employerCreditCode']);
  });

  it('describes a conditionally open resource, saying how its data is reached', async () => {
    const pkg = await descriptor('trainingSubsidy');
    expect(pkg.licenses).to.equal(undefined);
    expect(pkg.resources[0]!.description).to.include('有条件开放');
  });

  it('answers 404 for closed, draft, retired and unknown resources alike, and 400 for unknown parameters', async () => {
    for (const name of [...NOT_PUBLIC, 'noSuchThing']) {
      const res = await get(name);
      expect(res.status, name).to.equal(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('NOT_FOUND');
    }
    const res = await fetch(`${server.url}/api/v1/resources/legalEntity/datapackage.json?format=yaml`);
    expect(res.status).to.equal(400);
  });
});
