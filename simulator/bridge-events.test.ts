import { CreateAutoScalingGroupCommand, SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { CreateImageCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { parseEvent } from '../starters/events/parse-event';
import { ManualClock } from './clock';
import type { EventBridgeEvent } from './events/eventbridge';
import { simulatorClients } from './sdk-clients';
import { startSimulator, type Simulator } from './simulator';

// The events the simulator emits are the ones the bridge parses: each kind, end to end.
let sim: Simulator;
const events: EventBridgeEvent[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    clock: new ManualClock(),
    timings: { instanceBootMs: 1000 },
    events: { sink: (event) => void events.push(event) },
    fleet: {
      launchTemplates: [{ name: 'web-lt' }],
      autoScalingGroups: [
        {
          name: 'web-asg',
          launchTemplateName: 'web-lt',
          desiredCapacity: 0,
          hooks: [
            { name: 'launch-gate', transition: 'launching', notificationMetadata: '{"fleet":"web"}' },
            { name: 'terminate', transition: 'terminating' },
          ],
        },
      ],
    },
  });
});

afterAll(async () => {
  await sim.stop();
});

test('lifecycle actions, CloudTrail CreateImage and CreateAutoScalingGroup all parse as the bridge expects', async () => {
  const { autoScaling, ec2 } = simulatorClients(sim.url, { maxAttempts: 1 });
  await autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web-asg', DesiredCapacity: 1 }));
  await sim.advance(1000);
  const instanceId = (await ec2.send(new DescribeInstancesCommand({}))).Reservations![0]!.Instances![0]!.InstanceId!;
  const { ImageId } = await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'daily', Description: 'EC2_BACKUP daily backup' }));
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web-asg-v2',
      LaunchTemplate: { LaunchTemplateName: 'web-lt' },
      MinSize: 0,
      MaxSize: 1,
      Tags: [{ Key: 'fleet', Value: 'web' }],
    }),
  );
  await autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web-asg', DesiredCapacity: 0 }));
  await sim.settled();

  const parsed = events.map((event) => parseEvent(JSON.parse(JSON.stringify(event))));
  expect(parsed).toEqual([
    expect.objectContaining({
      kind: 'lifecycle-action',
      transition: 'launch',
      action: expect.objectContaining({ autoScalingGroupName: 'web-asg', lifecycleHookName: 'launch-gate', instanceId, region: 'us-east-1' }),
    }),
    expect.objectContaining({ kind: 'create-image', imageId: ImageId, instanceId, description: 'EC2_BACKUP daily backup', region: 'us-east-1' }),
    expect.objectContaining({ kind: 'create-auto-scaling-group', autoScalingGroupName: 'web-asg-v2', tags: { fleet: 'web' } }),
    expect.objectContaining({ kind: 'lifecycle-action', transition: 'terminate', action: expect.objectContaining({ lifecycleHookName: 'terminate', instanceId }) }),
  ]);
});
