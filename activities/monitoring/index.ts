import { ApplicationFailure } from '@temporalio/common';
import { log } from '@temporalio/activity';
import type { MonitoringReport } from '../../common/terminate';
import type { HostRemovalAction, MonitoringSystem } from './monitoring-system';
import { ZabbixMonitoring } from './zabbix';

export interface MonitoringDeps {
  zabbix?: { apiUrl: string; apiToken: string };
  fetch?: typeof fetch;
}

export interface RemoveMonitoredHostRequest {
  /** 'auto' = Zabbix when the worker has it configured, nothing otherwise. */
  kind: 'zabbix' | 'auto';
  hostName: string;
  action: HostRemovalAction;
}

export function createMonitoringActivities({ zabbix, fetch: fetchImpl }: MonitoringDeps) {
  const systems: Record<string, MonitoringSystem | undefined> = {
    zabbix: zabbix ? new ZabbixMonitoring({ ...zabbix, fetch: fetchImpl }) : undefined,
  };
  return {
    async removeMonitoredHost(request: RemoveMonitoredHostRequest): Promise<MonitoringReport> {
      const system = systems[request.kind === 'auto' ? 'zabbix' : request.kind];
      if (!system) {
        if (request.kind === 'auto') return { status: 'not-configured', hostName: request.hostName };
        throw ApplicationFailure.nonRetryable(
          `monitoring '${request.kind}' is asked for but the worker has no ${request.kind} configuration (ZABBIX_API_URL, ZABBIX_API_TOKEN)`,
          'MonitoringNotConfigured',
        );
      }
      const removal = await system.removeHost(request.hostName, request.action);
      log.info('monitoring host removed', { system: system.name, hostName: request.hostName, outcome: removal.outcome });
      return { status: removal.outcome, system: system.name, hostName: request.hostName, hostId: removal.hostId };
    },
  };
}

export type MonitoringActivities = ReturnType<typeof createMonitoringActivities>;
export type { MonitoringSystem } from './monitoring-system';
