/**
 * `GET /api/v1/resources/{code or apiName}/datapackage.json`: the Frictionless Data Package of a
 * public resource (its Table Schema describes the CSV download). Closed, draft, retired and
 * unknown resources are all 404.
 */
import { Router } from 'express';
import { dataPackage, type OpenCatalog } from '../../catalog/index.js';
import type { Config } from '../../shared/index.js';
import { publicUrlsFor, readQuery } from './publicBase.js';

export function dataPackageRouter(openCatalog: OpenCatalog, config: Pick<Config, 'publicUrl' | 'port'>): Router {
  const router = Router();
  router.get('/resources/:code/datapackage.json', async (req, res) => {
    readQuery(req, []);
    const resource = await openCatalog.resource(req.params.code);
    const urls = publicUrlsFor(req, config);
    res.json(dataPackage(resource, await openCatalog.dataPackageContext(urls, resource)));
  });
  return router;
}
