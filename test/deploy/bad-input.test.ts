import { join } from 'node:path';
import { parseDeploySettings } from '../../deploy/deploy-settings';
import { PROJECT_ROOT } from '../../deploy/fleet-app';
import { deployRegions, planRegion } from '../../deploy/region-plan';
import { parseFleetConfig } from '../../starters/fleet-config/load-fleet-config';
import { MINIMAL_TEMPORAL, synthFleetApp, writeFleetConfig } from './synth';

const settings = (extra: Record<string, unknown> = {}) => parseDeploySettings({ temporal: MINIMAL_TEMPORAL, regions: ['eu-west-1'], ...extra });
const config = (fleets: unknown[], extra: Record<string, unknown> = {}) => parseFleetConfig(JSON.stringify({ version: 1, fleets, ...extra }), 'fleet.json');

test('a glob IAM cannot scope fails naming the field', () => {
  const fleets = config([{ name: 'a', match: { prefix: 'a-' } }, { name: 'b', match: { glob: 'batch-[0-9]*' } }]);

  expect(() => planRegion(fleets, settings(), 'eu-west-1')).toThrow(/^fleets\.1\.match\.glob: 'batch-\[0-9\]\*'/);
});

test('a fleet naming no region with no deploy regions fails naming the field', () => {
  const fleets = config([{ name: 'a', match: { prefix: 'a-' }, regions: ['eu-west-1'] }, { name: 'b', match: { prefix: 'b-' } }]);

  expect(() => deployRegions(fleets, parseDeploySettings({ temporal: MINIMAL_TEMPORAL }))).toThrow(/^fleets\.1\.regions: fleet 'b' names no region/);
});

test('an ECS plan without a cluster fails naming the field, unless the clusters are given', () => {
  const fleets = config([], { ecsPlans: [{ name: 'morning' }] });

  expect(() => planRegion(fleets, settings(), 'eu-west-1')).toThrow(/^ecsPlans\.0\.cluster:/);
  expect(planRegion(fleets, settings({ worker: { ecsClusters: ['dev'] } }), 'eu-west-1').ecsClusters).toEqual(['dev']);
});

test('a prefix with a wildcard character fails rather than widening the policy', () => {
  const fleets = config([{ name: 'a', match: { prefix: 'web*' } }]);

  expect(() => planRegion(fleets, settings(), 'eu-west-1')).toThrow(/^fleets\.0\.match\.prefix: 'web\*' contains \* or \?/);
});

test('bad deploy settings fail naming the field', () => {
  expect(() => parseDeploySettings({ temporal: { address: 'no-port', namespace: 'n' } })).toThrow(/temporal\.address: expected host:port/);
  expect(() => parseDeploySettings({ temporal: MINIMAL_TEMPORAL, bridge: { networks: { 'eu-west-1': { vpcId: 'vpc-0a', subnetIds: ['subnet-0a', 'subnet-0b'], availabilityZones: ['eu-west-1a'] } } } })).toThrow(
    /bridge\.networks\.eu-west-1\.availabilityZones: expected one availability zone per subnet/,
  );
  expect(() => parseDeploySettings({ temporal: MINIMAL_TEMPORAL, temporal2: {} })).toThrow(/context fleet-workflows: .*temporal2/);
  expect(() => parseDeploySettings(undefined)).toThrow(/context fleet-workflows: missing/);
});

test('a per-region setting for a region without a stack fails synth naming it', () => {
  const path = writeFleetConfig({ version: 1, fleets: [{ name: 'a', match: { prefix: 'a-' }, regions: ['eu-west-1'] }] });
  const network = { vpcId: 'vpc-0a', subnetIds: ['subnet-0a'], availabilityZones: ['us-east-1a'] };

  expect(() => synthFleetApp({ fleetConfig: path, temporal: MINIMAL_TEMPORAL, bridge: { networks: { 'us-east-1': network } } }, join(PROJECT_ROOT, 'deploy'))).toThrow(
    /bridge\.networks\.us-east-1: no stack in us-east-1; the fleets and settings deploy to eu-west-1/,
  );
});

test('name, prefix and glob fleets filter lifecycle events in EventBridge; the groups IAM scopes are the same', () => {
  const fleets = config([{ name: 'a', match: { name: 'api-1' } }, { name: 'b', match: { prefix: 'web-' } }, { name: 'c', match: { glob: 'batch-??' } }]);

  const plan = planRegion(fleets, settings(), 'eu-west-1');

  expect(plan.lifecycleGroupPatterns).toEqual(['api-1', { prefix: 'web-' }, { prefix: 'batch-' }]);
  expect(plan.groupNameGlobs).toEqual(['api-1', 'web-*', 'batch-??']);
});
