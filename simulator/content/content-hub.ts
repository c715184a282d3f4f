import type { Server } from 'node:http';
import type { SimClock } from '../clock';
import { closeServer, listenOnLoopback } from './http-servers';

interface ReplicaSite {
  instanceId: string;
  ip: string;
  /** Simulated epoch ms from which the instance serves the origin's content; null: never. */
  syncAt: number | null;
  server?: Server;
  requests: number;
  /** Why the web server could not start (e.g. the port is taken on that address). */
  error?: string;
}

export interface ReplicaView {
  instanceId: string;
  url: string | null;
  syncAt: string | null;
  synced: boolean;
  requests: number;
  error?: string;
}

/**
 * The content side of the fleet: the origin (CMS) on 127.0.0.1, and one web server per
 * running instance on the instance's own loopback "private IP" and a shared port (the
 * gate's replicaPort). An instance serves stale content until its sync time, then the
 * origin's current content; an instance that never syncs keeps serving stale content.
 */
export class ContentHub {
  private readonly pages = new Map<string, string>();
  private readonly sites = new Map<string, ReplicaSite>();
  private originServer?: Server;
  private originPortValue = 0;
  private replicaPortValue: number;

  constructor(
    private readonly clock: SimClock,
    pages: Record<string, string>,
    replicaPort: number,
    private readonly originHost = '127.0.0.1',
  ) {
    this.setPages(pages);
    this.replicaPortValue = replicaPort;
  }

  async startOrigin(port: number): Promise<void> {
    const { server, port: bound } = await listenOnLoopback(this.originHost, port, (req, res) => {
      if (this.originOutage) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('origin unavailable (simulated outage)');
        return;
      }
      const body = this.pages.get(new URL(req.url ?? '/', 'http://origin').pathname);
      if (body === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    this.originServer = server;
    this.originPortValue = bound;
  }

  /** While true the origin (the CMS) answers every request 503, as during an outage. */
  originOutage = false;

  get originUrl(): string {
    return `http://${this.originHost}:${this.originPortValue}`;
  }

  get replicaPort(): number {
    return this.replicaPortValue;
  }

  /** Set once at start when none was configured: the simulator's own port, free on every other loopback address. */
  useReplicaPort(port: number): void {
    if (this.replicaPortValue === 0) this.replicaPortValue = port;
  }

  get originPages(): Record<string, string> {
    return Object.fromEntries(this.pages);
  }

  /** A new release on the origin: synced replicas serve it at once, others when they sync. */
  setPages(pages: Record<string, string>): void {
    this.pages.clear();
    for (const [path, body] of Object.entries(pages)) this.pages.set(path, body);
  }

  /** Starts the instance's web server (at boot). */
  async serve(instanceId: string, ip: string, syncAt: number | null): Promise<void> {
    const site: ReplicaSite = { instanceId, ip, syncAt, requests: 0 };
    this.sites.set(instanceId, site);
    let server: Server;
    try {
      server = await this.listenAsReplica(site);
    } catch (err) {
      site.error = err instanceof Error ? err.message : String(err);
      throw err;
    }
    if (this.sites.get(instanceId) !== site) {
      await closeServer(server);
      return;
    }
    site.server = server;
  }

  private async listenAsReplica(site: ReplicaSite): Promise<Server> {
    const { instanceId } = site;
    const { server } = await listenOnLoopback(site.ip, this.replicaPortValue, (req, res) => {
      site.requests += 1;
      const path = new URL(req.url ?? '/', 'http://replica').pathname;
      const synced = site.syncAt !== null && this.clock.now().getTime() >= site.syncAt;
      if (!synced) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body>${instanceId}: content not synced yet (${path})</body></html>`);
        return;
      }
      const body = this.pages.get(path);
      if (body === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    return server;
  }

  setSyncAt(instanceId: string, syncAt: number | null): boolean {
    const site = this.sites.get(instanceId);
    if (!site) return false;
    site.syncAt = syncAt;
    return true;
  }

  async stop(instanceId: string): Promise<void> {
    const site = this.sites.get(instanceId);
    this.sites.delete(instanceId);
    if (site?.server) await closeServer(site.server);
  }

  view(instanceId: string): ReplicaView | undefined {
    const site = this.sites.get(instanceId);
    if (!site) return undefined;
    return {
      instanceId,
      url: site.server ? `http://${site.ip}:${this.replicaPortValue}` : null,
      syncAt: site.syncAt === null ? null : new Date(site.syncAt).toISOString(),
      synced: site.syncAt !== null && this.clock.now().getTime() >= site.syncAt,
      requests: site.requests,
      error: site.error,
    };
  }

  async close(): Promise<void> {
    const servers = [...this.sites.values()].flatMap((site) => (site.server ? [site.server] : []));
    this.sites.clear();
    if (this.originServer) servers.push(this.originServer);
    await Promise.all(servers.map(closeServer));
  }
}
