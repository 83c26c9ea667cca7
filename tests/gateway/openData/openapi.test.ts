import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { describeEngines } from '../../support/engines.js';
import { startOpenServer, type OpenServer } from './fixtures.js';

describeEngines('the OpenAPI document and the reference page', (ctx) => {
  let server: OpenServer;
  let doc: Record<string, any>;
  before(async () => {
    server = await startOpenServer(ctx.db);
    doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Record<string, any>;
  });
  after(async () => {
    await server?.close();
  });

  it('is a valid OpenAPI 3.1 document by the standard validator', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.servers).to.deep.equal([{ url: server.url }]);
  });

  it('describes every open route, the listing and the data package included', () => {
    expect(Object.keys(doc.paths)).to.include.members([
      '/api/v1/departments',
      '/api/v1/resources',
      '/api/v1/resources/{code}',
      '/api/v1/resources/{code}/rows',
      '/api/v1/resources/{code}/rows/{key}',
      '/api/v1/resources/{code}/download.csv',
      '/api/v1/resources/{code}/download.jsonl',
      '/api/v1/resources/{code}/datapackage.json',
      '/api/v1/openapi.json',
      '/api/v1/docs',
      '/api/v1/my-data-use',
      '/api/3/action/datastore_search',
    ]);
  });

  it('takes its query parameters from the schemas the routes validate with', async () => {
    const rows = doc.paths['/api/v1/resources/{code}/rows'].get.parameters as { name: string; in: string; schema: Record<string, unknown> }[];
    expect(rows.map((p) => p.name)).to.deep.equal(['code', 'select', 'order', 'limit', 'after', 'format', 'q', 'filters']);
    const limit = rows.find((p) => p.name === 'limit')!;
    expect(limit.schema).to.include({ minimum: 1, maximum: 1000 });
    // What the document says is what the route enforces.
    const over = await fetch(`${server.url}/api/v1/resources/enforcementCase/rows?limit=${(limit.schema.maximum as number) + 1}`);
    expect(over.status).to.equal(400);
    const at = await fetch(`${server.url}/api/v1/resources/enforcementCase/rows?limit=${limit.schema.maximum as number}`);
    expect(at.status).to.equal(200);
    const formats = rows.find((p) => p.name === 'format')!.schema.enum as string[];
    for (const format of formats) expect((await fetch(`${server.url}/api/v1/resources/publicToilet/rows?format=${format}`)).status, format).to.equal(200);
  });

  it('documents the error shape the gateway sends', async () => {
    const res = await fetch(`${server.url}/api/v1/resources/enforcementCase/rows?limit=0`);
    const body = (await res.json()) as { error: Record<string, unknown> };
    const schema = doc.components.schemas.Error.properties.error;
    expect(Object.keys(body.error)).to.include.members(schema.required);
    expect(schema.properties.code.enum).to.include(body.error.code);
  });

  it('serves an interactive reference page that loads the document and assets from this server', async () => {
    const res = await fetch(`${server.url}/api/v1/docs`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const html = await res.text();
    expect(html).to.include('data-spec="/api/v1/openapi.json"');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).to.include.members(['/api/v1/docs/assets/swagger-ui.css', '/api/v1/docs/assets/swagger-ui-bundle.js', '/api/v1/docs/init.js']);
    for (const asset of assets) {
      expect(asset.startsWith('/'), `${asset} is served here, not from a CDN`).to.equal(true);
      const got = await fetch(`${server.url}${asset}`);
      expect(got.status, asset).to.equal(200);
      await got.arrayBuffer();
    }
    const init = await (await fetch(`${server.url}/api/v1/docs/init.js`)).text();
    expect(init).to.include('SwaggerUIBundle');
  });
});
