import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFleetConfig, parseFleetConfig } from '../../starters/fleet-config/load-fleet-config';
import type { FleetConfig } from '../../starters/fleet-config/fleet-config-schema';

export const fixturesDir = join(__dirname, '..', 'fixtures', 'events');
export const exampleConfigPath = join(__dirname, '..', '..', 'examples', 'fleet-config.yaml');

/** A fresh copy per call, so a test that edits a fixture never leaks into another. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as T;
}

export function fixturePath(name: string): string {
  return join(fixturesDir, name);
}

export function exampleConfig(): FleetConfig {
  return loadFleetConfig(exampleConfigPath);
}

export function configFrom(yaml: string): FleetConfig {
  return parseFleetConfig(yaml, 'test-config.yaml');
}

/** The first record's body of an SQS batch fixture, parsed. */
export function sqsBody(name: string): unknown {
  const batch = fixture<{ Records: { body: string }[] }>(name);
  return JSON.parse(batch.Records[0]!.body);
}
