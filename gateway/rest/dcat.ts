/**
 * DCAT-AP 3 over the public catalog, no account needed:
 *   GET /catalog.ttl | /catalog.jsonld   ?page=N (1-based) &pageSize=M (1..1000, default 100)
 *   GET /dataset/{code or apiName}.ttl | .jsonld
 *   GET /catalog, /dataset/{name}        303 to the document the Accept header prefers (JSON-LD by default)
 * Pages carry Hydra links in the graph and `Link` headers (first, prev, next, last).
 */
import { Router, type Request, type Response } from 'express';
import { catalogGraph, datasetGraph, lastPage, toJsonLd, toTurtle, type OpenCatalog, type PublicUrls } from '../../catalog/index.js';
import { type Config, InputError, NotFoundError, redactIdentifiers } from '../../shared/index.js';
import { intParam, publicUrlsFor, readQuery } from './publicBase.js';

type RdfFormat = 'ttl' | 'jsonld';

const CONTENT_TYPE: Record<RdfFormat, string> = {
  ttl: 'text/turtle; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
};

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

async function send(res: Response, format: RdfFormat, store: Parameters<typeof toTurtle>[0]): Promise<void> {
  res.type(CONTENT_TYPE[format]);
  res.send(format === 'ttl' ? await toTurtle(store) : JSON.stringify(toJsonLd(store)));
}

/** The format a client prefers by its Accept header; JSON-LD when it has no preference. */
function preferredFormat(req: Request): RdfFormat {
  return req.accepts(['application/ld+json', 'text/turtle', 'application/json']) === 'text/turtle' ? 'ttl' : 'jsonld';
}

function splitDocument(name: string): { id: string; format?: RdfFormat } {
  const match = /^(.+)\.(ttl|jsonld)$/.exec(name);
  return match ? { id: match[1]!, format: match[2] as RdfFormat } : { id: name };
}

function pageLinks(urls: PublicUrls, format: RdfFormat, page: number, last: number, pageSize: number): string {
  const url = (n: number) => {
    const href = urls.catalogDocument(format, n);
    return pageSize === DEFAULT_PAGE_SIZE ? href : `${href}&pageSize=${pageSize}`;
  };
  const links = [`<${url(1)}>; rel="first"`];
  if (page > 1) links.push(`<${url(page - 1)}>; rel="prev"`);
  if (page < last) links.push(`<${url(page + 1)}>; rel="next"`);
  links.push(`<${url(last)}>; rel="last"`);
  return links.join(', ');
}

export function dcatRouter(openCatalog: OpenCatalog, config: Pick<Config, 'publicUrl' | 'port'>): Router {
  const router = Router();

  const catalogDocument = (format: RdfFormat) => async (req: Request, res: Response) => {
    const query = readQuery(req, ['page', 'pageSize']);
    const pageSize = intParam(query, 'pageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    const page = intParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
    const urls = publicUrlsFor(req, config);
    const found = await openCatalog.page((page - 1) * pageSize, pageSize);
    const last = lastPage(found.total, pageSize);
    if (page > last) throw new InputError('invalid query', [{ field: 'page', message: `is beyond the last page (${last})` }]);
    const ctx = await openCatalog.dcatContext(urls, found.resources);
    res.setHeader('Link', pageLinks(urls, format, page, last, pageSize));
    await send(res, format, catalogGraph({ ...found, page, pageSize }, ctx));
  };

  router.get('/catalog.ttl', catalogDocument('ttl'));
  router.get('/catalog.jsonld', catalogDocument('jsonld'));
  router.get('/catalog', (req, res) => {
    const query = new URLSearchParams(req.query as Record<string, string>).toString();
    res.redirect(303, `/catalog.${preferredFormat(req)}${query ? `?${query}` : ''}`);
  });

  router.get('/dataset/:document', async (req, res) => {
    readQuery(req, []);
    const { id, format } = splitDocument(req.params.document);
    if (!format) {
      const resource = await openCatalog.resource(id);
      res.redirect(303, `/dataset/${encodeURIComponent(resource.apiName)}.${preferredFormat(req)}`);
      return;
    }
    const resource = await openCatalog.resource(id).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError(`no public dataset "${redactIdentifiers(id)}"`) : err;
    });
    const urls = publicUrlsFor(req, config);
    const other: RdfFormat = format === 'ttl' ? 'jsonld' : 'ttl';
    res.setHeader('Link', `<${urls.dataset(resource.apiName)}.${other}>; rel="alternate"; type="${CONTENT_TYPE[other].split(';')[0]}"`);
    await send(res, format, datasetGraph(resource, await openCatalog.dcatContext(urls, [resource])));
  });

  return router;
}
