import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CONTEXT_KEY } from '../../deploy/deploy-settings';
import { addFleetStacks, PROJECT_ROOT, readSettings } from '../../deploy/fleet-app';
import type { FleetStack } from '../../deploy/fleet-stack';
import type { FleetConfig } from '../../starters/fleet-config/fleet-config-schema';

/** The bridge as tools/build-bridge.sh builds it, into a folder of the test's own (dist/bridge is shared). */
export function buildBridge(fleetConfigPath: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'fleet-deploy-')), 'bridge');
  execFileSync('bash', [join(PROJECT_ROOT, 'tools', 'build-bridge.sh')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, FLEET_CONFIG: fleetConfigPath, BRIDGE_OUT_DIR: out },
    stdio: 'pipe',
  });
  return out;
}

/** A fleet configuration written where the app can read it (as JSON, which the loader also reads). */
export function writeFleetConfig(config: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fleet-config-')), 'fleet-config.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export interface Synthesized {
  stacks: FleetStack[];
  templates: Map<string, Template>;
  /** The template files in the cloud assembly, as cdk.out holds them. */
  templateFiles: string[];
}

/** The app as `cdk synth` builds it from these context settings, with cdk-nag's findings failing it. */
export function synthFleetApp(settings: Record<string, unknown>, bridgeCodeDirectory: string): Synthesized {
  const app = new App({ context: { [CONTEXT_KEY]: settings } });
  const stacks = addFleetStacks(app, readSettings(app), { bridgeCodeDirectory });
  // Synthesizing runs the validation plugins: an unacknowledged cdk-nag finding throws here.
  const assembly = app.synth();
  return {
    stacks,
    templates: new Map(stacks.map((stack) => [stack.region, Template.fromStack(stack)])),
    templateFiles: assembly.stacks.map((stack) => stack.templateFullPath),
  };
}

export const MINIMAL_TEMPORAL = { address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct' };

export type { FleetConfig };
