/**
 * The open REST API (`/api/v1`), no account needed. The foundation serves the open catalog and
 * single records of open resources by key; lists, downloads and OpenAPI follow in later work.
 */
import { Router } from 'express';
import type { Catalog } from '../../catalog/index.js';
import type { OpenData } from '../../exchange/index.js';

export function openDataRouter(catalog: Catalog, openData: OpenData): Router {
  const router = Router();

  router.get('/departments', async (_req, res) => {
    res.json({ data: await catalog.listDepartments() });
  });

  router.get('/resources/:code', async (req, res) => {
    res.json({ data: await openData.resource(req.params.code) });
  });

  router.get('/resources/:code/rows/:key', async (req, res) => {
    res.json({ data: await openData.record(req.params.code, req.params.key, String(res.getHeader('X-Request-Id') ?? '')) });
  });

  return router;
}
