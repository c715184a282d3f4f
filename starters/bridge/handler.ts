import { createLogger } from '../../common/logger';
import { describeTemporalConfig, toConnectionOptions } from '../../common/temporal-config';
import { loadFleetConfig } from '../fleet-config/load-fleet-config';
import { usesStackNames } from '../routing/match-fleet';
import { createClientProvider } from '../temporal/client-provider';
import { createBridgeSecrets } from './bridge-secrets';
import { loadBridgeConfig } from './bridge-config';
import { createBridge, type Bridge } from './bridge';
import { createSourceGroupLookup } from './source-group-lookup';
import { createStackNameLookup } from './stack-name-lookup';

/**
 * The Lambda entry point. Everything here is built once per container, on the first
 * invocation, and reused: the fleet configuration, the logger and one lazy Temporal
 * connection. A bad configuration fails every invocation with a message naming it.
 */
let bridge: Bridge | undefined;

function buildBridge(): Bridge {
  const config = loadBridgeConfig(process.env, __dirname);
  const logger = createLogger('fleet-workflows-bridge', config.logLevel);
  const fleetConfig = loadFleetConfig(config.fleetConfigPath);
  const secrets = createBridgeSecrets(config.secrets);
  logger.info('bridge initialised', {
    ...describeTemporalConfig(config.temporal),
    ...secrets.describe(),
    fleetConfig: config.fleetConfigPath,
    fleets: fleetConfig.fleets.length,
  });
  return createBridge({
    config: fleetConfig,
    logger,
    defaultTaskQueue: config.temporal.taskQueue,
    startTimeoutMs: config.startTimeoutMs,
    lookupStackName: usesStackNames(fleetConfig) ? createStackNameLookup() : undefined,
    lookupSourceGroup: fleetConfig.fleets.some((fleet) => fleet.goldenImage) ? createSourceGroupLookup() : undefined,
    clients: createClientProvider({
      namespace: config.temporal.namespace,
      connectionOptions: (replacing) => secrets.connectionOptions(toConnectionOptions(config.temporal), replacing),
    }),
  });
}

export async function handler(event: unknown): Promise<unknown> {
  bridge ??= buildBridge();
  return bridge.handle(event);
}
