/** SHACL validation of DCAT-AP documents against the official shapes in `tests/fixtures/dcat-ap/`. */
import { readFileSync } from 'node:fs';
import rdf from '@zazuko/env-node';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

// Compiled tests live in dist/tests/gateway/ecosystem; the fixtures stay in the source tree.
const FIXTURES = new URL('../../../../tests/fixtures/dcat-ap/', import.meta.url);

export type ShapesFile = 'shapes.ttl' | 'range.ttl' | 'shapes_recommended.ttl' | 'dcat-ap-SHACL.ttl';

export function parseTurtle(text: string): Quad[] {
  return new Parser({ format: 'text/turtle' }).parse(text);
}

/** A JSON-LD document read back into triples by the jsonld library (no remote contexts). */
export async function parseJsonLd(doc: object): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: async (url: string) => {
      throw new Error(`no remote documents in tests: ${url}`);
    },
  })) as unknown as string;
  return new Parser({ format: 'application/n-quads' }).parse(nquads);
}

export interface Finding {
  severity: string;
  focusNode: string;
  path: string;
  message: string;
}

export interface ShaclReport {
  violations: Finding[];
  warnings: Finding[];
}

const validators = new Map<string, SHACLValidator>();

function validatorFor(files: readonly ShapesFile[]): SHACLValidator {
  const key = files.join('+');
  let validator = validators.get(key);
  if (!validator) {
    const shapes = rdf.dataset();
    for (const file of files) for (const quad of parseTurtle(readFileSync(new URL(file, FIXTURES), 'utf8'))) shapes.add(quad);
    validator = new SHACLValidator(shapes, { factory: rdf });
    validators.set(key, validator);
  }
  return validator;
}

const local = (iri: string | undefined) => iri?.replace(/^.*[#/]/, '') ?? '';

export async function validate(triples: readonly Quad[], files: readonly ShapesFile[]): Promise<ShaclReport> {
  const report = await validatorFor(files).validate(rdf.dataset([...triples]));
  const findings = report.results.map((r) => ({
    severity: local(r.severity?.value),
    focusNode: r.focusNode?.value ?? '',
    path: r.path?.value ?? '',
    message: r.message.map((m) => m.value).join('; ') || local(r.sourceConstraintComponent?.value),
  }));
  return { violations: findings.filter((f) => f.severity === 'Violation'), warnings: findings.filter((f) => f.severity !== 'Violation') };
}

/** N-Triples lines of a graph without blank nodes, sorted: equal graphs give equal lists. */
export function canonical(triples: readonly Quad[]): string[] {
  const term = (t: Quad['object']) =>
    t.termType === 'Literal' ? JSON.stringify(t.value) + (t.language ? `@${t.language}` : `^^${t.datatype.value}`) : `<${t.value}>`;
  return [...new Set(triples.map((q) => `${term(q.subject as Quad['object'])} <${q.predicate.value}> ${term(q.object)}`))].sort();
}
