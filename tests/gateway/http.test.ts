import { expect } from 'chai';
import { Catalog } from '../../catalog/index.js';
import { startServer, type RunningServer } from '../../server/index.js';
import { openDatabase } from '../../shared/index.js';
import { describeEngines } from '../support/engines.js';
import { graphql, silentLogger, startDemoServer, testConfig } from '../support/server.js';

describeEngines('HTTP gateway', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  before(async () => {
    server = await startDemoServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.deep.equal({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(((await ready.json()) as { database: string }).database).to.equal(ctx.db.engine);
  });

  it('serves one record of an open resource by its key, public items only', async () => {
    const [row] = await ctx.db.knex('data_legal_entity').select('credit_code').orderBy('_row_id').limit(1);
    const res = await fetch(`${server.url}/api/v1/resources/legalEntity/rows/${row.credit_code}`);
    expect(res.status).to.equal(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data.creditCode).to.equal(row.credit_code);
    const resource = await server.catalog.getResource('legalEntity');
    const publicItems = resource.items.filter((i) => i.sensitivity === 'public').map((i) => i.apiName);
    expect(Object.keys(data)).to.have.members(publicItems);
  });

  it('treats a closed resource like one that does not exist', async () => {
    const [row] = await ctx.db.knex('data_person').select('id_number').limit(1);
    const closed = await fetch(`${server.url}/api/v1/resources/person/rows/${row.id_number}`);
    const missing = await fetch(`${server.url}/api/v1/resources/noSuchThing/rows/1`);
    expect(closed.status).to.equal(404);
    expect(missing.status).to.equal(404);
    const body = (await closed.json()) as { error: { code: string; message: string } };
    expect(body.error.code).to.equal('NOT_FOUND');
    expect(body.error.message).to.not.include(row.id_number);
  });

  it('answers an unknown route with a NOT_FOUND error body', async () => {
    const res = await fetch(`${server.url}/no/such/route`);
    expect(res.status).to.equal(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('NOT_FOUND');
  });

  it('answers a malformed JSON body with BAD_USER_INPUT', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).to.equal(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('BAD_USER_INPUT');
  });

  it('hides internal failures behind a generic INTERNAL_SERVER_ERROR', async () => {
    const broken = await openDatabase(ctx.db.url, { schema: ctx.db.schema });
    const running = await startServer({ db: broken, logger: silentLogger, config: testConfig() }, 0);
    await broken.knex.destroy();
    try {
      const res = await graphql(running.url, '{ departments { code } }');
      expect(res.errors![0]!.extensions!.code).to.equal('INTERNAL_SERVER_ERROR');
      expect(res.errors![0]!.message).to.equal('internal server error');
      expect(JSON.stringify(res)).to.not.match(/knex|pool|destroy|at .*\.js/i);
      const ready = await fetch(`${running.url}/readyz`);
      expect(ready.status).to.equal(503);
    } finally {
      await running.close();
    }
  });
});
