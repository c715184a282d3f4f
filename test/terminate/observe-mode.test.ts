import { CompleteLifecycleActionCommand, RecordLifecycleActionHeartbeatCommand } from '@aws-sdk/client-auto-scaling';
import { WorkflowFailedError } from '@temporalio/client';
import { CreateImageCommand } from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendCommandCommand } from '@aws-sdk/client-ssm';
import { OBSERVE_MEMO_KEY, type ObserveMemo } from '../../common/observe';
import { WARM_POOL_DRAIN_COMMANDS, type TerminateResult, type TerminateSettings } from '../../common/terminate';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { useTerminateHarness, workflowsPath } from './harness';

// Observe mode (issue 18): the terminate run reads and decides as it would, and records each
// write (heartbeat, image, command, monitoring change, notification, completion) instead of sending it.
const h = useTerminateHarness();

const topic = 'arn:aws:sns:us-east-1:123456789012:fleet-ops';

/** Every write the terminate workflow can make, as the fakes saw them sent. */
function writesSent(): Record<string, number> {
  return {
    RecordLifecycleActionHeartbeat: h.aws.autoScaling.commandCalls(RecordLifecycleActionHeartbeatCommand).length,
    CompleteLifecycleAction: h.aws.autoScaling.commandCalls(CompleteLifecycleActionCommand).length,
    CreateImage: h.aws.ec2.commandCalls(CreateImageCommand).length,
    SendCommand: h.aws.ssm.commandCalls(SendCommandCommand).length,
    Publish: h.aws.sns.commandCalls(PublishCommand).length,
    zabbix: h.zabbix.calls.length,
  };
}

const noWrites = { RecordLifecycleActionHeartbeat: 0, CompleteLifecycleAction: 0, CreateImage: 0, SendCommand: 0, Publish: 0, zabbix: 0 };

/** A person lowering desired capacity: a scale-in the default policy counts as unexpected. */
function userScaleIn(autoScalingGroupName: string, instanceId: string) {
  return [
    {
      ActivityId: 'act-9',
      AutoScalingGroupName: autoScalingGroupName,
      Description: `Terminating EC2 instance: ${instanceId}`,
      Cause: 'At 2026-11-27T10:00:00Z a user request update of AutoScalingGroup constraints to min: 1, max: 4, desired: 2 changing the desired capacity from 3 to 2.',
      StartTime: new Date(),
      StatusCode: 'InProgress' as const,
    },
  ];
}

/** An instance of the fleet's current group, scaled in by hand. */
async function unexpectedScaleIn(fleet: string, settings: Partial<TerminateSettings>) {
  const asg = `${fleet}-asg-1`;
  await h.observeLaunch(fleet, { autoScalingGroupName: asg, instanceId: 'i-0aaa000000000101' });
  await h.fleetState(fleet, (v) => v.currentAutoScalingGroupName === asg);
  const input = h.input(asg, fleet, { notifications: { snsTopicArn: topic }, ...settings });
  h.aws.scalingActivities.set(asg, userScaleIn(asg, input.action.instanceId));
  return input;
}

const calls = (result: TerminateResult) => result.observed?.map((w) => w.call);

test('observe, an unexpected scale-in: decided unexpected, every write recorded in order, none sent', async () => {
  // Prepare
  const input = await unexpectedScaleIn('shop', { mode: 'observe' });
  const id = input.action.instanceId;

  // Act
  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  await recordHistoryIfAsked(handle, 'terminate-observe-unexpected');

  // Assess: the decision, as act mode would make it
  expect(result).toMatchObject({ mode: 'observe', outcome: 'observed', decision: { kind: 'unexpected', reason: 'asg-current' } });
  expect(result.decision?.evidence.scalingActivity?.cause).toBe('user-request');
  expect(result.decision?.explanation).toMatch(/still the fleet's current ASG.*user-request/);

  // Assess: what it would have done
  expect(calls(result)).toEqual(['RecordLifecycleActionHeartbeat', 'CreateImage', 'Notify', 'SendCommand', 'DeleteMonitoringHost', 'CompleteLifecycleAction']);
  const byCall = Object.fromEntries(result.observed!.map((w) => [w.call, w]));
  expect(byCall.CreateImage).toMatchObject({ target: id, detail: expect.stringMatching(/NoReboot=true: unexpected\/asg-current, user-request$/) });
  expect(byCall.Notify).toMatchObject({ target: id, detail: `Forensics started: ${id} (SNS)` });
  expect(byCall.SendCommand).toMatchObject({ target: id, detail: expect.stringContaining('systemctl stop zabbix-agent') });
  expect(byCall.DeleteMonitoringHost).toMatchObject({ target: h.aws.privateDnsName });
  expect(byCall.CompleteLifecycleAction).toMatchObject({ target: id, detail: 'CONTINUE' });
  expect(result.forensics).toMatchObject({ status: 'skipped', skippedBecause: expect.stringMatching(/^observe mode/) });
  expect(result.drain.status).toBe('skipped');
  expect(result.summary).toMatch(/^Observe mode: nothing was sent to AWS; 6 write\(s\) recorded instead\./);

  // Assess: what the account saw
  expect(writesSent()).toEqual(noWrites);
  expect(h.aws.actions.get(id)).toBe('pending');
  expect(h.aws.heartbeats).toBe(0);
  expect(h.aws.images.size).toBe(0);
  expect(h.aws.commands).toHaveLength(0);
  expect(h.aws.published).toHaveLength(0);
  expect(h.zabbix.byName(h.aws.privateDnsName)).toBeDefined();
  expect(result.heartbeats).toEqual({ sent: 0, failed: 0, actionGone: false });

  // Assess: the memo a report reads while runs are open
  const memo = (await handle.describe()).memo as Record<string, unknown>;
  expect(memo[OBSERVE_MEMO_KEY] as ObserveMemo).toEqual({ mode: 'observe', wouldHave: result.observed });
});

test('observe, a planned release: no image recorded, the drain and the completion are', async () => {
  await h.observeLaunch('blog', { autoScalingGroupName: 'blog-asg-1', instanceId: 'i-0aaa000000000102' });
  await h.observeLaunch('blog', { autoScalingGroupName: 'blog-asg-2', instanceId: 'i-0aaa000000000103' });
  await h.fleetState('blog', (v) => v.currentAutoScalingGroupName === 'blog-asg-2');
  const input = h.input('blog-asg-1', 'blog', { mode: 'observe', notifications: { snsTopicArn: topic } });

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result.decision).toMatchObject({ kind: 'planned', reason: 'asg-replaced' });
  expect(calls(result)).toEqual(['RecordLifecycleActionHeartbeat', 'SendCommand', 'DeleteMonitoringHost', 'CompleteLifecycleAction']);
  expect(result.observed!.at(-1)!.detail).toBe('CONTINUE');
  expect(result.forensics.skippedBecause).toBe('planned termination (asg-replaced)');
  expect(writesSent()).toEqual(noWrites);
  expect(h.aws.actions.get(input.action.instanceId)).toBe('pending');
});

test.each([['absent', undefined], ['act', 'act' as const]])('mode %s: the same scale-in is acted on, and the result has no observed writes', async (_name, mode) => {
  const input = await unexpectedScaleIn(`shop-${mode ?? 'default'}`, mode ? { mode } : {});

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result).toMatchObject({ outcome: 'completed', decision: { kind: 'unexpected', reason: 'asg-current' } });
  expect(result).not.toHaveProperty('observed');
  expect(result).not.toHaveProperty('mode');
  expect(result.summary).not.toMatch(/Observe mode/);
  expect(writesSent()).toMatchObject({ CreateImage: 1, SendCommand: 1, CompleteLifecycleAction: 1, Publish: 2 });
  expect(h.aws.actions.get(input.action.instanceId)).toBe('gone');
});

test('observe, back into the warm pool: the log flush and the completion recorded, no monitoring change', async () => {
  const input = { ...h.input('pool-asg', 'pool-no-fleet', { mode: 'observe' }), origin: 'AutoScalingGroup' as const, destination: 'WarmPool' as const };

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result).toMatchObject({ outcome: 'observed', returningToWarmPool: true });
  expect(calls(result)).toEqual(['RecordLifecycleActionHeartbeat', 'SendCommand', 'CompleteLifecycleAction']);
  expect(result.observed![1]!.detail).toContain(WARM_POOL_DRAIN_COMMANDS[0]);
  expect(writesSent()).toEqual(noWrites);
});

test('observe, the action already released by the system that acts: still decided and recorded', async () => {
  const input = h.input('late-asg', 'late-no-fleet', { mode: 'observe' });
  h.aws.actions.set(input.action.instanceId, 'gone');
  h.aws.instanceStates.set(input.action.instanceId, { group: 'late-asg', state: 'Terminating:Proceed' });

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result.decision).toMatchObject({ kind: 'unexpected', reason: 'no-fleet-record' });
  expect(calls(result)).toContain('CompleteLifecycleAction');
  expect(result.summary).toMatch(/is Terminating:Proceed in late-asg: released by another system/);
  expect(writesSent()).toEqual(noWrites);
});

test('observe, an instance in service (a forged or stale message): nothing decided, nothing recorded', async () => {
  const input = h.input('svc-asg', 'svc-no-fleet', { mode: 'observe' });
  h.aws.instanceStates.set(input.action.instanceId, { group: 'svc-asg', state: 'InService' });

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result).toMatchObject({ outcome: 'action-unproven', mode: 'observe', observed: [] });
  expect(result.decision).toBeUndefined();
  expect(result.forensics.skippedBecause).toMatch(/InService in svc-asg, not Terminating:Wait/);
  expect(writesSent()).toEqual(noWrites);
});

test.each([
  ['observe with an invalid setting', { mode: 'observe' as const, hookHeartbeatIntervalSeconds: 1 }],
  ['a misspelt mode', { mode: 'obsrve' as unknown as 'observe' }],
])('%s: the run fails without releasing the instance, and records the release it would have sent', async (_name, settings) => {
  const input = h.input('bad-asg', 'bad-no-fleet', settings);

  const handle = await h.startTerminate(input);
  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);

  expect(writesSent()).toEqual(noWrites);
  expect(h.aws.actions.get(input.action.instanceId)).toBe('pending');
  const memo = (await handle.describe()).memo as Record<string, unknown>;
  expect((memo[OBSERVE_MEMO_KEY] as ObserveMemo).wouldHave).toEqual([
    expect.objectContaining({ call: 'CompleteLifecycleAction', target: input.action.instanceId, detail: 'CONTINUE' }),
  ]);
});

test('recorded history terminate-observe-unexpected replays against the current workflow code', async () => {
  await replayRecordedHistory('terminate-observe-unexpected', await workflowBundle(workflowsPath));
});
