import type { Client } from '@temporalio/client';
import type { AwsClientsForRegion } from './aws-clients';

/** Everything activities need from the outside world; the worker builds it once, tests build fakes. */
export interface ActivityDeps {
  clientsFor: AwsClientsForRegion;
  /** Zabbix JSON-RPC endpoint and token; absent when the worker has no monitoring to clean up. */
  zabbix?: { apiUrl: string; apiToken: string };
  /** HTTP client for origin/replica checks, Zabbix and Slack; Node's fetch by default. */
  fetch?: typeof fetch;
  /** Client of the worker's namespace, for activities that ask other workflows (terminate → fleet). */
  temporalClient?: Client;
}
