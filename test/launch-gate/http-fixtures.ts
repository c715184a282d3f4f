import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  path: string;
  host: string | undefined;
}

/** What a test server answers for a path; a function can change its answer between checks. */
export type Route = { status?: number; body?: string | Buffer; headers?: Record<string, string>; hang?: boolean };

/** Answers by the 1-based number of this request to the path: content that syncs after a while. */
export type RouteByCount = (n: number) => Route;

export interface TestSite {
  port: number;
  url: string;
  seen: SeenRequest[];
  routes: Map<string, Route | RouteByCount>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with a route table; every request is recorded. */
export async function startSite(routes: Record<string, Route | RouteByCount> = {}): Promise<TestSite> {
  const table = new Map(Object.entries(routes));
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', host: req.headers.host });
    const entry = table.get(req.url ?? '');
    const route = typeof entry === 'function' ? entry(seen.filter((r) => r.path === req.url).length) : entry;
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.hang) return;
    res.writeHead(route.status ?? 200, route.headers).end(route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    seen,
    routes: table,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening: connections are refused. */
export async function closedPort(): Promise<number> {
  const site = await startSite();
  await site.close();
  return site.port;
}
