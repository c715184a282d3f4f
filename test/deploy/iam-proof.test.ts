import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { ECS_SHUTDOWN_WORKFLOW, type EcsRunResult, type EcsShutdownInput } from '../../common/ecs-plan';
import { workflowIds } from '../../common/workflow-ids';
import { AUTHORIZATION_ONLY_ACTIONS } from '../../deploy/worker-policy';
import { playScenario, SCENARIO_NAMES } from '../../starters/demo';
import { loadEcsPlanFile } from '../../starters/ecs/plan-file';
import { DEMO_FLEET_CONFIG_PATH, loadStackFleetConfig, startLocalStack, type LocalStack } from '../../starters/local-stack';
import { deadDashboardSelectors } from '../e2e/dashboard-selectors';
import { failures, SCENARIO_TIMEOUT_MS, STACK_START_TIMEOUT_MS } from '../e2e/e2e-stack';
import { workflowBundleFile } from '../helpers/workflow-bundles';
import { startAwsCallRecorder, type AwsCallRecorder } from './aws-call-recorder';
import { actionsOf, everyAllowedAction, managedPolicyStatements } from './policy-actions';
import { sdkCallsIn } from './sdk-calls';
import { buildBridge, MINIMAL_TEMPORAL, synthFleetApp, writeFleetConfig } from './synth';

// The worker policy is proven against what the worker really sends: the whole demo is played
// with the worker's AWS endpoint behind a recorder, and the policy synthesized from the same
// fleet configuration must allow each recorded call and nothing beyond them. The same played
// demo also proves the Grafana dashboard has no dead panel: one demo run serves both proofs.

const REGION = 'us-east-1';
const DEMO_ECS_CLUSTER = 'myapp-dev-cluster';

/** Calls the activities make only on paths the demo never takes; the reason says which. */
const NOT_REACHED_BY_THE_DEMO: Record<string, string> = {
  'autoscaling:DescribeAutoScalingInstances': 'only when a completion is retried after its first reply was lost',
};

const workerSourceCalls = sdkCallsIn(join(__dirname, '..', '..', 'activities'));
let recorder: AwsCallRecorder;
let stack: LocalStack | undefined;
const progress: string[] = [];
let workerTemplate: Template;

beforeAll(async () => {
  recorder = await startAwsCallRecorder();
  stack = await startLocalStack({
    temporal: { uiPort: false },
    worker: { env: { AWS_ENDPOINT_URL: recorder.url, WORKFLOW_BUNDLE_PATH: await workflowBundleFile(require.resolve('../../workflows')) } },
    log: (line) => progress.push(line),
  });
  recorder.upstream = stack.simulator.url;

  // The demo configuration as the stack fills it; the placeholder values do not reach any policy.
  const config = loadStackFleetConfig(DEMO_FLEET_CONFIG_PATH, { SIMULATOR_ORIGIN_URL: 'http://127.0.0.1:1', SIMULATOR_REPLICA_PORT: '1' });
  const configPath = writeFleetConfig(config);
  const { templates } = synthFleetApp(
    { fleetConfig: configPath, regions: [REGION], temporal: MINIMAL_TEMPORAL, worker: { ecsClusters: [DEMO_ECS_CLUSTER] } },
    buildBridge(configPath),
  );
  workerTemplate = templates.get(REGION)!;
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
  await recorder?.close();
});

test(
  'the whole demo passes with the worker calling AWS through the recorder',
  async () => {
    for (const name of SCENARIO_NAMES) {
      const report = await playScenario(stack!, name, (line) => progress.push(line));
      expect({ scenario: name, failures: failures(report) }).toEqual({ scenario: name, failures: [] });
    }
    // The demo starts the ECS plan but never stops it: the shutdown (which tags each service) runs here.
    const { plan } = loadEcsPlanFile(join(__dirname, '..', '..', 'starters', 'demo', 'ecs-plan.yaml'));
    const shutdown = await stack!.client.workflow.execute(ECS_SHUTDOWN_WORKFLOW, {
      workflowId: workflowIds.ecsShutdown(plan.name ?? plan.cluster, 'iam-proof'),
      taskQueue: stack!.taskQueue,
      args: [{ plan } satisfies EcsShutdownInput],
    });
    expect((shutdown as EcsRunResult).outcome).toBe('succeeded');
    // Every feature of the demo reached AWS: launch gate, forensics, drain, golden image, pin-latest, ECS, SNS.
    expect([...recorder.actions]).toEqual(
      expect.arrayContaining(['ec2:DescribeInstances', 'ec2:CreateImage', 'ssm:SendCommand', 'ec2:CreateLaunchTemplateVersion', 'autoscaling:UpdateAutoScalingGroup', 'ecs:UpdateService', 'ecs:TagResource', 'sns:Publish']),
    );
  },
  SCENARIO_TIMEOUT_MS * SCENARIO_NAMES.length,
);

test('every panel of the Grafana dashboard queries a series the worker exposes after the demo: no dead panels', async () => {
  const { all, dead } = deadDashboardSelectors(await (await fetch(stack!.worker.metricsUrl!)).text());

  expect(all.length).toBeGreaterThan(20);
  expect(dead).toEqual([]);
});

test('every AWS call the worker made is allowed by the synthesized worker policy', () => {
  const allowed = actionsOf(managedPolicyStatements(workerTemplate, 'WorkerPolicy'));
  const missing = [...recorder.actions].filter((action) => !allowed.has(action)).sort();
  expect(missing).toEqual([]);
});

test('the worker policy allows nothing the worker did not call, beyond the checks AWS makes on its behalf and the calls the demo cannot reach', () => {
  const allowed = actionsOf(managedPolicyStatements(workerTemplate, 'WorkerPolicy'));
  const unused = [...allowed].filter((action) => !recorder.actions.has(action)).sort();
  expect(unused.filter((action) => !(action in AUTHORIZATION_ONLY_ACTIONS) && !(action in NOT_REACHED_BY_THE_DEMO))).toEqual([]);
  // Each exception is still a call the activities make (the scan below), so none can outlive its code.
  expect(Object.keys(NOT_REACHED_BY_THE_DEMO).filter((action) => !workerSourceCalls.has(action))).toEqual([]);
});

test('every call the worker saw is one its source makes (the recorder names calls as the code does)', () => {
  expect([...recorder.actions].filter((action) => !workerSourceCalls.has(action))).toEqual([]);
});

test('with every feature on, the worker policy allows every call in activities/ and nothing else', () => {
  const configPath = writeFleetConfig({
    version: 1,
    fleets: [
      {
        name: 'web',
        match: { prefix: 'web-' },
        regions: [REGION],
        notifications: { snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops', slackWebhook: { ssmParameter: '/web/slack' } },
        launchGate: { originBaseUrl: 'https://www.example.com', hostHeader: 'www.example.com' },
        terminate: {},
        goldenImage: { launchTemplateIdParameter: '/web/lt', instanceRefresh: { enabled: true } },
        pinLatest: true,
      },
    ],
    ecsPlans: [{ name: 'morning', cluster: 'dev' }],
  });
  const { templates } = synthFleetApp(
    { fleetConfig: configPath, temporal: MINIMAL_TEMPORAL, worker: { instanceRoleArns: ['arn:aws:iam::123456789012:role/web'] } },
    buildBridge(configPath),
  );
  const allowed = actionsOf(managedPolicyStatements(templates.get(REGION)!, 'WorkerPolicy'));

  expect([...workerSourceCalls.keys()].filter((action) => !allowed.has(action)).sort()).toEqual([]);
  expect([...allowed].filter((action) => !workerSourceCalls.has(action) && !(action in AUTHORIZATION_ONLY_ACTIONS)).sort()).toEqual([]);
});

test('lifecycle calls named only groups the worker policy scopes them to', () => {
  const statements = managedPolicyStatements(workerTemplate, 'WorkerPolicy').filter((s) => s.Sid === 'LifecycleActions');
  const patterns = statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).map(groupPatternOf);
  const named = ['autoscaling:CompleteLifecycleAction', 'autoscaling:RecordLifecycleActionHeartbeat'].flatMap((a) => [...(recorder.groupNames.get(a) ?? [])]);
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter((group) => !patterns.some((pattern) => pattern.test(group)))).toEqual([]);
});

test('no policy in the stack allows a wildcard action', () => {
  const wildcards = everyAllowedAction(workerTemplate).filter((action) => action === '*' || action.endsWith(':*'));
  expect(wildcards).toEqual([]);
});

test('the bridge policy allows exactly the AWS calls the bridge code makes', () => {
  const sent = new Set(sdkCallsIn(join(__dirname, '..', '..', 'starters', 'bridge')).keys());
  expect(sent.size).toBeGreaterThan(0);
  // A configuration using every bridge feature: a stackName fleet, a golden image, the API key in SSM, mTLS material in Secrets Manager.
  const configPath = writeFleetConfig({
    version: 1,
    fleets: [
      { name: 'api', match: { stackName: 'api-prod' }, regions: [REGION], terminate: {} },
      { name: 'web', match: { prefix: 'web-' }, regions: [REGION], goldenImage: { launchTemplateIdParameter: '/web/lt', marker: 'EC2_BACKUP' } },
    ],
  });
  const { templates } = synthFleetApp(
    { fleetConfig: configPath, temporal: { ...MINIMAL_TEMPORAL, apiKey: { ssmParameterName: '/fleet/temporal-api-key' }, mtlsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fleet/mtls-AbCdEf' } },
    buildBridge(configPath),
  );
  const allowed = actionsOf(managedPolicyStatements(templates.get(REGION)!, 'BridgeCallsPolicy'));
  expect([...allowed].sort()).toEqual([...sent].sort());
});

/** `arn:…:autoScalingGroupName/web-scale-out-*` as a regular expression over group names. */
function groupPatternOf(resource: unknown): RegExp {
  const text = JSON.stringify(resource);
  const name = /autoScalingGroupName\/([^"]+)"/.exec(text)?.[1] ?? '';
  return new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}
