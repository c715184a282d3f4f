import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertLoopbackHost } from '../loopback';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts an HTTP server on a loopback address; resolves with the port it got. */
export async function listenOnLoopback(host: string, port: number, listener: RequestListener): Promise<{ server: Server; port: number }> {
  assertLoopbackHost(host, 'listen address');
  const server = createServer(listener);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
