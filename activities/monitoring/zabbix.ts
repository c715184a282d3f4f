import { ApplicationFailure } from '@temporalio/common';
import type { HostRemoval, HostRemovalAction, MonitoringSystem } from './monitoring-system';

export interface ZabbixConfig {
  apiUrl: string;
  /** API token (Zabbix ≥ 6.4, sent as a Bearer token). Never logged, never in an error. */
  apiToken: string;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
}

interface JsonRpcError {
  code: number;
  message: string;
  data?: string;
}

// JSON-RPC codes for a request the server will never accept as sent.
const REQUEST_NEVER_ACCEPTED = new Set([-32700, -32600, -32601]);
const AUTH_PROBLEM = /not authori[sz]ed|session terminated|api token expired|re-login|no permissions to call/i;

/** Why the Zabbix API refused: non-retryable when the token or the request is wrong, retryable otherwise. */
export function zabbixFailure(method: string, error: JsonRpcError): Error {
  const detail = `${error.message}${error.data ? `: ${error.data}` : ''}`.slice(0, 500);
  const message = `Zabbix ${method} failed (${error.code}): ${detail}`;
  if (AUTH_PROBLEM.test(detail)) return ApplicationFailure.nonRetryable(message, 'ZabbixAuthError');
  if (REQUEST_NEVER_ACCEPTED.has(error.code)) return ApplicationFailure.nonRetryable(message, 'ZabbixRequestError');
  return new Error(message);
}

/** Zabbix JSON-RPC 2.0: host.get by technical host name, then host.delete or host.update status=1. */
export class ZabbixMonitoring implements MonitoringSystem {
  readonly name = 'zabbix';
  private nextId = 1;

  constructor(private readonly config: ZabbixConfig) {}

  async removeHost(hostName: string, action: HostRemovalAction): Promise<HostRemoval> {
    const host = await this.findHost(hostName);
    if (!host) return { outcome: 'already-absent' };
    if (action === 'disable') {
      if (host.status === '1') return { outcome: 'already-disabled', hostId: host.hostid };
      await this.call('host.update', { hostid: host.hostid, status: 1 });
      return { outcome: 'disabled', hostId: host.hostid };
    }
    try {
      await this.call('host.delete', [host.hostid]);
    } catch (err) {
      // Deleted by someone else between get and delete: Zabbix answers "does not exist"; look again.
      if (!(await this.findHost(hostName))) return { outcome: 'already-absent', hostId: host.hostid };
      throw err;
    }
    return { outcome: 'deleted', hostId: host.hostid };
  }

  private async findHost(hostName: string): Promise<{ hostid: string; status?: string } | undefined> {
    const hosts = await this.call<{ hostid: string; host: string; status?: string }[]>('host.get', {
      output: ['hostid', 'host', 'status'],
      filter: { host: [hostName] },
    });
    return hosts.find((h) => h.host === hostName) ?? hosts[0];
  }

  private async call<T>(method: string, params: unknown): Promise<T> {
    const fetchImpl = this.config.fetch ?? fetch;
    const id = this.nextId++;
    let response: Response;
    try {
      response = await fetchImpl(this.config.apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json-rpc', authorization: `Bearer ${this.config.apiToken}` },
        body: JSON.stringify({ jsonrpc: '2.0', method, params, id }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.requestTimeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new Error(`Zabbix ${method}: API unreachable (${(err as Error).name})`);
    }
    if (response.status === 401 || response.status === 403) {
      throw ApplicationFailure.nonRetryable(`Zabbix ${method}: HTTP ${response.status}, the API token was refused`, 'ZabbixAuthError');
    }
    if (!response.ok) throw new Error(`Zabbix ${method}: HTTP ${response.status}`);
    let body: { result?: T; error?: JsonRpcError };
    try {
      body = (await response.json()) as { result?: T; error?: JsonRpcError };
    } catch {
      throw new Error(`Zabbix ${method}: the answer is not JSON`);
    }
    if (body.error) throw zabbixFailure(method, body.error);
    if (body.result === undefined) throw new Error(`Zabbix ${method}: answer without result`);
    return body.result;
  }
}
