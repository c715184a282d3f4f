import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ConnectionOptions } from '@temporalio/client';
import { DEFAULT_TASK_QUEUE } from './task-queue';
import { booleanFromEnv, ConfigError, hostPort, parseEnv } from './env-config';

/**
 * The standard TEMPORAL_* variables, named as the `temporal` CLI and the SDK's
 * envconfig name them, so operators' tools and our programs reach the same cluster.
 */
export const temporalEnvSchema = z.object({
  TEMPORAL_ADDRESS: hostPort.default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: booleanFromEnv.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
});

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Kept out of logs: see describeTemporalConfig. */
  apiKey?: string;
  tls?: {
    clientCertPath?: string;
    clientKeyPath?: string;
    serverCaCertPath?: string;
    serverName?: string;
  };
}

export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const parsed = parseEnv(temporalEnvSchema, env);
  const certPath = parsed.TEMPORAL_TLS_CLIENT_CERT_PATH;
  const keyPath = parsed.TEMPORAL_TLS_CLIENT_KEY_PATH;
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new ConfigError(
      'invalid configuration: TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together (mTLS)',
    );
  }
  const wantsTls =
    parsed.TEMPORAL_TLS ??
    Boolean(parsed.TEMPORAL_API_KEY || certPath || parsed.TEMPORAL_TLS_SERVER_CA_CERT_PATH);
  return {
    address: parsed.TEMPORAL_ADDRESS,
    namespace: parsed.TEMPORAL_NAMESPACE,
    taskQueue: parsed.TEMPORAL_TASK_QUEUE,
    apiKey: parsed.TEMPORAL_API_KEY,
    tls: wantsTls
      ? {
          clientCertPath: certPath,
          clientKeyPath: keyPath,
          serverCaCertPath: parsed.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
          serverName: parsed.TEMPORAL_TLS_SERVER_NAME,
        }
      : undefined,
  };
}

/** Connection options shared by NativeConnection (worker) and Connection (client, bridge). */
export function toConnectionOptions(config: TemporalConfig): ConnectionOptions {
  const tls = config.tls && {
    serverNameOverride: config.tls.serverName,
    serverRootCACertificate: config.tls.serverCaCertPath ? readRequired(config.tls.serverCaCertPath, 'TEMPORAL_TLS_SERVER_CA_CERT_PATH') : undefined,
    clientCertPair:
      config.tls.clientCertPath && config.tls.clientKeyPath
        ? {
            crt: readRequired(config.tls.clientCertPath, 'TEMPORAL_TLS_CLIENT_CERT_PATH'),
            key: readRequired(config.tls.clientKeyPath, 'TEMPORAL_TLS_CLIENT_KEY_PATH'),
          }
        : undefined,
  };
  return { address: config.address, tls: tls ?? false, apiKey: config.apiKey };
}

/** What may be logged about the connection: never the API key or key material. */
export function describeTemporalConfig(config: TemporalConfig): Record<string, unknown> {
  return {
    address: config.address,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    tls: Boolean(config.tls),
    mtls: Boolean(config.tls?.clientCertPath),
    apiKey: config.apiKey ? 'set' : 'unset',
  };
}

function readRequired(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${variable}: cannot read ${path} (${(err as Error).message})`);
  }
}
