import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { createStackNameLookup } from '../../starters/bridge/stack-name-lookup';

const autoScaling = mockClient(AutoScalingClient);

beforeEach(() => {
  autoScaling.reset();
});

function groupWithTags(tags: { Key: string; Value: string }[]) {
  return {
    AutoScalingGroups: [
      { AutoScalingGroupName: 'api-prod-ApiAsg-9Z8Y7X6W5V4U', MinSize: 2, MaxSize: 6, DesiredCapacity: 2, DefaultCooldown: 300, AvailabilityZones: [], HealthCheckType: 'EC2', CreatedTime: new Date(), Tags: tags },
    ],
  };
}

test('reads the stack tag once per group and caches it', async () => {
  // Prepare
  autoScaling.on(DescribeAutoScalingGroupsCommand).resolves(
    groupWithTags([
      { Key: 'Name', Value: 'api' },
      { Key: 'aws:cloudformation:stack-name', Value: 'api-prod' },
    ]),
  );
  const lookup = createStackNameLookup();

  // Act
  const first = await lookup('api-prod-ApiAsg-9Z8Y7X6W5V4U', 'ap-northeast-1');
  const second = await lookup('api-prod-ApiAsg-9Z8Y7X6W5V4U', 'ap-northeast-1');

  // Assess
  expect([first, second]).toEqual(['api-prod', 'api-prod']);
  expect(autoScaling).toHaveReceivedCommandTimes(DescribeAutoScalingGroupsCommand, 1);
  expect(autoScaling).toHaveReceivedCommandWith(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['api-prod-ApiAsg-9Z8Y7X6W5V4U'] });
});

test('a group without the tag, or gone, has no stack; that answer is not cached', async () => {
  autoScaling.on(DescribeAutoScalingGroupsCommand).resolvesOnce(groupWithTags([{ Key: 'Name', Value: 'x' }])).resolvesOnce({ AutoScalingGroups: [] });
  const lookup = createStackNameLookup();

  expect(await lookup('hand-made', 'ap-northeast-1')).toBeNull();
  expect(await lookup('hand-made', 'ap-northeast-1')).toBeNull();
  expect(autoScaling).toHaveReceivedCommandTimes(DescribeAutoScalingGroupsCommand, 2);
});

test('AWS errors propagate so the event is retried', async () => {
  autoScaling.on(DescribeAutoScalingGroupsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));

  await expect(createStackNameLookup()('api-prod-x', 'ap-northeast-1')).rejects.toThrow('Rate exceeded');
});
