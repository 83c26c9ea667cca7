/**
 * The DCAT-AP documents of the whole demo catalog validate against the official DCAT-AP 3.0.1
 * shapes with zero violations, in Turtle and in JSON-LD read back to RDF; and a broken dataset
 * is reported, so the validation can fail.
 */
import { expect } from 'chai';
import type { Catalog } from '../../../catalog/index.js';
import { type RunningServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { canonical, parseJsonLd, parseTurtle, validate, type ShapesFile } from './shacl.js';
import { PUBLIC, startEcosystemServer } from './world.js';

const MANDATORY: ShapesFile[] = ['shapes.ttl', 'range.ttl'];
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';

describeEngines('DCAT-AP 3 against the official SHACL shapes', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  let turtle: ReturnType<typeof parseTurtle>;
  let fromJsonLd: ReturnType<typeof parseTurtle>;

  before(async () => {
    server = await startEcosystemServer(ctx.db);
    turtle = parseTurtle(await (await fetch(`${server.url}/catalog.ttl?pageSize=1000`)).text());
    fromJsonLd = await parseJsonLd((await (await fetch(`${server.url}/catalog.jsonld?pageSize=1000`)).json()) as object);
  });
  after(async () => {
    await server?.close();
  });

  it('describes every public resource of the catalog in the document under test', () => {
    const datasets = turtle.filter((q) => q.predicate.value === `${DCAT}dataset`).map((q) => q.object.value);
    expect(datasets.map((d) => d.replace(/^.*\//, ''))).to.have.members(PUBLIC);
  });

  it('the Turtle catalog has zero violations of shapes.ttl + range.ttl', async () => {
    const report = await validate(turtle, MANDATORY);
    expect(report.violations).to.deep.equal([]);
  });

  it('the JSON-LD catalog, read back to RDF, has zero violations and says exactly what the Turtle says', async () => {
    expect(canonical(fromJsonLd)).to.deep.equal(canonical(turtle));
    const report = await validate(fromJsonLd, MANDATORY);
    expect(report.violations).to.deep.equal([]);
  });

  it('has zero violations of the whole 3.0.1 profile (dcat-ap-SHACL.ttl)', async () => {
    const report = await validate(turtle, ['dcat-ap-SHACL.ttl']);
    expect(report.violations).to.deep.equal([]);
  });

  it('meets the recommended properties but temporal coverage and the licence a conditional resource lacks', async () => {
    const report = await validate(turtle, ['shapes_recommended.ttl']);
    expect(report.violations).to.deep.equal([]);
    expect([...new Set(report.warnings.map((w) => w.path))]).to.have.members([`${DCT}temporal`, `${DCT}license`]);
    const unlicensed = report.warnings.filter((w) => w.path === `${DCT}license`).map((w) => w.focusNode);
    expect(unlicensed).to.deep.equal([`${server.url}/dataset/trainingSubsidy#api`]);
  });

  it('every single dataset document validates too', async () => {
    for (const name of PUBLIC) {
      const doc = parseTurtle(await (await fetch(`${server.url}/dataset/${name}.ttl`)).text());
      const report = await validate(doc, MANDATORY);
      expect(report.violations, name).to.deep.equal([]);
    }
  });

  it('reports a dataset without a title, and a distribution without an access URL', async () => {
    const legalEntity = `${server.url}/dataset/legalEntity`;
    const broken = turtle.filter(
      (q) => !(q.subject.value === legalEntity && q.predicate.value === `${DCT}title`) && !(q.subject.value === `${legalEntity}#csv` && q.predicate.value === `${DCAT}accessURL`),
    );
    expect(broken.length).to.be.below(turtle.length);
    const report = await validate(broken, MANDATORY);
    expect(report.violations.map((v) => [v.focusNode, v.path])).to.have.deep.members([
      [legalEntity, `${DCT}title`],
      [`${legalEntity}#csv`, `${DCAT}accessURL`],
    ]);
  });
});
