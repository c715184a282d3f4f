import { CompleteLifecycleActionCommand, RecordLifecycleActionHeartbeatCommand } from '@aws-sdk/client-auto-scaling';
import { OBSERVE_MEMO_KEY, type ObserveMemo } from '../../common/observe';
import { replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { autoScaling, gateInput, gateWorkflowsPath, useGateTestEnv } from './gate-harness';

// Observe mode (issue 18): the gate checks the real replica and decides as it would, but sends
// neither heartbeat nor completion; it records them instead, in its result and its memo.
const { site, runGate } = useGateTestEnv();

test('observe: a gate whose replica is in sync decides CONTINUE, records the completion it would send and sends nothing', async () => {
  // Prepare
  const origin = await site({ '/': { body: 'release 7' } });
  const replica = await site({ '/': { body: 'release 7' } });

  // Act
  const { result, handle } = await runGate(gateInput(origin, replica, { mode: 'observe' }), undefined, 'launch-gate-v2-observe-synced');

  // Assess: the same decision as act mode, on the same evidence, and no write reached Auto Scaling.
  expect(result).toMatchObject({ outcome: 'synced', lifecycleActionResult: 'CONTINUE', completion: 'not-sent', checks: 1, mode: 'observe' });
  expect(replica.seen).toHaveLength(1);
  expect(result.observed).toEqual([
    { at: expect.any(String), call: 'CompleteLifecycleAction', target: result.instanceId, detail: 'CONTINUE' },
  ]);
  expect(autoScaling.commandCalls(CompleteLifecycleActionCommand)).toHaveLength(0);
  const memo = (await handle.describe()).memo as Record<string, unknown>;
  expect(memo.mode).toBe('observe');
  expect((memo[OBSERVE_MEMO_KEY] as ObserveMemo).wouldHave).toEqual(result.observed);
});

test('observe: a gate that waits records each heartbeat it would send and its give-up, and sends none', async () => {
  // Prepare: never in sync; checks 20 minutes apart under a 1,200 s heartbeat timeout (a heartbeat every 600 s).
  const origin = await site({ '/': { body: 'release 2' } });
  const replica = await site({ '/': { body: 'release 1' } });
  const input = gateInput(origin, replica, { mode: 'observe', checkIntervalSeconds: 1200, maxChecks: 3, hookHeartbeatTimeoutSeconds: 1200 });

  // Act
  const { result } = await runGate(input);

  // Assess
  expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', completion: 'not-sent', heartbeatsSent: 0, scheduledChecks: 3 });
  const calls = result.observed!.map((w) => w.call);
  expect(calls.filter((c) => c === 'RecordLifecycleActionHeartbeat').length).toBeGreaterThanOrEqual(3);
  expect(calls.at(-1)).toBe('CompleteLifecycleAction');
  expect(result.observed!.at(-1)!.detail).toBe('ABANDON');
  // Recorded in workflow time, in order.
  const times = result.observed!.map((w) => Date.parse(w.at));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  expect(autoScaling.commandCalls(RecordLifecycleActionHeartbeatCommand)).toHaveLength(0);
  expect(autoScaling.commandCalls(CompleteLifecycleActionCommand)).toHaveLength(0);
});

test('act, the default, sends the completion and reports no observed writes', async () => {
  const origin = await site({ '/': { body: 'release 7' } });
  const replica = await site({ '/': { body: 'release 7' } });

  const { result } = await runGate(gateInput(origin, replica));

  expect(result).toMatchObject({ outcome: 'synced', completion: 'done' });
  expect(result).not.toHaveProperty('observed');
  expect(result).not.toHaveProperty('mode');
  expect(autoScaling.commandCalls(CompleteLifecycleActionCommand)).toHaveLength(1);
});

test('recorded history launch-gate-observe-synced replays against the current workflow code', async () => {
  await replayRecordedHistory('launch-gate-observe-synced', await workflowBundle(gateWorkflowsPath));
  await replayRecordedHistory('launch-gate-v2-observe-synced', await workflowBundle(gateWorkflowsPath));
});
