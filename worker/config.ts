import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, durationString, hostPort, parseEnv } from '../common/env-config';
import { loadTemporalConfig, type TemporalConfig } from '../common/temporal-config';
import type { LogLevelName } from '../common/logger';
import type { Duration } from '@temporalio/common';

const workerEnvSchema = z.object({
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  WORKER_SHUTDOWN_GRACE_TIME: durationString.default('30s'),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(200),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().positive().default(100),
  // The SDK would size the cache from the heap: 32 workflows in the 256 MB of `npm start`, so a
  // burst of gates would be evicted and replayed over and over. A thousand gates fit in that heap.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).default(1000),
  // The SDK's core reads this variable itself (worker/main.ts says why we set it); validated here.
  TEMPORAL_POLL_SHUTDOWN_INTERRUPT_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .refine((path) => existsSync(path), { message: 'no such file (build it with `npm run build`)' })
    .optional(),
  METRICS_BIND_ADDRESS: hostPort.optional(),
  HEALTH_BIND_ADDRESS: hostPort.optional(),
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'expected an AWS region such as us-east-1' }).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
  AWS_ENDPOINT_URL: z.url({ message: 'expected a URL such as http://127.0.0.1:4566' }).optional(),
  ZABBIX_API_URL: z.url({ message: 'expected the Zabbix JSON-RPC URL, e.g. https://zabbix.example/api_jsonrpc.php' }).optional(),
  ZABBIX_API_TOKEN: z.string().min(1).optional(),
  TEMPORAL_WORKER_DEPLOYMENT_NAME: z.string().min(1).regex(/^[^.]+$/, { message: "expected a name without '.' (Temporal joins name and build id with it)" }).optional(),
  TEMPORAL_WORKER_BUILD_ID: z.string().min(1).max(255).optional(),
});

export interface WorkerConfig {
  temporal: TemporalConfig;
  logLevel: LogLevelName;
  shutdownGraceTime: Duration;
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  maxCachedWorkflows: number;
  /** On shutdown, how long open polls may still bring a task before they are cut (inside the grace time). */
  pollShutdownInterruptWaitMs: number;
  /** A workflow bundle built ahead (`npm run build`); undefined: bundled from source at start-up. */
  workflowBundlePath?: string;
  metricsBindAddress?: string;
  /** /healthz and /readyz for container probes (worker/health.ts); undefined: off. */
  healthBindAddress?: string;
  awsRegion: string;
  awsEndpointUrl?: string;
  zabbix?: { apiUrl: string; apiToken: string };
  /** Worker Versioning (docs/upgrading.md); undefined: off, every run moves to whichever worker polls. */
  deploymentVersion?: { deploymentName: string; buildId: string };
}

/** Reads and validates the worker's environment; throws ConfigError naming the variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const temporal = loadTemporalConfig(env);
  const parsed = parseEnv(workerEnvSchema, env);
  const awsRegion = parsed.AWS_REGION ?? parsed.AWS_DEFAULT_REGION;
  if (!awsRegion) {
    throw new ConfigError(
      'invalid configuration: AWS_REGION: required (the region of the fleet, e.g. us-east-1)',
    );
  }
  if (Boolean(parsed.ZABBIX_API_URL) !== Boolean(parsed.ZABBIX_API_TOKEN)) {
    throw new ConfigError(
      'invalid configuration: ZABBIX_API_URL and ZABBIX_API_TOKEN must be set together',
    );
  }
  if (Boolean(parsed.TEMPORAL_WORKER_DEPLOYMENT_NAME) !== Boolean(parsed.TEMPORAL_WORKER_BUILD_ID)) {
    throw new ConfigError(
      'invalid configuration: TEMPORAL_WORKER_DEPLOYMENT_NAME and TEMPORAL_WORKER_BUILD_ID must be set together (Worker Versioning)',
    );
  }
  return {
    temporal,
    logLevel: parsed.LOG_LEVEL,
    shutdownGraceTime: parsed.WORKER_SHUTDOWN_GRACE_TIME as Duration,
    maxConcurrentActivities: parsed.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTasks: parsed.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxCachedWorkflows: parsed.WORKER_MAX_CACHED_WORKFLOWS,
    pollShutdownInterruptWaitMs: parsed.TEMPORAL_POLL_SHUTDOWN_INTERRUPT_WAIT_MS,
    workflowBundlePath: parsed.WORKFLOW_BUNDLE_PATH,
    metricsBindAddress: parsed.METRICS_BIND_ADDRESS,
    healthBindAddress: parsed.HEALTH_BIND_ADDRESS,
    awsRegion,
    awsEndpointUrl: parsed.AWS_ENDPOINT_URL,
    zabbix:
      parsed.ZABBIX_API_URL && parsed.ZABBIX_API_TOKEN
        ? { apiUrl: parsed.ZABBIX_API_URL, apiToken: parsed.ZABBIX_API_TOKEN }
        : undefined,
    deploymentVersion:
      parsed.TEMPORAL_WORKER_DEPLOYMENT_NAME && parsed.TEMPORAL_WORKER_BUILD_ID
        ? { deploymentName: parsed.TEMPORAL_WORKER_DEPLOYMENT_NAME, buildId: parsed.TEMPORAL_WORKER_BUILD_ID }
        : undefined,
  };
}
