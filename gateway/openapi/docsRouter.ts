/**
 * `GET /openapi.json` and `GET /docs` (under `/api/v1`): the document, and an interactive reference
 * page rendering it with Swagger UI, whose assets are served from the installed `swagger-ui-dist`
 * package — the page loads nothing from elsewhere.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';
import type { Config } from '../../shared/index.js';
import { publicUrlsFor } from '../rest/publicBase.js';
import { NO_PARAMS } from '../rest/querySchemas.js';
import { validateQuery } from '../rest/queryParams.js';
import { openApiDocument } from './document.js';

// Resolved, not imported: importing the package would load the browser bundle into the server.
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = (base: string) => `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>govshare 开放数据接口 · API reference</title>
  <link rel="stylesheet" href="${base}/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="${base}/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-spec="${base}/openapi.json"></div>
  <script src="${base}/docs/assets/swagger-ui-bundle.js"></script>
  <script src="${base}/docs/init.js"></script>
</body>
</html>
`;

// A separate script rather than an inline one, so the page works under a strict Content-Security-Policy.
const INIT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({ url: root.dataset.spec, dom_id: '#swagger-ui', deepLinking: true });
});
`;

export function docsRouter(config: Pick<Config, 'publicUrl' | 'port'>): Router {
  const router = Router();
  router.get('/openapi.json', (req, res) => {
    validateQuery(NO_PARAMS, req.query);
    res.json(openApiDocument(publicUrlsFor(req, config).base));
  });
  router.get('/docs', (req, res) => {
    res.type('html').send(page(req.baseUrl));
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1d', fallthrough: true }));
  return router;
}
