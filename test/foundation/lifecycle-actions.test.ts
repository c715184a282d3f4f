import {
  AutoScalingClient,
  CompleteLifecycleActionCommand,
  DescribeLifecycleHooksCommand,
  RecordLifecycleActionHeartbeatCommand,
} from '@aws-sdk/client-auto-scaling';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../activities/aws-clients';
import { createLifecycleActionActivities } from '../../activities/lifecycle-actions';

const autoScaling = mockClient(AutoScalingClient);
const clients = { autoScaling: new AutoScalingClient({ region: 'us-east-1' }) } as AwsClients;
const activities = createLifecycleActionActivities(() => clients);
const ref = {
  autoScalingGroupName: 'web-asg',
  lifecycleHookName: 'launch-gate',
  instanceId: 'i-0123456789abcdef0',
  lifecycleActionToken: 'b3e4c6a2-0000-4000-8000-000000000001',
};
const env = new MockActivityEnvironment();

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

beforeEach(() => autoScaling.reset());

test('completes the action with the token and the result asked for', async () => {
  autoScaling.on(CompleteLifecycleActionCommand).resolves({});
  await expect(env.run(activities.completeLifecycleAction, ref, 'ABANDON' as const)).resolves.toBe('done');
  expect(autoScaling).toHaveReceivedCommandWith(CompleteLifecycleActionCommand, {
    AutoScalingGroupName: 'web-asg',
    LifecycleHookName: 'launch-gate',
    InstanceId: 'i-0123456789abcdef0',
    LifecycleActionToken: ref.lifecycleActionToken,
    LifecycleActionResult: 'ABANDON',
  });
});

test('an action already completed or expired is an outcome, not an error', async () => {
  autoScaling
    .on(CompleteLifecycleActionCommand)
    .rejects(awsError('ValidationError', 'No active Lifecycle Action found with token b3e4c6a2'));
  await expect(env.run(activities.completeLifecycleAction, ref, 'CONTINUE' as const)).resolves.toBe('action-not-found');
  autoScaling
    .on(RecordLifecycleActionHeartbeatCommand)
    .rejects(awsError('ValidationError', 'No active Lifecycle Action found with instance ID i-0123456789abcdef0'));
  await expect(env.run(activities.recordLifecycleActionHeartbeat, ref)).resolves.toBe('action-not-found');
});

test('throttling is rethrown as is, so Temporal retries it with backoff', async () => {
  autoScaling.on(CompleteLifecycleActionCommand).rejects(awsError('Throttling', 'Rate exceeded'));
  const err = await env.run(activities.completeLifecycleAction, ref, 'CONTINUE' as const).catch((e: unknown) => e);
  expect(err).not.toBeInstanceOf(ApplicationFailure);
  expect((err as Error).name).toBe('Throttling');
});

test('access denied can never succeed: non-retryable, typed with the AWS error name', async () => {
  autoScaling.on(CompleteLifecycleActionCommand).rejects(awsError('AccessDenied', 'not authorized'));
  const err = await env.run(activities.completeLifecycleAction, ref, 'CONTINUE' as const).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ nonRetryable: true, type: 'AccessDenied' });
  expect((err as Error).message).toMatch(/CompleteLifecycleAction failed: AccessDenied/);
});

test('reads the hook heartbeat timeout and default result', async () => {
  autoScaling.on(DescribeLifecycleHooksCommand).resolves({
    LifecycleHooks: [{ LifecycleHookName: 'launch-gate', HeartbeatTimeout: 300, DefaultResult: 'CONTINUE', GlobalTimeout: 30000 }],
  });
  await expect(env.run(activities.describeLifecycleHook, ref)).resolves.toEqual({
    heartbeatTimeoutSeconds: 300,
    defaultResult: 'CONTINUE',
    globalTimeoutSeconds: 30000,
  });
  autoScaling.on(DescribeLifecycleHooksCommand).resolves({ LifecycleHooks: [] });
  await expect(env.run(activities.describeLifecycleHook, ref)).resolves.toBeUndefined();
});
