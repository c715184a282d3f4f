import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FleetSpec, Timings } from '../../simulator';
import type { FleetConfig } from '../fleet-config/fleet-config-schema';
import { FleetConfigError, parseFleetConfig } from '../fleet-config/load-fleet-config';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
export const DEMO_FLEET_CONFIG_PATH = join(EXAMPLES, 'demo-fleet-config.yaml');
export const DEMO_FLEET_SPEC_PATH = join(EXAMPLES, 'demo-fleet.yaml');

/**
 * The simulator's delays for the demo, in simulated ms at speed 1: short, so a whole story
 * plays in a minute or two, yet with simulated time equal to real time. The workflows' timers
 * run on Temporal's (real) clock, so a sped-up simulator would let hook heartbeat timeouts
 * expire faster than the workflows heartbeat them.
 */
export const DEMO_TIMINGS: Partial<Timings> = {
  instanceBootMs: 1_000,
  instanceShutdownMs: 1_000,
  contentSyncMs: 3_000,
  imageCreateMs: 6_000,
  ecsTaskStartMs: 2_000,
  ssmCommandMs: 2_000,
  instanceRefreshMs: 5_000,
};

/** Values only known once the simulator runs: its origin URL and the instances' web server port. */
export interface StackPlaceholders {
  SIMULATOR_ORIGIN_URL: string;
  SIMULATOR_REPLICA_PORT: string;
}

/**
 * Reads a fleet configuration with `${SIMULATOR_ORIGIN_URL}` / `${SIMULATOR_REPLICA_PORT}`
 * placeholders filled in before validation (the simulator picks free ports); a config
 * without placeholders loads as it is.
 */
export function loadStackFleetConfig(path: string, placeholders: StackPlaceholders): FleetConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FleetConfigError(`cannot read fleet configuration ${path}: ${(err as Error).message}`);
  }
  const filled = text.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => {
    const value = (placeholders as unknown as Record<string, string | undefined>)[name];
    if (value === undefined) throw new FleetConfigError(`${path}: unknown placeholder ${whole} (known: ${Object.keys(placeholders).join(', ')})`);
    return value;
  });
  return parseFleetConfig(filled, path);
}

export function loadFleetSpec(path = DEMO_FLEET_SPEC_PATH): FleetSpec {
  return parseYaml(readFileSync(path, 'utf8')) as FleetSpec;
}
