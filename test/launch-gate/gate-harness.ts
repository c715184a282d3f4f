import {
  AutoScalingClient,
  CompleteLifecycleActionCommand,
  DescribeLifecycleHooksCommand,
  RecordLifecycleActionHeartbeatCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, EC2Client, type InstanceStateName } from '@aws-sdk/client-ec2';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mockClient } from 'aws-sdk-client-mock';
import { sameClientsForEveryRegion, type AwsClients } from '../../activities/aws-clients';
import { createLaunchGateActivities } from '../../activities/launch-gate';
import { createLifecycleActionActivities } from '../../activities/lifecycle-actions';
import type { LaunchGateInput, LaunchGateProgress, LaunchGateResult, LaunchGateSettings } from '../../common/launch-gate';
import { workflowIds } from '../../common/workflow-ids';
import { launchGateProgressQuery, launchGateWorkflowV2 } from '../../workflows/launch-gate';
import { recordHistoryIfAsked } from '../helpers/histories';
import { createTimeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { startSite, type TestSite } from './http-fixtures';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const autoScalingClient = new AutoScalingClient({ region: 'us-east-1', credentials });
const ec2Client = new EC2Client({ region: 'us-east-1', credentials });
export const autoScaling = mockClient(autoScalingClient);
export const ec2 = mockClient(ec2Client);

const clientsFor = sameClientsForEveryRegion({ autoScaling: autoScalingClient, ec2: ec2Client } as AwsClients);

/**
 * The real activity code, talking to mocked AWS clients and real HTTP servers on 127.0.0.1;
 * made anew for each worker, so the first look's hook cache never carries one test's hook into the next.
 */
export function gateActivities() {
  return { ...createLifecycleActionActivities(clientsFor), ...createLaunchGateActivities({ clientsFor }) };
}

export const instanceId = 'i-0123456789abcdef0';

export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

export function instanceAnswer(state: InstanceStateName, privateIp: string | undefined = '127.0.0.1') {
  return { Reservations: [{ Instances: [{ InstanceId: instanceId, State: { Name: state }, PrivateIpAddress: privateIp }] }] };
}

/** A healthy fleet: the hook exists (heartbeat timeout 3600 s), the instance runs on 127.0.0.1, AWS accepts every call. */
export function resetFleet(): void {
  autoScaling.reset();
  ec2.reset();
  autoScaling.on(DescribeLifecycleHooksCommand).resolves({
    LifecycleHooks: [{ LifecycleHookName: 'content-gate', HeartbeatTimeout: 3600, DefaultResult: 'ABANDON' }],
  });
  autoScaling.on(CompleteLifecycleActionCommand).resolves({});
  autoScaling.on(RecordLifecycleActionHeartbeatCommand).resolves({});
  ec2.on(DescribeInstancesCommand).resolves(instanceAnswer('running'));
}

/** CompleteLifecycleAction throttled twice, then accepted: the completion succeeds on its third attempt. */
export function throttleCompletionTwice(): void {
  autoScaling
    .on(CompleteLifecycleActionCommand)
    .rejectsOnce(awsError('Throttling', 'Rate exceeded'))
    .rejectsOnce(awsError('Throttling', 'Rate exceeded'))
    .resolves({});
}

let tokenCounter = 0;

export function gateInput(
  origin: TestSite,
  replica: TestSite,
  settings: Partial<LaunchGateSettings> = {},
  extra: Partial<LaunchGateInput> = {},
): LaunchGateInput {
  tokenCounter += 1;
  return {
    action: {
      region: 'us-east-1',
      autoScalingGroupName: 'web-asg',
      lifecycleHookName: 'content-gate',
      instanceId,
      lifecycleActionToken: `00000000-0000-4000-8000-${String(tokenCounter).padStart(12, '0')}`,
    },
    settings: {
      originBaseUrl: origin.url,
      hostHeader: 'www.example.com',
      replicaPort: replica.port,
      ...settings,
    },
    ...extra,
  };
}

/** Polls the progress query (in real time, so workflow timers do not skip) until it matches. */
export async function waitForProgress(
  handle: WorkflowHandle,
  predicate: (p: LaunchGateProgress) => boolean,
  timeoutMs = 15_000,
): Promise<LaunchGateProgress> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const progress = await handle.query(launchGateProgressQuery);
    if (predicate(progress)) return progress;
    if (Date.now() > until) throw new Error(`progress never matched: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Only the gate's own module: another workflow's work in progress cannot break these tests.
export const gateWorkflowsPath = require.resolve('../../workflows/launch-gate');

/** Starts the gate on a fresh worker, lets `during` act on it, and returns its result (time skips while awaiting it). */
export async function runGateOn(
  env: TestWorkflowEnvironment,
  input: LaunchGateInput,
  during: (handle: WorkflowHandle<typeof launchGateWorkflowV2>) => Promise<void> = async () => undefined,
  historyName?: string,
  /** The start memo, as the bridge sets it; none by default. */
  memo?: Record<string, string>,
): Promise<{ result: LaunchGateResult; handle: WorkflowHandle<typeof launchGateWorkflowV2> }> {
  const taskQueue = uniqueTaskQueue('launch-gate');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(gateWorkflowsPath),
    activities: gateActivities(),
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(launchGateWorkflowV2, {
      taskQueue,
      workflowId: workflowIds.launchGate(input.action.instanceId, input.action.lifecycleActionToken ?? 'none'),
      args: [input],
      memo,
    });
    await during(handle);
    const result = await handle.result();
    if (historyName) await recordHistoryIfAsked(handle, historyName);
    return { result, handle };
  });
}

export interface GateTestEnv {
  readonly env: TestWorkflowEnvironment;
  /** A test site on 127.0.0.1, closed after the test. */
  site(...args: Parameters<typeof startSite>): Promise<TestSite>;
  runGate(
    input: LaunchGateInput,
    during?: (handle: WorkflowHandle<typeof launchGateWorkflowV2>) => Promise<void>,
    historyName?: string,
    memo?: Record<string, string>,
  ): ReturnType<typeof runGateOn>;
}

/** One time-skipping server per test file, a healthy fleet before each test, its sites closed after it. */
export function useGateTestEnv(): GateTestEnv {
  let env: TestWorkflowEnvironment | undefined;
  const sites: TestSite[] = [];
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  beforeEach(() => resetFleet());
  afterEach(async () => {
    await Promise.all(sites.splice(0).map((s) => s.close()));
  });
  const started = () => {
    if (!env) throw new Error('the time-skipping server is not started yet');
    return env;
  };
  return {
    get env() {
      return started();
    },
    async site(...args) {
      const s = await startSite(...args);
      sites.push(s);
      return s;
    },
    runGate: (input, during, historyName, memo) => runGateOn(started(), input, during, historyName, memo),
  };
}
