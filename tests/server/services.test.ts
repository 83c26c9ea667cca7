import { createServer } from 'node:net';
import { expect } from 'chai';
import { createServices, serveServices, startServer, type Services } from '../../server/index.js';
import { describeEngines } from '../support/engines.js';
import { silentLogger, testConfig } from '../support/server.js';

/** The names of the periodic jobs whose timers are set. */
const active = (services: Services) => services.jobs.filter((job) => job.active).map((job) => job.name);
const ALL = ['request clock', 'alert rules', 'sync scheduler'];

describeEngines('the composition root', (ctx) => {
  it('builds every service without starting anything, and stop() leaves no timer behind', async () => {
    const services = createServices(testConfig(), ctx.db, { logger: silentLogger, sweepIntervalMs: 10, alertIntervalMs: 10, syncIntervalMs: 10 });
    expect(services.catalog).to.equal(services.catalog, 'one instance per service');
    expect(active(services), 'built, not started').to.deep.equal([]);
    services.start();
    expect(active(services)).to.deep.equal(ALL);
    services.start();
    expect(active(services), 'start is idempotent').to.deep.equal(ALL);
    await services.stop();
    expect(active(services)).to.deep.equal([]);
    services.start();
    expect(active(services), 'a stopped root does not start again').to.deep.equal([]);
    await services.stop(); // idempotent
  });

  it('waits on stop() for a tick in progress', async () => {
    const services = createServices(testConfig(), ctx.db, { logger: silentLogger, sweepIntervalMs: 1, alertIntervalMs: 0, syncIntervalMs: 0 });
    let sweeps = 0;
    let finished = 0;
    const sweep = services.requests.sweep.bind(services.requests);
    services.requests.sweep = async () => {
      sweeps++;
      const result = await sweep();
      finished++;
      return result;
    };
    services.start();
    while (sweeps === 0) await new Promise((resolve) => setImmediate(resolve));
    await services.stop();
    expect(finished, 'the running sweep finished before stop() resolved').to.equal(sweeps);
  });

  it('builds a service only when it is first used, so a command needs no key it does not use', async () => {
    const production = testConfig({ NODE_ENV: 'production', GOVSHARE_JWT_SECRET: '' });
    const services = createServices(production, ctx.db, { logger: silentLogger });
    expect(await services.accounts.list()).to.be.an('array');
    expect(() => services.tokens).to.throw(/GOVSHARE_JWT_SECRET|key/i);
    await services.stop();
  });

  it('refuses a port in use with a clear error and leaves nothing running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    const services = createServices(testConfig(), ctx.db, { logger: silentLogger });
    try {
      const err = await serveServices(services, port).then(
        () => undefined,
        (e: Error & { code?: string }) => e,
      );
      expect(err?.message).to.equal(`port ${port} is already in use: stop what listens there, or choose another port (PORT or --port)`);
      expect(err?.code).to.equal('CONFLICT');
      expect(active(services), 'no timer left by the failed start').to.deep.equal([]);
    } finally {
      blocker.close();
    }
  });

  it('serves, then close() stops the listener and every timer', async () => {
    const running = await startServer({ db: ctx.db, logger: silentLogger, config: testConfig(), sweepIntervalMs: 50, alertIntervalMs: 50, syncIntervalMs: 50 }, 0);
    expect((await fetch(`${running.url}/healthz`)).status).to.equal(200);
    expect(active(running.services)).to.deep.equal(ALL);
    await running.close();
    expect(active(running.services)).to.deep.equal([]);
    expect(running.server.listening).to.equal(false);
  });
});
