import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { fleetConfigSchema, type FleetConfig } from './fleet-config-schema';

/** The fleet configuration is unusable; the message names the file and the field. */
export class FleetConfigError extends Error {
  override name = 'FleetConfigError';
}

export const DEFAULT_FLEET_CONFIG_PATH = resolve(__dirname, '..', '..', 'examples', 'fleet-config.yaml');

/** `--config`, then FLEET_CONFIG, then the project's example. */
export function fleetConfigPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? (env.FLEET_CONFIG || DEFAULT_FLEET_CONFIG_PATH);
}

/**
 * Parses YAML or JSON text; `source` names the origin in errors. A `.json` file skips the
 * YAML parser entirely, which keeps it out of the Lambda's cold start (the build ships JSON).
 */
export function parseFleetConfig(text: string, source: string): FleetConfig {
  let raw: unknown;
  try {
    raw = source.endsWith('.json') ? JSON.parse(text) : (require('yaml') as typeof import('yaml')).parse(text);
  } catch (err) {
    throw new FleetConfigError(`${source}: not valid YAML/JSON: ${(err as Error).message}`);
  }
  const result = fleetConfigSchema.safeParse(raw);
  if (!result.success) throw new FleetConfigError(`${source}: ${describeIssues(result.error.issues)}`);
  return result.data;
}

export function loadFleetConfig(path: string): FleetConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FleetConfigError(`cannot read fleet configuration ${path}: ${(err as Error).message}`);
  }
  return parseFleetConfig(text, path);
}

export function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}
