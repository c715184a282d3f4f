import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingInstancesCommand,
  RecordLifecycleActionHeartbeatCommand,
} from '@aws-sdk/client-auto-scaling';
import { replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { autoScaling, awsError, gateInput, gateWorkflowsPath, instanceId, throttleCompletionTwice, useGateTestEnv, waitForProgress } from './gate-harness';
import { closedPort } from './http-fixtures';

const gates = useGateTestEnv();
const { site, runGate } = gates;

function completions(): string[] {
  return autoScaling.commandCalls(CompleteLifecycleActionCommand).map((c) => c.args[0].input.LifecycleActionResult ?? '');
}

/** ISO time `secondsAgo` before the test server's clock: an action that started before its gate. */
async function actionStartedSecondsAgo(secondsAgo: number): Promise<string> {
  return new Date((await gates.env.currentTimeMs()) - secondsAgo * 1000).toISOString();
}

function answerInstanceState(state: string): void {
  autoScaling.on(DescribeAutoScalingInstancesCommand).resolves({
    AutoScalingInstances: [
      { InstanceId: instanceId, AutoScalingGroupName: 'web-asg', LifecycleState: state, AvailabilityZone: 'us-east-1a', HealthStatus: 'HEALTHY', ProtectedFromScaleIn: false },
    ],
  });
}

describe('cancelled in any phase, the gate still decides', () => {
  test.each([
    ['waiting', 'ABANDON', ['ABANDON']],
    ['waiting', 'CONTINUE', ['CONTINUE']],
    ['waiting', 'HOOK_DEFAULT', []],
  ] as const)('cancelled while %s with onGiveUp %s: completes with %j', async (phase, onGiveUp, expected) => {
    // Prepare: a replica that never matches.
    // A check in flight when the cancel comes is tested on the dev server
    // (launch-gate-dev-server.test.ts): the time-skipping test server fails the workflow task when
    // that activity completes after its cancel was requested (ACTIVITY_UNKNOWN).
    const origin = await site({ '/': { body: 'new' } });
    const replica = await site({ '/': { body: 'old' } });

    // Act
    const { result } = await runGate(
      gateInput(origin, replica, { onGiveUp }),
      async (handle) => {
        await waitForProgress(handle, (p) => p.phase === phase);
        await handle.cancel();
      },
      onGiveUp === 'ABANDON' ? 'launch-gate-v2-cancelled-waiting' : undefined,
    );

    // Assess: the run returns a result, and the fleet's give-up result reached Auto Scaling.
    expect(result).toMatchObject({ outcome: 'cancelled', lifecycleActionResult: onGiveUp });
    expect(result.reason).toContain(`cancelled while ${phase}`);
    expect(completions()).toEqual(expected);
  });

  test('cancelled while completing: the decision already made is sent and reported', async () => {
    throttleCompletionTwice();
    const origin = await site({ '/': { body: 'same' } });
    const replica = await site({ '/': { body: 'same' } });

    const { result } = await runGate(gateInput(origin, replica), async (handle) => {
      await waitForProgress(handle, (p) => p.phase === 'completing');
      await handle.cancel();
    });

    expect(result).toMatchObject({ outcome: 'synced', lifecycleActionResult: 'CONTINUE', completion: 'done' });
    expect(completions()).toEqual(['CONTINUE', 'CONTINUE', 'CONTINUE']);
  });
});

describe('a completion whose reply was lost', () => {
  // The first attempt reaches Auto Scaling but its answer never comes back (the worker dies, the
  // connection drops); the retry then finds the action gone.
  function firstReplyLostThenGone(): void {
    autoScaling
      .on(CompleteLifecycleActionCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} }))
      .rejects(awsError('ValidationError', 'No active Lifecycle Action found with token 00000000'));
  }

  test.each(['InService', 'Pending:Proceed'])('is reported as applied when the instance went on (%s)', async (state) => {
    firstReplyLostThenGone();
    answerInstanceState(state);
    const origin = await site({ '/': { body: 'same' } });
    const replica = await site({ '/': { body: 'same' } });

    const { result } = await runGate(gateInput(origin, replica));

    expect(result).toMatchObject({ outcome: 'synced', lifecycleActionResult: 'CONTINUE', completion: 'applied-earlier' });
    expect(autoScaling).toHaveReceivedCommandWith(DescribeAutoScalingInstancesCommand, { InstanceIds: [instanceId] });
  });

  test('is action-gone when the instance went another way', async () => {
    firstReplyLostThenGone();
    answerInstanceState('Terminating:Wait');
    const origin = await site({ '/': { body: 'same' } });
    const replica = await site({ '/': { body: 'same' } });

    const { result } = await runGate(gateInput(origin, replica));

    expect(result).toMatchObject({ outcome: 'action-gone', completion: 'action-not-found' });
  });

  test('an ABANDON is applied when the group no longer lists the instance', async () => {
    firstReplyLostThenGone();
    autoScaling.on(DescribeAutoScalingInstancesCommand).resolves({ AutoScalingInstances: [] });
    const origin = await site({ '/': { body: 'new' } });
    const replica = await site({ '/': { body: 'old' } });

    const { result } = await runGate(gateInput(origin, replica, { maxChecks: 1 }));

    expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', completion: 'applied-earlier' });
  });
});

describe("heartbeats on the action's clock", () => {
  test('a gate started after half the heartbeat timeout had passed heartbeats before its first check', async () => {
    const origin = await site({ '/': { body: 'same' } });
    const replica = await site({ '/': { body: 'same' } });
    const late = gateInput(origin, replica, { hookHeartbeatTimeoutSeconds: 60 }, { actionStartedAt: await actionStartedSecondsAgo(40) });
    const onTime = gateInput(origin, replica, { hookHeartbeatTimeoutSeconds: 60 });

    const { result: lateResult } = await runGate(late);
    const lateHeartbeats = autoScaling.commandCalls(RecordLifecycleActionHeartbeatCommand).length;
    const { result: onTimeResult } = await runGate(onTime);

    expect(lateResult).toMatchObject({ outcome: 'synced', heartbeatsSent: 1 });
    expect(lateHeartbeats).toBe(1);
    expect(onTimeResult).toMatchObject({ outcome: 'synced', heartbeatsSent: 0 });
  });

  test("the hook's global timeout ends the wait before Auto Scaling would, and the result says so", async () => {
    // 60 s heartbeat timeout: Auto Scaling holds the action 6,000 s at most; 5,800 s have passed.
    const origin = await site({ '/': { body: 'new' } });
    const replica = await site({ '/': { body: 'old' } });
    const input = gateInput(origin, replica, { hookHeartbeatTimeoutSeconds: 60, maxChecks: 100 }, {
      actionStartedAt: await actionStartedSecondsAgo(5_800),
    });

    const { result, handle } = await runGate(input);

    expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', completion: 'done', cutShortByGlobalTimeout: true });
    expect(result.reason).toMatch(/global timeout/);
    const d = await handle.describe();
    const deadline = Date.parse(input.actionStartedAt!) + 6_000_000;
    expect(d.closeTime!.getTime()).toBeLessThan(deadline);
    expect(result.checks).toBeGreaterThanOrEqual(4);
  });
});

describe('an origin outage', () => {
  test('checks whose origin fails do not count toward giving up, and show in the result', async () => {
    // The origin answers 503 to its first five requests, then serves what the replica serves.
    const origin = await site({ '/': (n: number) => (n <= 5 ? { status: 503, body: 'down' } : { body: 'same' }) });
    const replica = await site({ '/': { body: 'same' } });

    const { result } = await runGate(gateInput(origin, replica, { maxChecks: 2 }), undefined, 'launch-gate-v2-origin-outage');

    expect(result).toMatchObject({ outcome: 'synced', lifecycleActionResult: 'CONTINUE', checks: 6, originUnavailableChecks: 5, scheduledChecks: 1 });
    expect(completions()).toEqual(['CONTINUE']);
  });

  test('an unreachable origin is never in sync, and only the global timeout ends the wait', async () => {
    const replica = await site({ '/': { body: '' } });
    const input = gateInput(replica, replica, { maxChecks: 3, originBaseUrl: `http://127.0.0.1:${await closedPort()}`, hookHeartbeatTimeoutSeconds: 60 }, {
      actionStartedAt: await actionStartedSecondsAgo(5_800),
    });

    const { result } = await runGate(input, async (h) => {
      const p = await waitForProgress(h, (x) => x.originUnavailableChecks >= 1);
      expect(p.lastCheck).toMatchObject({ originUnavailable: true });
    });

    expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', scheduledChecks: 0, cutShortByGlobalTimeout: true });
    expect(result.checks).toBeGreaterThan(3);
    expect(result.lastCheck?.paths[0]?.detail).toMatch(/origin unreachable/);
  });
});

test.each(['launch-gate-cancelled-waiting', 'launch-gate-origin-outage', 'launch-gate-v2-cancelled-waiting', 'launch-gate-v2-origin-outage'])(
  'recorded history %s replays against the current workflow code',
  async (name) => {
    await replayRecordedHistory(name, await workflowBundle(gateWorkflowsPath));
  },
);
