import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { TERMINATE_QUERIES, WARM_POOL_DRAIN_COMMANDS, type TerminateProgress, type TerminateResult } from '../../common/terminate';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { useTerminateHarness, workflowsPath } from './harness';

const h = useTerminateHarness();

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/** Polls the progress query in real time (timers do not skip meanwhile) until it matches. */
async function waitForPhase(handle: WorkflowHandle, until: (p: TerminateProgress) => boolean): Promise<TerminateProgress> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const progress = await handle.query<TerminateProgress>(TERMINATE_QUERIES.progress);
    if (until(progress)) return progress;
    if (Date.now() > deadline) throw new Error(`progress never matched: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function scalingActivity(instanceId: string, cause: string) {
  return [{ ActivityId: 'act-1', AutoScalingGroupName: 'shop-asg-1', Description: `Terminating EC2 instance: ${instanceId}`, Cause: cause, StartTime: new Date(), StatusCode: 'InProgress' as const }];
}

describe('cancelled, the run still completes the action', () => {
  test('during the wait for the forensic image: CONTINUE sent, the run returns what it had done', async () => {
    h.aws.imagePendingPolls = 1_000;
    const input = h.input('web-asg', 'no-fleet');

    const handle = await h.startTerminate(input);
    await waitForPhase(handle, (p) => p.forensics?.status === 'waiting');
    await handle.cancel();
    const result = (await handle.result()) as TerminateResult;

    expect(result).toMatchObject({ outcome: 'completed' });
    expect(result.cancelledDuring).toBeDefined();
    expect(result.forensics.imageId).toMatch(/^ami-/);
    expect(result.summary).toMatch(/^Cancelled while/);
    expect(h.aws.completions).toEqual([{ instanceId: input.action.instanceId, result: 'CONTINUE', token: input.action.lifecycleActionToken }]);
  });

  test('during the drain command: CONTINUE sent, the command reported as it stood', async () => {
    h.aws.ssmScript = { statuses: ['InProgress'] };
    const input = h.input('web-asg', 'no-fleet', { forensics: { enabled: false } });

    const handle = await h.startTerminate(input);
    await waitForPhase(handle, (p) => p.phase === 'draining' && p.drain?.command?.status === 'running');
    await handle.cancel();
    const result = (await handle.result()) as TerminateResult;

    expect(result).toMatchObject({ outcome: 'completed', cancelledDuring: 'draining' });
    expect(h.aws.completions).toHaveLength(1);
    expect(h.aws.completions[0]).toMatchObject({ result: 'CONTINUE' });
  });
  // A phase whose activity is in flight when the cancel comes (deciding) is tested on the dev
  // server (cancel-in-flight.test.ts): the time-skipping test server fails the workflow task when
  // that activity completes after its cancel was requested (ACTIVITY_UNKNOWN).
});

describe('the action must be proven before anything is touched', () => {
  test('a forged token: the heartbeat is refused and the instance is in service, so nothing is drained', async () => {
    h.aws.heartbeatError = awsError('ValidationError', "1 validation error detected: Value 'forged' at 'lifecycleActionToken' failed to satisfy constraint");
    const input = h.input('web-asg', 'no-fleet');
    h.aws.instanceStates.set(input.action.instanceId, { group: 'web-asg', state: 'InService' });

    const handle = await h.startTerminate(input);
    const result = (await handle.result()) as TerminateResult;
    await recordHistoryIfAsked(handle, 'terminate-action-unproven');

    expect(result.outcome).toBe('action-unproven');
    expect(result.forensics.skippedBecause).toMatch(/InService in web-asg, not Terminating:Wait/);
    expect(h.aws.createImageCalls).toBe(0);
    expect(h.aws.commands).toHaveLength(0);
    expect(h.zabbix.calls).toHaveLength(0);
    expect(h.aws.completions).toHaveLength(0);
  });

  test('heartbeats failing for another reason: an instance in Terminating:Wait is still drained and released', async () => {
    h.aws.heartbeatError = awsError('ServiceUnavailable', 'Service is unavailable');
    const input = h.input('web-asg', 'no-fleet', { forensics: { enabled: false } });

    const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

    expect(result.outcome).toBe('completed');
    expect(result.drain.status).toBe('done');
    expect(h.aws.completions).toHaveLength(1);
  });
});

test('a completion whose reply was lost is reported as completed, not action-gone', async () => {
  h.aws.completeLosesAnswer = 1;
  const input = h.input('web-asg', 'no-fleet', { forensics: { enabled: false } });

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result.outcome).toBe('completed');
  expect(h.aws.completions).toHaveLength(1);
});

describe("Auto Scaling's cause, by the fleet's policy", () => {
  test.each([
    ['an instance refresh', 'planned', 'At 2026-11-27T10:00:00Z an instance was taken out of service in response to an instance refresh.', {}],
    ['a scheduled action', 'planned', 'At 2026-11-27T10:00:00Z a scheduled action update of AutoScalingGroup constraints to min: 1, max: 4, desired: 2 changing the desired capacity from 3 to 2.', {}],
    ['a health replacement', 'unexpected', 'At 2026-11-27T10:00:00Z an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.', {}],
    ['a user request', 'unexpected', 'At 2026-11-27T10:00:00Z a user request update of AutoScalingGroup constraints to min: 1, max: 4, desired: 2 changing the desired capacity from 3 to 2.', {}],
    ['an instance refresh the fleet counts as unexpected', 'unexpected', 'At 2026-11-27T10:00:00Z an instance was taken out of service in response to an instance refresh.', { 'instance-refresh': 'unexpected' as const }],
  ])('%s in the current group is %s', async (_name, kind, cause, causes) => {
    await h.observeLaunch('shop', { autoScalingGroupName: 'shop-asg-1', instanceId: 'i-0aaa000000000001' });
    await h.fleetState('shop', (v) => v.currentAutoScalingGroupName === 'shop-asg-1');
    const input = h.input('shop-asg-1', 'shop', { causes });
    h.aws.scalingActivities.set('shop-asg-1', scalingActivity(input.action.instanceId, cause));

    const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

    expect(result.decision?.kind).toBe(kind);
    expect(h.aws.createImageCalls).toBe(kind === 'planned' ? 0 : 1);
    if (kind === 'planned') expect(result.decision?.reason).toBe('planned-cause');
    expect(result.outcome).toBe('completed');
  });
});

test('going back into the warm pool: no image, logs flushed, agents and monitoring kept, CONTINUE', async () => {
  const input = { ...h.input('web-asg', 'no-fleet'), origin: 'AutoScalingGroup' as const, destination: 'WarmPool' as const };

  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  await recordHistoryIfAsked(handle, 'terminate-warm-pool-return');

  expect(result).toMatchObject({ outcome: 'completed', returningToWarmPool: true });
  expect(result.decision).toBeUndefined();
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.commands).toHaveLength(1);
  expect(h.aws.commands[0]?.Parameters?.commands).toEqual(WARM_POOL_DRAIN_COMMANDS);
  expect(result.drain.monitoring.status).toBe('skipped');
  expect(h.zabbix.calls).toHaveLength(0);
  expect(h.aws.completions[0]).toMatchObject({ result: 'CONTINUE' });
});

test("an image slower than the hook's global timeout: the wait ends before it, the drain ran long before", async () => {
  // A 60 s heartbeat timeout: Auto Scaling holds the action 6,000 s at most, less than the 240 min image timeout.
  h.aws.hookHeartbeatTimeout = 60;
  h.aws.imagePendingPolls = 10_000;
  const input = {
    ...h.input('web-asg', 'no-fleet', { hookHeartbeatIntervalSeconds: 30, forensics: { imagePollIntervalSeconds: 600 } }),
    // The action started 5,000 s before its run: 1,000 s remain.
    actionStartedAt: new Date((await h.env.currentTimeMs()) - 5_000_000).toISOString(),
  };

  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  await recordHistoryIfAsked(handle, 'terminate-drain-beside-image-wait');

  expect(result).toMatchObject({ outcome: 'completed', cutShortByGlobalTimeout: true });
  expect(result.forensics).toMatchObject({ status: 'timed-out', cutShortByGlobalTimeout: true });
  expect(result.drain.command.status).toBe('success');
  const d = await handle.describe();
  expect(d.closeTime!.getTime()).toBeLessThan(Date.parse(input.actionStartedAt) + 6_000_000);
});

test("the run's timeline names each AWS write, so the Web UI reads without opening inputs", async () => {
  const input = h.input('web-asg', 'no-fleet');

  const handle = await h.startTerminate(input);
  await handle.result();
  const history = await handle.fetchHistory();
  const summaries = (history.events ?? [])
    .map((event) => event.userMetadata?.summary)
    .filter((payload): payload is NonNullable<typeof payload> => Boolean(payload))
    .map((payload) => defaultPayloadConverter.fromPayload<string>(payload));

  const id = input.action.instanceId;
  expect(summaries).toEqual(
    expect.arrayContaining([`CreateImage ${id} NoReboot=true`, `SendCommand AWS-RunShellScript ${id}: 2 drain command(s)`, `CompleteLifecycleAction ${id} CONTINUE`]),
  );
});

// Recorded with the proof, warm-pool and drain-beside-image patches in place.
test.each(['terminate-action-unproven', 'terminate-warm-pool-return', 'terminate-drain-beside-image-wait'])(
  'recorded history %s replays against the current workflow code',
  async (name) => {
    await replayRecordedHistory(name, await workflowBundle(workflowsPath));
  },
);
