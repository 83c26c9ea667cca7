import { expect } from 'chai';
import { isValidCreditCode, parseResidentId } from '../../shared/index.js';
import { DEMO_RESOURCES, DISTRICTS, demoCounts, generateDemoRows, type DemoRow } from '../../demo/index.js';
import { organisationCodeCheckChar } from '../../demo/identities.js';
import { Random } from '../../demo/random.js';

const COUNTS = demoCounts(2000);

function collect(seed: number) {
  const rows = generateDemoRows(seed, COUNTS);
  return Object.fromEntries(DEMO_RESOURCES.map((name) => [name, [...rows[name]]])) as Record<(typeof DEMO_RESOURCES)[number], DemoRow[]>;
}

describe('demo row generation', () => {
  const world = collect(1);

  it('scales entities, licences and cases with the population and keeps 500 service items', () => {
    expect(demoCounts()).to.deep.equal({ person: 20000, legalEntity: 5000, licence: 8000, enforcementCase: 3000, serviceItem: 500 });
    expect(demoCounts(100_000)).to.deep.equal({ person: 100000, legalEntity: 25000, licence: 40000, enforcementCase: 15000, serviceItem: 500 });
    for (const name of DEMO_RESOURCES) expect(world[name], name).to.have.length(COUNTS[name]);
  });

  it('yields the same rows for the same seed, whatever order the resources are read in', () => {
    const again = generateDemoRows(1, COUNTS);
    const licencesFirst = [...again.licence];
    expect(licencesFirst).to.deep.equal(world.licence);
    expect([...again.person]).to.deep.equal(world.person);
    expect(JSON.stringify(collect(1))).to.equal(JSON.stringify(world));
  });

  it('yields different rows for a different seed', () => {
    const other = collect(2);
    for (const name of DEMO_RESOURCES) expect(JSON.stringify(other[name]), name).not.to.equal(JSON.stringify(world[name]));
  });

  it('gives persons unique, valid resident IDs that agree with their birth date, gender and district', () => {
    const districts = new Map(DISTRICTS.map((d) => [d.code, d.name]));
    expect(new Set(world.person.map((p) => p.idNumber)).size).to.equal(world.person.length);
    for (const p of world.person) {
      const parts = parseResidentId(String(p.idNumber));
      expect(parts, String(p.idNumber)).to.not.equal(undefined);
      expect(p.birthDate).to.equal(parts!.birthDate);
      expect(p.gender).to.equal(parts!.gender === 'male' ? '1' : '2');
      expect(p.district).to.equal(districts.get(parts!.region));
      expect(String(p.address)).to.match(new RegExp(`^清远市${p.district}`));
      if (p.mobile !== null) expect(p.mobile).to.match(/^1(3\d|5\d|8\d|9\d)\d{8}$/);
    }
  });

  it('makes most people 汉族 and many in the autonomous counties 壮族 or 瑶族', () => {
    const share = (rows: DemoRow[], code: string) => rows.filter((p) => p.ethnicity === code).length / rows.length;
    expect(share(world.person, '01')).to.be.above(0.9);
    expect(share(world.person.filter((p) => p.district === '连南瑶族自治县'), '13')).to.be.above(0.3);
    expect(share(world.person.filter((p) => p.district === '连山壮族瑶族自治县'), '08')).to.be.above(0.25);
  });

  it('gives entities unique, valid credit codes whose organisation code and kind are consistent', () => {
    expect(new Set(world.legalEntity.map((e) => e.creditCode)).size).to.equal(world.legalEntity.length);
    for (const e of world.legalEntity) {
      const code = String(e.creditCode);
      expect(isValidCreditCode(code), code).to.equal(true);
      expect(code[0]).to.equal('9');
      expect(code[1]).to.equal(e.entityType === '21' ? '2' : e.entityType === '31' ? '3' : '1');
      expect(code.slice(2, 6)).to.equal('4418');
      expect(organisationCodeCheckChar(code.slice(8, 16))).to.equal(code[16]);
    }
  });

  it('issues every licence to an existing person or entity, before it expires', () => {
    const persons = new Set(world.person.map((p) => p.idNumber));
    const entities = new Set(world.legalEntity.map((e) => e.creditCode));
    expect(new Set(world.licence.map((l) => l.licenceNo)).size).to.equal(world.licence.length);
    for (const l of world.licence) {
      expect((l.holderType === '1' ? persons : entities).has(l.holderId), `${l.licenceNo} ${l.holderId}`).to.equal(true);
      if (l.expiryDate !== null) expect(String(l.issueDate) < String(l.expiryDate), String(l.licenceNo)).to.equal(true);
    }
  });

  it('decides every enforcement case against an existing entity, in its district', () => {
    const entities = new Map(world.legalEntity.map((e) => [e.creditCode, e]));
    expect(new Set(world.enforcementCase.map((c) => c.caseNo)).size).to.equal(world.enforcementCase.length);
    for (const c of world.enforcementCase) {
      const subject = entities.get(c.subjectCreditCode);
      expect(subject, String(c.caseNo)).to.not.equal(undefined);
      expect(c.district).to.equal(subject!.district);
      expect(String(c.decisionDate) >= String(subject!.establishedDate)).to.equal(true);
    }
  });

  it('codes service items uniquely and names each once per district', () => {
    expect(new Set(world.serviceItem.map((s) => s.itemCode)).size).to.equal(500);
    expect(new Set(world.serviceItem.map((s) => `${s.name}@${s.district}`)).size).to.equal(500);
  });
});

describe('demo random streams', () => {
  it('repeat for the same seed and stream and differ across streams', () => {
    const draw = (seed: number, stream: string) => {
      const rng = new Random(seed, stream);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(1, 'a')).to.deep.equal(draw(1, 'a'));
    expect(draw(1, 'a')).not.to.deep.equal(draw(1, 'b'));
    expect(draw(1, 'a')).not.to.deep.equal(draw(2, 'a'));
  });
});
