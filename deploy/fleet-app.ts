import { isAbsolute, join } from 'node:path';
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadFleetConfig } from '../starters/fleet-config/load-fleet-config';
import { CONTEXT_KEY, DeploySettingsError, parseDeploySettings, type DeploySettings } from './deploy-settings';
import { FleetStack } from './fleet-stack';
import { deployRegions, planRegion } from './region-plan';

export const PROJECT_ROOT = join(__dirname, '..');

export interface FleetAppOptions {
  /** The directory tools/build-bridge.sh wrote for this fleet configuration. */
  bridgeCodeDirectory: string;
  /** The account when the settings name none; default CDK_DEFAULT_ACCOUNT, else environment-agnostic. */
  defaultAccount?: string;
}

/** The settings in the app's context, with the fleet configuration path made absolute. */
export function readSettings(app: App): DeploySettings {
  const settings = parseDeploySettings(app.node.tryGetContext(CONTEXT_KEY));
  return { ...settings, fleetConfig: isAbsolute(settings.fleetConfig) ? settings.fleetConfig : join(PROJECT_ROOT, settings.fleetConfig) };
}

/**
 * One FleetStack per region the fleet configuration names, read through the same loader the
 * bridge and the CLI use, with cdk-nag's AWS Solutions checks on every resource: a finding
 * without a suppression is an error at synth.
 */
export function addFleetStacks(app: App, settings: DeploySettings, options: FleetAppOptions): FleetStack[] {
  const config = loadFleetConfig(settings.fleetConfig);
  const account = settings.account ?? options.defaultAccount;
  const regions = deployRegions(config, settings);
  for (const [field, perRegion] of [['bridge.networks', settings.bridge.networks], ['worker.services', settings.worker.services]] as const) {
    for (const region of Object.keys(perRegion)) {
      if (!regions.includes(region)) {
        throw new DeploySettingsError(`context ${CONTEXT_KEY}: ${field}.${region}: no stack in ${region}; the fleets and settings deploy to ${regions.join(', ')}`);
      }
    }
  }
  const stacks = regions.map(
    (region) =>
      new FleetStack(app, `${settings.stackPrefix}-${region}`, {
        env: { account, region },
        description: `fleet-workflows in ${region}: bridge, EventBridge rules, hook queue, worker policy`,
        plan: planRegion(config, settings, region),
        settings,
        bridgeCodeDirectory: options.bridgeCodeDirectory,
      }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stacks;
}
