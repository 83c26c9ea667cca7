/** Listening on a port with the express app, and closing the listener. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { ConflictError } from '../shared/index.js';

export interface HttpListener {
  server: Server;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Stops accepting connections, closes idle ones and waits for the open ones to finish. */
  close(): Promise<void>;
}

/** Listens on `port` (0 for an ephemeral port) on all interfaces; a port in use is a clear error. */
export async function listenHttp(app: Express, port: number): Promise<HttpListener> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new ConflictError(`port ${port} is already in use: stop what listens there, or choose another port (PORT or --port)`));
      else if (err.code === 'EACCES') reject(new ConflictError(`port ${port} needs privileges this process does not have: choose a port above 1023`));
      else reject(err);
    });
    server.listen(port, () => resolve());
  });
  server.keepAliveTimeout = 65_000;
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
