import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, parseEnv } from '../../common/env-config';
import type { LogLevelName } from '../../common/logger';
import { loadTemporalConfig, type TemporalConfig } from '../../common/temporal-config';
import type { BridgeSecretSources } from './bridge-secrets';

const bridgeEnvSchema = z.object({
  /** Path of the fleet configuration; the bundle ships fleet-config.json next to the handler. */
  FLEET_CONFIG: z.string().min(1).optional(),
  TEMPORAL_API_KEY_SSM_PARAMETER: z.string().min(1).optional(),
  TEMPORAL_API_KEY_SECRET_ARN: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_SECRET_ARN: z.string().min(1).optional(),
  // Long enough that a burst of cold starts does not throttle GetParameter/GetSecretValue, short
  // enough that a rotated key reaches new connections within minutes.
  BRIDGE_SECRETS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(300),
  BRIDGE_START_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});

export interface BridgeConfig {
  temporal: TemporalConfig;
  fleetConfigPath: string;
  secrets: BridgeSecretSources;
  startTimeoutMs: number;
  logLevel: LogLevelName;
}

/** Throws ConfigError naming the variable. */
export function loadBridgeConfig(env: NodeJS.ProcessEnv, handlerDir: string): BridgeConfig {
  const parsed = parseEnv(bridgeEnvSchema, env);
  const temporal = loadTemporalConfig(env);
  const apiKeySources = [
    parsed.TEMPORAL_API_KEY_SSM_PARAMETER && 'TEMPORAL_API_KEY_SSM_PARAMETER',
    parsed.TEMPORAL_API_KEY_SECRET_ARN && 'TEMPORAL_API_KEY_SECRET_ARN',
    // An API key in the environment or profile beside one in a secret: which is meant is unclear.
    temporal.apiKey && 'TEMPORAL_API_KEY',
  ].filter(Boolean);
  if (apiKeySources.length > 1) {
    throw new ConfigError(`invalid configuration: ${apiKeySources.join(' and ')}: set one source of the API key, not several`);
  }
  if (parsed.TEMPORAL_TLS_CLIENT_SECRET_ARN && temporal.tls?.clientCert) {
    throw new ConfigError(
      'invalid configuration: TEMPORAL_TLS_CLIENT_SECRET_ARN and TEMPORAL_TLS_CLIENT_CERT_*: set one source of the client certificate, not both',
    );
  }
  return {
    temporal,
    fleetConfigPath: parsed.FLEET_CONFIG ?? join(handlerDir, 'fleet-config.json'),
    secrets: {
      apiKeySsmParameter: parsed.TEMPORAL_API_KEY_SSM_PARAMETER,
      apiKeySecretArn: parsed.TEMPORAL_API_KEY_SECRET_ARN,
      mtlsSecretArn: parsed.TEMPORAL_TLS_CLIENT_SECRET_ARN,
      maxAgeSeconds: parsed.BRIDGE_SECRETS_MAX_AGE_SECONDS,
    },
    startTimeoutMs: parsed.BRIDGE_START_TIMEOUT_MS,
    logLevel: parsed.LOG_LEVEL,
  };
}
