import { join } from 'node:path';
import { z } from 'zod';
import { parseEnv } from '../../common/env-config';
import type { LogLevelName } from '../../common/logger';
import { loadTemporalConfig, type TemporalConfig } from '../../common/temporal-config';

const bridgeEnvSchema = z.object({
  /** Path of the fleet configuration; the bundle ships fleet-config.json next to the handler. */
  FLEET_CONFIG: z.string().min(1).optional(),
  /** An SSM SecureString holding the Temporal Cloud API key, read once per container. */
  TEMPORAL_API_KEY_SSM_PARAMETER: z.string().min(1).optional(),
  BRIDGE_START_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});

export interface BridgeConfig {
  temporal: TemporalConfig;
  fleetConfigPath: string;
  apiKeySsmParameter?: string;
  startTimeoutMs: number;
  logLevel: LogLevelName;
}

/** Throws ConfigError naming the variable. */
export function loadBridgeConfig(env: NodeJS.ProcessEnv, handlerDir: string): BridgeConfig {
  const parsed = parseEnv(bridgeEnvSchema, env);
  return {
    temporal: loadTemporalConfig(env),
    fleetConfigPath: parsed.FLEET_CONFIG ?? join(handlerDir, 'fleet-config.json'),
    apiKeySsmParameter: parsed.TEMPORAL_API_KEY_SSM_PARAMETER,
    startTimeoutMs: parsed.BRIDGE_START_TIMEOUT_MS,
    logLevel: parsed.LOG_LEVEL,
  };
}
