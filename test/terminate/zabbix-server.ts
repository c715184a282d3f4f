import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZabbixHost {
  hostid: string;
  host: string;
  status: '0' | '1';
}

export interface RecordedCall {
  method: string;
  params: unknown;
  authorization?: string;
}

type Fault = { http: number } | { rpc: { code: number; message: string; data?: string } };

/**
 * A small Zabbix JSON-RPC 2.0 API on 127.0.0.1 with real host state: host.get (filter by
 * host), host.delete, host.update. Faults are queued per call to exercise retries.
 */
export class FakeZabbix {
  readonly hosts = new Map<string, ZabbixHost>();
  readonly calls: RecordedCall[] = [];
  readonly faults: Fault[] = [];
  token = 'zbx-test-token-6f1c';
  /** Runs after each host.get answer is computed: lets a test change state between two calls. */
  afterHostGet?: () => void;
  private server?: Server;
  private nextHostId = 10_500;

  addHost(host: string, status: '0' | '1' = '0'): ZabbixHost {
    const entry: ZabbixHost = { hostid: String(this.nextHostId++), host, status };
    this.hosts.set(entry.hostid, entry);
    return entry;
  }

  byName(host: string): ZabbixHost | undefined {
    return [...this.hosts.values()].find((h) => h.host === host);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api_jsonrpc.php`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: number; method: string; params: unknown };
    this.calls.push({ method: request.method, params: request.params, authorization: req.headers.authorization });
    const fault = this.faults.shift();
    if (fault && 'http' in fault) return { status: fault.http, body: { error: 'server error' } };
    if (fault && 'rpc' in fault) return { status: 200, body: { jsonrpc: '2.0', id: request.id, error: fault.rpc } };
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return {
        status: 200,
        body: { jsonrpc: '2.0', id: request.id, error: { code: -32602, message: 'Invalid params.', data: 'Not authorized.' } },
      };
    }
    const ok = (result: unknown) => ({ status: 200, body: { jsonrpc: '2.0', id: request.id, result } });
    switch (request.method) {
      case 'host.get': {
        const names = (request.params as { filter?: { host?: string[] } }).filter?.host ?? [];
        const found = [...this.hosts.values()].filter((h) => names.includes(h.host)).map((h) => ({ ...h }));
        this.afterHostGet?.();
        return ok(found);
      }
      case 'host.delete': {
        const ids = request.params as string[];
        const missing = ids.filter((id) => !this.hosts.has(id));
        if (missing.length > 0) {
          return {
            status: 200,
            body: { jsonrpc: '2.0', id: request.id, error: { code: -32500, message: 'Application error.', data: 'No permissions to referred object or it does not exist!' } },
          };
        }
        ids.forEach((id) => this.hosts.delete(id));
        return ok({ hostids: ids });
      }
      case 'host.update': {
        const { hostid, status } = request.params as { hostid: string; status: number };
        const host = this.hosts.get(hostid);
        if (host) host.status = String(status) as '0' | '1';
        return ok({ hostids: [hostid] });
      }
      default:
        return { status: 200, body: { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found.' } } };
    }
  }
}
