/** Starting and stopping the HTTP server around the app. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDependencies } from './app.js';

export interface RunningServer {
  server: Server;
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

/** Listens on `port` (0 for an ephemeral port) on all interfaces. */
export async function listen(deps: AppDependencies, port: number): Promise<RunningServer> {
  const app = await createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.express.listen(port, () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await app.close();
    },
  };
}
