import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { addFleetStacks, PROJECT_ROOT, readSettings } from './fleet-app';

/**
 * `npm run synth` / `npm run deploy` (cdk.json runs this file). Builds the bridge with the
 * one build script, for the fleet configuration the settings name, then the stacks.
 * A bad setting or a configuration the app cannot express stops here with one line.
 */
function main(): void {
  const app = new App();
  const settings = readSettings(app);
  const bridgeCodeDirectory = join(PROJECT_ROOT, 'dist', 'bridge');
  execFileSync('bash', [join(PROJECT_ROOT, 'tools', 'build-bridge.sh')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, FLEET_CONFIG: settings.fleetConfig, BRIDGE_OUT_DIR: bridgeCodeDirectory },
    // The build's progress lines go to stderr: cdk reads the app's stdout.
    stdio: ['ignore', process.stderr, process.stderr],
  });
  addFleetStacks(app, settings, { bridgeCodeDirectory, defaultAccount: process.env.CDK_DEFAULT_ACCOUNT });
  app.synth();
}

try {
  main();
} catch (err) {
  const known = err instanceof Error && /Error$/.test(err.name) && err.name !== 'Error';
  process.stderr.write(`fleet-workflows deploy: ${known ? (err as Error).message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}
