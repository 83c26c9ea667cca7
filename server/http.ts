/** The server: the services, the gateway mounted over them, listening on a port, and an orderly stop. */
import { createApp, listenHttp, type App, type HttpListener } from '../gateway/index.js';
import { loadConfig, type Config, type Database } from '../shared/index.js';
import { createServices, type ServiceOptions, type Services } from './services.js';

export interface ServerOptions extends ServiceOptions {
  db: Database;
  /** Defaults to `loadConfig()`. */
  config?: Config;
}

export interface RunningServer {
  server: HttpListener['server'];
  /** `http://127.0.0.1:PORT` */
  url: string;
  services: Services;
  /** Stops listening, then the services; the database stays open (its owner closes it). */
  close(): Promise<void>;
}

/** Builds the services and serves them on `port` (0: ephemeral). */
export function startServer(options: ServerOptions, port: number): Promise<RunningServer> {
  return serveServices(createServices(options.config ?? loadConfig(), options.db, options), port);
}

/** Mounts the gateway over `services`, listens on `port`, then starts the periodic work; a failure stops the services. */
export async function serveServices(services: Services, port: number): Promise<RunningServer> {
  let app: App | undefined;
  try {
    app = await createApp(services);
    const listener = await listenHttp(app.express, port);
    services.start();
    const running = app;
    return {
      server: listener.server,
      url: listener.url,
      services,
      close: async () => {
        await listener.close();
        await running.close();
        await services.stop();
      },
    };
  } catch (err) {
    // Nothing is left running when the app cannot be built or the port cannot be had.
    await app?.close();
    await services.stop();
    throw err;
  }
}
