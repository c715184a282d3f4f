import {
  CompleteLifecycleActionCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  RecordLifecycleActionHeartbeatCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import { ManualClock } from './clock';
import type { EventBridgeEvent, LifecycleActionDetail } from './events/eventbridge';
import { simulatorClients } from './sdk-clients';
import { startSimulator, type Simulator } from './simulator';

// Lifecycle state machine, driven through the real SDK, with time stepped by hand.
const SECOND = 1000;
let sim: Simulator;
let clock: ManualClock;
let events: EventBridgeEvent[];
let clients: ReturnType<typeof simulatorClients>;

beforeEach(async () => {
  clock = new ManualClock();
  events = [];
  sim = await startSimulator({
    clock,
    timings: { instanceBootMs: 10 * SECOND, instanceShutdownMs: 5 * SECOND, contentSyncMs: 20 * SECOND },
    events: { sink: (event) => void events.push(event) },
    fleet: {
      launchTemplates: [{ name: 'web-lt' }],
      autoScalingGroups: [
        {
          name: 'web-asg',
          launchTemplateName: 'web-lt',
          maxSize: 5,
          desiredCapacity: 0,
          hooks: [
            { name: 'launch-gate', transition: 'launching', heartbeatTimeoutSeconds: 300, defaultResult: 'ABANDON' },
            { name: 'terminate-drain', transition: 'terminating', heartbeatTimeoutSeconds: 120, defaultResult: 'CONTINUE' },
          ],
        },
      ],
    },
  });
  clients = simulatorClients(sim.url, { maxAttempts: 1 });
});

afterEach(async () => {
  await sim.stop();
});

function lifecycleEvents(kind: 'launch' | 'terminate'): Array<EventBridgeEvent<LifecycleActionDetail>> {
  return events.filter((e) => e['detail-type'] === `EC2 Instance-${kind} Lifecycle Action`) as Array<EventBridgeEvent<LifecycleActionDetail>>;
}

async function groupInstances() {
  const out = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }));
  return out.AutoScalingGroups?.[0]?.Instances ?? [];
}

async function scaleTo(desired: number) {
  await clients.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web-asg', DesiredCapacity: desired }));
  await sim.settled();
}

test('a launch waits in Pending:Wait with a token and an EventBridge event, and CONTINUE puts it in service', async () => {
  await scaleTo(1);
  const [launch] = lifecycleEvents('launch');
  expect(launch).toMatchObject({
    source: 'aws.autoscaling',
    'detail-type': 'EC2 Instance-launch Lifecycle Action',
    region: 'us-east-1',
    detail: { AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', Origin: 'EC2', Destination: 'AutoScalingGroup' },
  });
  expect(launch!.detail.LifecycleActionToken).toMatch(/^[0-9a-f-]{36}$/);
  expect(await groupInstances()).toEqual([expect.objectContaining({ InstanceId: launch!.detail.EC2InstanceId, LifecycleState: 'Pending:Wait' })]);

  await sim.advance(10 * SECOND);
  await clients.autoScaling.send(
    new CompleteLifecycleActionCommand({
      AutoScalingGroupName: 'web-asg',
      LifecycleHookName: 'launch-gate',
      LifecycleActionToken: launch!.detail.LifecycleActionToken,
      LifecycleActionResult: 'CONTINUE',
    }),
  );
  expect(await groupInstances()).toEqual([expect.objectContaining({ LifecycleState: 'InService' })]);
  expect(sim.state().lifecycleActions).toEqual([expect.objectContaining({ result: 'CONTINUE', decidedBy: 'CompleteLifecycleAction' })]);
});

test('a finished or unknown token is a ValidationError "No active Lifecycle Action found"', async () => {
  await scaleTo(1);
  const token = lifecycleEvents('launch')[0]!.detail.LifecycleActionToken;
  const complete = () =>
    clients.autoScaling.send(
      new CompleteLifecycleActionCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', LifecycleActionToken: token, LifecycleActionResult: 'CONTINUE' }),
    );
  await complete();
  await expect(complete()).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/No active Lifecycle Action found with token/) });
  await expect(
    clients.autoScaling.send(new RecordLifecycleActionHeartbeatCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', InstanceId: 'i-0123456789abcdef0' })),
  ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/No active Lifecycle Action found with instance ID/) });
});

test('the heartbeat timeout applies the default result: ABANDON terminates the launch and a replacement starts', async () => {
  await scaleTo(1);
  const first = lifecycleEvents('launch')[0]!.detail.EC2InstanceId;
  await sim.advance(299 * SECOND);
  expect((await groupInstances())[0]).toMatchObject({ InstanceId: first, LifecycleState: 'Pending:Wait' });

  await sim.advance(1 * SECOND);
  expect(sim.state().lifecycleActions).toEqual([expect.objectContaining({ instanceId: first, result: 'ABANDON', decidedBy: 'heartbeat-timeout' })]);
  const launches = lifecycleEvents('launch');
  expect(launches).toHaveLength(2);
  expect(launches[1]!.detail.EC2InstanceId).not.toBe(first);
  // An abandoned launch does not run the termination hooks.
  expect(lifecycleEvents('terminate')).toHaveLength(0);
  await sim.advance(5 * SECOND);
  expect(sim.state().instances.find((i) => i.instanceId === first)?.state).toBe('terminated');
});

test('heartbeats push the default result back by the heartbeat timeout each time', async () => {
  await scaleTo(1);
  const ref = { AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', InstanceId: lifecycleEvents('launch')[0]!.detail.EC2InstanceId };
  await sim.advance(250 * SECOND);
  await clients.autoScaling.send(new RecordLifecycleActionHeartbeatCommand(ref));
  await sim.advance(250 * SECOND);
  await clients.autoScaling.send(new RecordLifecycleActionHeartbeatCommand(ref));
  await sim.advance(250 * SECOND);
  expect((await groupInstances())[0]).toMatchObject({ LifecycleState: 'Pending:Wait' });
  await sim.advance(50 * SECOND);
  expect(sim.state().lifecycleActions).toEqual([expect.objectContaining({ decidedBy: 'heartbeat-timeout', heartbeats: 2, result: 'ABANDON' })]);
});

test('heartbeats cannot keep an action past the global timeout (100 x heartbeat timeout)', async () => {
  await scaleTo(1);
  const ref = { AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', InstanceId: lifecycleEvents('launch')[0]!.detail.EC2InstanceId };
  for (let i = 0; i < 110; i += 1) {
    if (sim.state().lifecycleActions.length > 0) break;
    await clients.autoScaling.send(new RecordLifecycleActionHeartbeatCommand(ref));
    await sim.advance(290 * SECOND);
  }
  expect(sim.state().lifecycleActions).toEqual([expect.objectContaining({ decidedBy: 'global-timeout' })]);
  const record = sim.state().lifecycleActions[0]!;
  expect(Date.parse(record.endedAt) - Date.parse(record.startedAt)).toBe(30_000 * SECOND);
});

test('a scale-in holds the instance in Terminating:Wait until completed, then it shuts down and leaves the group', async () => {
  await scaleTo(2);
  for (const launch of lifecycleEvents('launch')) {
    await clients.autoScaling.send(
      new CompleteLifecycleActionCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', InstanceId: launch.detail.EC2InstanceId, LifecycleActionResult: 'CONTINUE' }),
    );
  }
  await sim.advance(10 * SECOND);
  await scaleTo(1);
  const [terminate] = lifecycleEvents('terminate');
  expect(terminate).toMatchObject({
    'detail-type': 'EC2 Instance-terminate Lifecycle Action',
    detail: { LifecycleHookName: 'terminate-drain', LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING', Origin: 'AutoScalingGroup', Destination: 'EC2' },
  });
  const victim = terminate!.detail.EC2InstanceId;
  expect((await groupInstances()).find((i) => i.InstanceId === victim)?.LifecycleState).toBe('Terminating:Wait');
  // While waiting, the instance still runs (an AMI can still be taken).
  expect(sim.state().instances.find((i) => i.instanceId === victim)?.state).toBe('running');

  await clients.autoScaling.send(
    new CompleteLifecycleActionCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'terminate-drain', InstanceId: victim, LifecycleActionResult: 'CONTINUE' }),
  );
  expect(sim.state().instances.find((i) => i.instanceId === victim)?.state).toBe('shutting-down');
  await sim.advance(5 * SECOND);
  expect(sim.state().instances.find((i) => i.instanceId === victim)?.state).toBe('terminated');
  expect((await groupInstances()).map((i) => i.InstanceId)).not.toContain(victim);
  expect(await groupInstances()).toHaveLength(1);
});

test("a terminate hook's timeout lets the instance go with the default result", async () => {
  await scaleTo(1);
  await sim.advance(10 * SECOND);
  const id = lifecycleEvents('launch')[0]!.detail.EC2InstanceId;
  await clients.autoScaling.send(
    new CompleteLifecycleActionCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', InstanceId: id, LifecycleActionResult: 'CONTINUE' }),
  );
  await scaleTo(0);
  await sim.advance(120 * SECOND);
  expect(sim.state().lifecycleActions.at(-1)).toMatchObject({ instanceId: id, transition: 'autoscaling:EC2_INSTANCE_TERMINATING', result: 'CONTINUE', decidedBy: 'heartbeat-timeout' });
  await sim.advance(5 * SECOND);
  expect(await groupInstances()).toHaveLength(0);
});

test('desired capacity outside min/max is rejected as AWS does', async () => {
  await expect(clients.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web-asg', DesiredCapacity: 6 }))).rejects.toMatchObject({
    name: 'ValidationError',
    message: expect.stringMatching(/above max value 5/),
  });
  await expect(clients.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'nope', DesiredCapacity: 1 }))).rejects.toMatchObject({
    name: 'ValidationError',
  });
});

test('a planned release: the old group drains through its terminate hook, then can be deleted; ForceDelete skips hooks', async () => {
  await scaleTo(2);
  await sim.advance(10 * SECOND);
  for (const launch of lifecycleEvents('launch')) {
    await clients.autoScaling.send(
      new CompleteLifecycleActionCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', InstanceId: launch.detail.EC2InstanceId, LifecycleActionResult: 'CONTINUE' }),
    );
  }
  await scaleTo(0);
  expect(lifecycleEvents('terminate')).toHaveLength(2);
  await expect(clients.autoScaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'web-asg' }))).rejects.toMatchObject({ name: 'ResourceInUseFault' });
  for (const terminate of lifecycleEvents('terminate')) {
    await clients.autoScaling.send(
      new CompleteLifecycleActionCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'terminate-drain', LifecycleActionToken: terminate.detail.LifecycleActionToken, LifecycleActionResult: 'CONTINUE' }),
    );
  }
  await sim.advance(5 * SECOND);
  await clients.autoScaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'web-asg' }));
  expect(sim.state().autoScalingGroups).toEqual([]);

  sim.setup({ autoScalingGroups: [{ name: 'old-asg', launchTemplateName: 'web-lt', desiredCapacity: 1, hooks: [{ name: 'drain', transition: 'terminating' }] }] });
  await sim.advance(10 * SECOND);
  await clients.autoScaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'old-asg', ForceDelete: true }));
  const terminating = sim.state().instances.filter((i) => i.autoScalingGroupName === 'old-asg');
  expect(terminating.map((i) => i.state)).toEqual(['shutting-down']);
  expect(lifecycleEvents('terminate').filter((e) => e.detail.AutoScalingGroupName === 'old-asg')).toHaveLength(0);
  await sim.advance(5 * SECOND);
  expect(sim.state().autoScalingGroups).toEqual([]);
});
