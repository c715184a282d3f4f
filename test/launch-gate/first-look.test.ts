import { DescribeLifecycleHooksCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { WorkflowHandle } from '@temporalio/client';
import { replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { autoScaling, awsError, ec2, gateInput, gateWorkflowsPath, useGateTestEnv } from './gate-harness';

const { site, runGate } = useGateTestEnv();

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

async function historyOf(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

/** Activity tasks by type, and local activities (markers) as `local:<type>`, in history order. */
function activityOrder(events: HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) return [scheduled];
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    return [`local:${data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type : '?'}`];
  });
}

/** The event types of a history, by their protobuf enum names without the common prefix. */
function eventTypes(events: HistoryEvent[]): string[] {
  return events.map((event) => {
    const type = Object.keys(event).find((key) => key.endsWith('EventAttributes') && (event as Record<string, unknown>)[key]);
    return type ? type.replace(/EventAttributes$/, '') : '?';
  });
}

/** The memo the bridge starts a gate with (starters/routing/route.ts). */
function bridgeMemo(input: ReturnType<typeof gateInput>): Record<string, string> {
  const { autoScalingGroupName, instanceId, lifecycleHookName } = input.action;
  return { fleet: 'web', autoScalingGroupName, instanceId, lifecycleHookName };
}

test('started as the bridge starts it, a replica in sync at once passes in 12 history events: one local activity, no upsert, no patch marker', async () => {
  // Prepare
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': { body: 'release 42' } });
  const input = gateInput(origin, replica);

  // Act
  const { result, handle } = await runGate(input, undefined, 'launch-gate-v2-first-look', bridgeMemo(input));

  // Assess
  expect(result).toMatchObject({ outcome: 'synced', lifecycleActionResult: 'CONTINUE', completion: 'done', checks: 1 });
  const events = await historyOf(handle);
  expect(activityOrder(events)).toEqual(['local:firstLook', 'completeLifecycleAction']);
  expect(eventTypes(events)).toEqual([
    'workflowExecutionStarted',
    'workflowTaskScheduled',
    'workflowTaskStarted',
    'workflowTaskCompleted',
    'markerRecorded',
    'activityTaskScheduled',
    'activityTaskStarted',
    'activityTaskCompleted',
    'workflowTaskScheduled',
    'workflowTaskStarted',
    'workflowTaskCompleted',
    'workflowExecutionCompleted',
  ]);
  expect(replica.seen).toHaveLength(1);
});

test('started without the memo (a hand-made start), the gate upserts it', async () => {
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': { body: 'release 42' } });
  const input = gateInput(origin, replica);

  const { result, handle } = await runGate(input);

  expect(result).toMatchObject({ outcome: 'synced' });
  expect(eventTypes(await historyOf(handle))).toContain('workflowPropertiesModified');
  const memo = (await handle.describe()).memo;
  expect(memo).toMatchObject({ instanceId: input.action.instanceId, lifecycleHookName: 'content-gate' });
});

test('a replica that catches up later is checked by activity tasks after the first look', async () => {
  // Prepare: the replica serves stale content to its first two requests.
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': (n) => ({ body: n <= 2 ? 'release 41' : 'release 42' }) });
  const input = gateInput(origin, replica);

  // Act
  const { result, handle } = await runGate(input, undefined, 'launch-gate-v2-first-look-then-activities', bridgeMemo(input));

  // Assess
  expect(result).toMatchObject({ outcome: 'synced', checks: 3, scheduledChecks: 3 });
  expect(activityOrder(await historyOf(handle))).toEqual([
    'local:firstLook',
    'local:describeInstanceAddress',
    'compareContent',
    'local:describeInstanceAddress',
    'compareContent',
    'completeLifecycleAction',
  ]);
});

test('a hook AWS will not describe (access denied) leaves the AWS defaults, and the first look still checks', async () => {
  autoScaling.on(DescribeLifecycleHooksCommand).rejects(awsError('AccessDenied', 'not allowed'));
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': { body: 'release 42' } });

  const { result, handle } = await runGate(gateInput(origin, replica));

  expect(result).toMatchObject({ outcome: 'synced', checks: 1 });
  expect(activityOrder(await historyOf(handle))).toEqual(['local:firstLook', 'completeLifecycleAction']);
  expect(autoScaling.commandCalls(DescribeLifecycleHooksCommand)).toHaveLength(1);
});

test('a first look that fails after its retries falls back to one lookup at a time, and the check counts as not run', async () => {
  // Prepare: EC2 refuses every DescribeInstances, so no check can find the replica.
  ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation', 'not allowed'));
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': { body: 'release 42' } });

  // Act
  const { result, handle } = await runGate(gateInput(origin, replica, { maxChecks: 1 }));

  // Assess: the hook was looked up again on its own, then the first check ran its own address lookup.
  expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', checks: 1 });
  expect(result.lastCheck?.error).toMatch(/UnauthorizedOperation|not allowed/);
  expect(activityOrder(await historyOf(handle))).toEqual([
    'local:firstLook',
    'local:describeLifecycleHook',
    'local:describeInstanceAddress',
    'completeLifecycleAction',
  ]);
  expect(replica.seen).toHaveLength(0);
});

// launch-gate-v2-* run launchGateWorkflowV2; launch-gate-first-check-local* the first type
// with its last patch, as gates in flight at the upgrade still do.
test.each([
  'launch-gate-v2-first-look',
  'launch-gate-v2-first-look-then-activities',
  'launch-gate-first-check-local',
  'launch-gate-first-check-local-then-activities',
])('the recorded history %s replays against the current workflow code', async (name) => {
  await replayRecordedHistory(name, await workflowBundle(gateWorkflowsPath));
});
