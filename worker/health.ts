import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeConnection, Worker } from '@temporalio/worker';

/** What /readyz answers; `reason` is for the operator reading the probe's body. */
export interface Readiness {
  ready: boolean;
  reason: string;
}

export type ReadinessCheck = () => Promise<Readiness>;

export interface HealthServer {
  /** host:port actually bound (port 0 picks a free one). */
  address: string;
  /** Until this is called /readyz answers 503 "starting". */
  setReadiness(check: ReadinessCheck): void;
  close(): Promise<void>;
}

/** How long /readyz waits for Temporal before it answers 503: shorter than any probe's timeout. */
const SERVER_CHECK_TIMEOUT_MS = 2_000;

/**
 * Ready while the worker polls (state RUNNING) and the server answers a cheap call on the
 * worker's own connection, so a worker cut off from Temporal is reported, not just a dead process.
 */
export function workerReadiness(worker: Pick<Worker, 'getState'>, connection: Pick<NativeConnection, 'withDeadline' | 'workflowService'>): ReadinessCheck {
  return async () => {
    const state = worker.getState();
    if (state !== 'RUNNING') return { ready: false, reason: `worker ${state.toLowerCase()}` };
    try {
      await connection.withDeadline(Date.now() + SERVER_CHECK_TIMEOUT_MS, () => connection.workflowService.getSystemInfo({}));
      return { ready: true, reason: 'worker running, Temporal reachable' };
    } catch (err) {
      return { ready: false, reason: `Temporal unreachable: ${(err as Error).message}` };
    }
  };
}

/**
 * HEALTH_BIND_ADDRESS's endpoint for container probes: /healthz answers 200 while the process
 * runs (liveness), /readyz 200 once the worker is running and connected (readiness, the image's
 * HEALTHCHECK and the Fargate health check).
 */
export async function startHealthServer(bindAddress: string): Promise<HealthServer> {
  let check: ReadinessCheck = () => Promise.resolve({ ready: false, reason: 'starting' });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path !== '/readyz') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /readyz\n');
      return;
    }
    check().then(
      ({ ready, reason }) => res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(`${reason}\n`),
      (err: unknown) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`readiness check failed: ${String(err)}\n`),
    );
  });
  const separator = bindAddress.lastIndexOf(':');
  const host = bindAddress.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(bindAddress.slice(separator + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: `${host}:${bound.port}`,
    setReadiness: (next) => {
      check = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
