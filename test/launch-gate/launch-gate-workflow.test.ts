import {
  CompleteLifecycleActionCommand,
  DescribeLifecycleHooksCommand,
  RecordLifecycleActionHeartbeatCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import {
  abandonSignal,
  contentSyncedSignal,
  proceedSignal,
} from '../../workflows/launch-gate';
import { replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import {
  autoScaling,
  awsError,
  ec2,
  gateInput,
  instanceAnswer,
  gateWorkflowsPath,
  useGateTestEnv,
  throttleCompletionTwice,
  waitForProgress,
} from './gate-harness';

const { site, runGate } = useGateTestEnv();

function completions(): string[] {
  return autoScaling.commandCalls(CompleteLifecycleActionCommand).map((c) => c.args[0].input.LifecycleActionResult ?? '');
}

/** Workflow-clock milliseconds from the run's start to its close. */
async function workflowDurationMs(handle: WorkflowHandle): Promise<number> {
  const d = await handle.describe();
  return d.closeTime!.getTime() - d.startTime.getTime();
}

test('completes with CONTINUE once the replica catches up after several unsynced checks', async () => {
  // Prepare: the replica serves stale content to its first three requests.
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': (n) => ({ body: n <= 3 ? 'release 41' : 'release 42' }) });
  const input = gateInput(origin, replica);

  // Act
  const { result, handle } = await runGate(input, undefined, 'launch-gate-v2-synced-after-retries');

  // Assess
  expect(result).toMatchObject({
    outcome: 'synced',
    lifecycleActionResult: 'CONTINUE',
    completion: 'done',
    checks: 4,
    scheduledChecks: 4,
    autoScalingGroupName: 'web-asg',
    instanceId: input.action.instanceId,
  });
  expect(result.lastCheck?.paths).toEqual([expect.objectContaining({ path: '/', result: 'in-sync' })]);
  expect(replica.seen).toHaveLength(4);
  expect(replica.seen.every((r) => r.host === 'www.example.com')).toBe(true);
  expect(autoScaling).toHaveReceivedCommandTimes(CompleteLifecycleActionCommand, 1);
  expect(autoScaling).toHaveReceivedCommandWith(CompleteLifecycleActionCommand, {
    AutoScalingGroupName: 'web-asg',
    LifecycleHookName: 'content-gate',
    InstanceId: input.action.instanceId,
    LifecycleActionToken: input.action.lifecycleActionToken,
    LifecycleActionResult: 'CONTINUE',
  });
  // Three 30 s waits between four checks.
  expect(await workflowDurationMs(handle)).toBeGreaterThanOrEqual(90_000);
  expect((await handle.describe()).memo).toMatchObject({ autoScalingGroupName: 'web-asg', instanceId: input.action.instanceId });
});

test('never in sync: exactly 10 checks 30 s apart, then ABANDON', async () => {
  const origin = await site({ '/': { body: 'new' } });
  const replica = await site({ '/': { body: 'old' } });

  const { result, handle } = await runGate(gateInput(origin, replica));

  expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', completion: 'done', checks: 10 });
  expect(result.reason).toMatch(/not in sync after 10 scheduled checks .*replica body differs.*completed with ABANDON/);
  expect(replica.seen).toHaveLength(10);
  expect(origin.seen).toHaveLength(10);
  expect(completions()).toEqual(['ABANDON']);
  const duration = await workflowDurationMs(handle);
  expect(duration).toBeGreaterThanOrEqual(9 * 30_000);
  expect(duration).toBeLessThan(11 * 30_000);
});

test('HOOK_DEFAULT on give-up sends nothing and says so', async () => {
  const origin = await site({ '/': { body: 'new' } });
  const replica = await site({ '/': { body: 'old' } });

  const { result } = await runGate(gateInput(origin, replica, { maxChecks: 2, onGiveUp: 'HOOK_DEFAULT' }));

  expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'HOOK_DEFAULT', completion: 'not-sent', checks: 2 });
  expect(result.reason).toMatch(/left to the hook's default result/);
  expect(completions()).toEqual([]);
});

test('multi-path: the progress query shows the lagging path, and the gate waits for it', async () => {
  const origin = await site({ '/': { body: 'top' }, '/news/': { body: 'news 7' } });
  const replica = await site({ '/': { body: 'top' }, '/news/': (n) => ({ body: n <= 2 ? 'news 6' : 'news 7' }) });
  const input = gateInput(origin, replica, { paths: ['/', '/news/'] });

  let firstWait: Awaited<ReturnType<typeof waitForProgress>> | undefined;
  const { result } = await runGate(input, async (handle) => {
    firstWait = await waitForProgress(handle, (p) => p.phase === 'waiting');
  });

  expect(firstWait).toMatchObject({ checks: 1, maxChecks: 10, autoScalingGroupName: 'web-asg' });
  expect(firstWait!.lastCheck!.paths.map((p) => [p.path, p.result])).toEqual([
    ['/', 'in-sync'],
    ['/news/', 'not-in-sync'],
  ]);
  expect(Date.parse(firstWait!.nextCheckAt!) - Date.parse(firstWait!.lastCheck!.at)).toBe(30_000);
  expect(result).toMatchObject({ outcome: 'synced', checks: 3 });
  expect(completions()).toEqual(['CONTINUE']);
});

test('a contentSynced signal checks at once instead of waiting out the interval', async () => {
  const origin = await site({ '/': { body: 'v2' } });
  const replica = await site({ '/': (n) => ({ body: n <= 1 ? 'v1' : 'v2' }) });
  const input = gateInput(origin, replica, { checkIntervalSeconds: 300 });

  const { result, handle } = await runGate(
    input,
    async (h) => {
      await waitForProgress(h, (p) => p.phase === 'waiting');
      await h.signal(contentSyncedSignal, { note: 'rsync run 17' });
    },
    'launch-gate-v2-pushed-check',
  );

  expect(result).toMatchObject({ outcome: 'synced', checks: 2, scheduledChecks: 1 });
  expect(result.lastCheck?.trigger).toBe('content-synced-signal');
  expect(await workflowDurationMs(handle)).toBeLessThan(300_000);
});

test.each([
  ['proceed', 'CONTINUE', proceedSignal],
  ['abandon', 'ABANDON', abandonSignal],
] as const)('an operator %s signal ends the wait with %s, recording who and why', async (_name, decision, signal) => {
  const origin = await site({ '/': { body: 'new' } });
  const replica = await site({ '/': { body: 'old' } });

  const { result } = await runGate(gateInput(origin, replica), async (handle) => {
    await waitForProgress(handle, (p) => p.phase === 'waiting');
    await handle.signal(signal, { by: 'alice', reason: 'CMS outage, serving stale is fine' });
  });

  expect(result).toMatchObject({
    outcome: 'operator-override',
    lifecycleActionResult: decision,
    completion: 'done',
    override: { decision, by: 'alice', reason: 'CMS outage, serving stale is fine' },
    checks: 1,
  });
  expect(result.reason).toBe(`alice chose ${decision}: CMS outage, serving stale is fine`);
  expect(completions()).toEqual([decision]);
});

test('hook heartbeats keep a 60 s hook alive through a 270 s wait', async () => {
  // Prepare: the hook's heartbeat timeout comes from DescribeLifecycleHooks.
  autoScaling.on(DescribeLifecycleHooksCommand).resolves({
    LifecycleHooks: [{ LifecycleHookName: 'content-gate', HeartbeatTimeout: 60, DefaultResult: 'ABANDON' }],
  });
  const origin = await site({ '/': { body: 'new' } });
  const replica = await site({ '/': { body: 'old' } });

  const { result, handle } = await runGate(gateInput(origin, replica));

  // Assess: no gap between the start, the heartbeats and the completion reaches the hook's 60 s.
  expect(result).toMatchObject({ outcome: 'gave-up', checks: 10 });
  const heartbeatCalls = autoScaling.commandCalls(RecordLifecycleActionHeartbeatCommand).length;
  expect(result.heartbeatsSent).toBe(heartbeatCalls);
  expect(heartbeatCalls).toBeGreaterThanOrEqual(4);
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const times = [tsToMs(events[0]!.eventTime)];
  for (const e of events) {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name === 'recordLifecycleActionHeartbeat' || name === 'completeLifecycleAction') times.push(tsToMs(e.eventTime));
  }
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  expect(Math.max(...gaps)).toBeLessThan(60_000);
});

test('a check that could outlast the next due heartbeat is preceded by one', async () => {
  // Three paths at 8 s each could take 24 s, more than half of a 30 s hook's timeout.
  const origin = await site({ '/': { body: 'a' }, '/b': { body: 'b' }, '/c': { body: 'c' } });
  const replica = await site({ '/': { body: 'a' }, '/b': { body: 'b' }, '/c': { body: 'c' } });
  const input = gateInput(origin, replica, { paths: ['/', '/b', '/c'], requestTimeoutMs: 8_000, hookHeartbeatTimeoutSeconds: 30 });

  const { result, handle } = await runGate(input);

  expect(result).toMatchObject({ outcome: 'synced', heartbeatsSent: 1 });
  const history = await handle.fetchHistory();
  const activityOrder = (history.events ?? []).map(activityName).filter((name): name is string => Boolean(name));
  // The first look finds the address but leaves the comparison until after the heartbeat.
  expect(activityOrder).toEqual(['local:firstLook', 'recordLifecycleActionHeartbeat', 'compareContent', 'completeLifecycleAction']);
  expect(autoScaling).not.toHaveReceivedCommand(DescribeLifecycleHooksCommand);
});

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** An activity task's type, or a local activity's (recorded as a marker) with a `local:` prefix. */
function activityName(event: HistoryEvent): string | undefined {
  const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
  if (scheduled) return scheduled;
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return undefined;
  const data = marker.details?.data?.payloads?.[0]?.data;
  return data ? `local:${(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type}` : 'local:?';
}

test('an instance terminated mid-wait ends the gate with an outcome, not a retry loop', async () => {
  ec2
    .on(DescribeInstancesCommand)
    .resolvesOnce(instanceAnswer('running'))
    .resolvesOnce(instanceAnswer('running'))
    .resolves(instanceAnswer('terminated'));
  autoScaling
    .on(CompleteLifecycleActionCommand)
    .rejects(awsError('ValidationError', 'No active Lifecycle Action found with instance ID i-0123456789abcdef0'));
  const origin = await site({ '/': { body: 'new' } });
  const replica = await site({ '/': { body: 'old' } });

  const { result } = await runGate(gateInput(origin, replica));

  expect(result).toMatchObject({ outcome: 'instance-terminated', completion: 'action-not-found', checks: 3 });
  expect(result.reason).toMatch(/terminated/);
  expect(replica.seen).toHaveLength(2);
  expect(autoScaling).toHaveReceivedCommandTimes(CompleteLifecycleActionCommand, 1);
});

test('a lifecycle action already completed is reported as such, without retrying', async () => {
  autoScaling
    .on(CompleteLifecycleActionCommand)
    .rejects(awsError('ValidationError', 'No active Lifecycle Action found with token 00000000'));
  const origin = await site({ '/': { body: 'same' } });
  const replica = await site({ '/': { body: 'same' } });

  const { result } = await runGate(gateInput(origin, replica));

  expect(result).toMatchObject({ outcome: 'action-gone', lifecycleActionResult: 'CONTINUE', completion: 'action-not-found' });
  expect(result.reason).toMatch(/already completed or expired/);
  expect(autoScaling).toHaveReceivedCommandTimes(CompleteLifecycleActionCommand, 1);
});

test('a lifecycle action that expires while the gate waits ends it at the next heartbeat', async () => {
  autoScaling
    .on(RecordLifecycleActionHeartbeatCommand)
    .rejects(awsError('ValidationError', 'No active Lifecycle Action found with instance ID i-0123456789abcdef0'));
  const origin = await site({ '/': { body: 'new' } });
  const replica = await site({ '/': { body: 'old' } });

  const { result } = await runGate(gateInput(origin, replica, { hookHeartbeatTimeoutSeconds: 60 }));

  // The first heartbeat falls due (30 s after the start) just before the second check.
  expect(result).toMatchObject({ outcome: 'action-gone', completion: 'not-sent', checks: 1 });
  expect(result.reason).toMatch(/while the gate waited/);
  expect(completions()).toEqual([]);
});

test('a throttled CompleteLifecycleAction succeeds on retry', async () => {
  throttleCompletionTwice();
  const origin = await site({ '/': { body: 'same' } });
  const replica = await site({ '/': { body: 'same' } });

  const { result } = await runGate(gateInput(origin, replica));

  expect(result).toMatchObject({ outcome: 'synced', completion: 'done', checks: 1 });
  expect(completions()).toEqual(['CONTINUE', 'CONTINUE', 'CONTINUE']);
});

test('going into the warm pool is not gated; leaving it for the group is', async () => {
  const origin = await site({ '/': { body: 'same' } });
  const replica = await site({ '/': { body: 'same' } });

  const { result: intoPool } = await runGate(
    gateInput(origin, replica, {}, { origin: 'EC2', destination: 'WarmPool' }),
  );
  const ec2CallsForPool = ec2.commandCalls(DescribeInstancesCommand).length;
  const { result: outOfPool } = await runGate(
    gateInput(origin, replica, {}, { origin: 'WarmPool', destination: 'AutoScalingGroup' }),
  );

  expect(intoPool).toMatchObject({ outcome: 'warm-pool-entry', lifecycleActionResult: 'CONTINUE', completion: 'done', checks: 0 });
  expect(ec2CallsForPool).toBe(0);
  expect(outOfPool).toMatchObject({ outcome: 'synced', checks: 1 });
  expect(replica.seen).toHaveLength(1);
  expect(completions()).toEqual(['CONTINUE', 'CONTINUE']);
});

test.each([
  [{ originBaseUrl: 'not a url' }, 'settings.originBaseUrl'],
  [{ paths: [] }, 'settings.paths'],
  [{ paths: ['news/'] }, 'settings.paths'],
  [{ hostHeader: '' }, 'settings.hostHeader'],
  [{ maxChecks: 0 }, 'settings.maxChecks'],
  [{ onGiveUp: 'RETRY' as never }, 'settings.onGiveUp'],
  [{ replicaPort: 70000 }, 'settings.replicaPort'],
])('invalid settings (%o) fail at once, naming %s, before any AWS call', async (bad, field) => {
  const origin = await site({ '/': { body: 'x' } });
  const replica = await site({ '/': { body: 'x' } });

  const err = await runGate(gateInput(origin, replica, bad)).catch((e: unknown) => e);

  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause).toMatchObject({ type: 'InvalidLaunchGateSettings', nonRetryable: true });
  expect(cause?.message).toContain(field);
  expect(autoScaling.calls()).toHaveLength(0);
  expect(ec2.calls()).toHaveLength(0);
  expect(replica.seen).toHaveLength(0);
});

// The first two were recorded before the lookups became local activities: gates started then
// must still replay (the launch-gate-local-lookups patch).
test.each([
  'launch-gate-synced-after-retries',
  'launch-gate-pushed-check',
  'launch-gate-synced-local-lookups',
  'launch-gate-pushed-check-local-lookups',
  'launch-gate-v2-synced-after-retries',
  'launch-gate-v2-pushed-check',
])(
  'the recorded history %s replays against the current workflow code',
  async (name) => {
    await replayRecordedHistory(name, await workflowBundle(gateWorkflowsPath));
  },
);
