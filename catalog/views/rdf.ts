/**
 * A small vocabulary-aware helper over an n3 Store: the namespaces the DCAT-AP views use, and
 * a builder that adds triples and describes each vocabulary term once per graph.
 */
import { DataFactory, Store, type Literal, type NamedNode } from 'n3';
import type { Term } from './vocabularies.js';

const { namedNode, literal } = DataFactory;

export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  locn: 'http://www.w3.org/ns/locn#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

type Prefix = keyof typeof PREFIXES;

/** `iri('dcat', 'Dataset')` → the named node `http://www.w3.org/ns/dcat#Dataset`. */
export function iri(prefix: Prefix, local: string): NamedNode {
  return namedNode(PREFIXES[prefix] + local);
}

const RDF_TYPE = iri('rdf', 'type');

export type Subject = NamedNode;
export type Value = NamedNode | Literal;

export class GraphBuilder {
  readonly store = new Store();
  private readonly described = new Set<string>();

  node(value: string): NamedNode {
    return namedNode(value);
  }

  add(subject: Subject, predicate: NamedNode, object: Value): void {
    this.store.addQuad(subject, predicate, object);
  }

  /** Adds the property once per value. */
  addAll(subject: Subject, predicate: NamedNode, objects: readonly Value[]): void {
    for (const object of objects) this.add(subject, predicate, object);
  }

  type(subject: Subject, ...classes: NamedNode[]): void {
    for (const cls of classes) this.add(subject, RDF_TYPE, cls);
  }

  text(value: string, language?: string): Literal {
    return literal(value, language);
  }

  date(value: string): Literal {
    return literal(value.slice(0, 10), iri('xsd', 'date'));
  }

  dateTime(value: string): Literal {
    return literal(new Date(value).toISOString(), iri('xsd', 'dateTime'));
  }

  typed(value: string, datatype: NamedNode): Literal {
    return literal(value, datatype);
  }

  /**
   * A vocabulary term as an IRI, described once per graph with the classes the shapes expect
   * of it (validators see only this graph) and its label.
   */
  term(term: Term, classes: NamedNode[], scheme?: Term): NamedNode {
    const node = namedNode(term.iri);
    if (this.described.has(term.iri)) return node;
    this.described.add(term.iri);
    this.type(node, ...classes);
    if (classes.some((c) => c.equals(iri('skos', 'Concept')))) {
      this.add(node, iri('skos', 'prefLabel'), literal(term.label, 'en'));
      if (scheme) this.add(node, iri('skos', 'inScheme'), namedNode(scheme.iri));
    } else {
      this.add(node, iri('dct', 'title'), literal(term.label, 'en'));
    }
    return node;
  }

  /** True the first time a key is seen: for nodes (publishers, places) shared by many datasets. */
  firstTime(key: string): boolean {
    if (this.described.has(key)) return false;
    this.described.add(key);
    return true;
  }
}
