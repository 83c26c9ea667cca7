/**
 * The absolute URLs of the open catalog, from one base (`GOVSHARE_PUBLIC_URL` or the request's
 * host). Resources are addressed by apiName, which every `/api/v1/resources/{code}` route accepts
 * and which, unlike the resource code (`102001/000001`), needs no escaping in a path.
 */
export class PublicUrls {
  readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  private resourcePath(apiName: string, rest = ''): string {
    return `${this.base}/api/v1/resources/${encodeURIComponent(apiName)}${rest}`;
  }

  /** The portal's home page. */
  home(): string {
    return `${this.base}/`;
  }

  /** The catalog itself (its IRI); its documents are `catalog.ttl` and `catalog.jsonld`. */
  catalog(): string {
    return `${this.base}/catalog`;
  }

  catalogDocument(extension: 'ttl' | 'jsonld', page?: number): string {
    return `${this.base}/catalog.${extension}${page ? `?page=${page}` : ''}`;
  }

  /** The dataset itself (its IRI); its documents are `{apiName}.ttl` and `{apiName}.jsonld`. */
  dataset(apiName: string): string {
    return `${this.base}/dataset/${encodeURIComponent(apiName)}`;
  }

  /** The dataset's page in the public portal. */
  landingPage(apiName: string): string {
    return `${this.base}/datasets/${encodeURIComponent(apiName)}`;
  }

  department(code: string): string {
    return `${this.base}/departments/${encodeURIComponent(code)}`;
  }

  classification(): string {
    return `${this.base}/classification`;
  }

  classificationConcept(code: string): string {
    return `${this.base}/classification/${encodeURIComponent(code)}`;
  }

  downloadCsv(apiName: string): string {
    return this.resourcePath(apiName, '/download.csv');
  }

  /** The CSV whose header row holds the items' apiNames: the file a Frictionless Table Schema describes. */
  downloadCsvForSchema(apiName: string): string {
    return `${this.downloadCsv(apiName)}?header=apiName`;
  }

  downloadJsonLines(apiName: string): string {
    return this.resourcePath(apiName, '/download.jsonl');
  }

  rows(apiName: string): string {
    return this.resourcePath(apiName, '/rows');
  }

  /** The Frictionless Data Package, whose Table Schema describes the rows. */
  dataPackage(apiName: string): string {
    return this.resourcePath(apiName, '/datapackage.json');
  }

  /** The catalog entry in the open REST API. */
  resource(apiName: string): string {
    return this.resourcePath(apiName);
  }

  api(): string {
    return `${this.base}/api/v1`;
  }

  openApi(): string {
    return `${this.base}/api/v1/openapi.json`;
  }
}

/**
 * A resource's name where the ecosystem wants a lowercase slug (CKAN package names, Frictionless
 * package and resource names): the apiName in kebab case, `legalEntity` → `legal-entity`. apiNames
 * start with a lowercase letter and hold no hyphens, so the slug names one apiName only.
 */
export function slugOf(apiName: string): string {
  return apiName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
