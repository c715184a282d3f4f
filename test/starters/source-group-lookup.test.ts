import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { createSourceGroupLookup } from '../../starters/bridge/source-group-lookup';

const ec2 = mockClient(EC2Client);

beforeEach(() => {
  ec2.reset();
});

function instanceWithTags(instanceId: string, tags: { Key: string; Value: string }[]) {
  return { Reservations: [{ Instances: [{ InstanceId: instanceId, Tags: tags }] }] };
}

test("reads the instance's group tag once and caches it", async () => {
  // Prepare
  ec2.on(DescribeInstancesCommand).resolves(
    instanceWithTags('i-0a1b2c3d4e5f67890', [
      { Key: 'Name', Value: 'web' },
      { Key: 'aws:autoscaling:groupName', Value: 'web-prod-WebAsg-1A2B3C4D5E6F' },
    ]),
  );
  const lookup = createSourceGroupLookup();

  // Act
  const first = await lookup('i-0a1b2c3d4e5f67890', 'ap-northeast-1');
  const second = await lookup('i-0a1b2c3d4e5f67890', 'ap-northeast-1');

  // Assess
  expect([first, second]).toEqual(['web-prod-WebAsg-1A2B3C4D5E6F', 'web-prod-WebAsg-1A2B3C4D5E6F']);
  expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
  expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { InstanceIds: ['i-0a1b2c3d4e5f67890'] });
});

test('an instance without the tag, or one EC2 no longer knows, is in no group', async () => {
  ec2
    .on(DescribeInstancesCommand)
    .resolvesOnce(instanceWithTags('i-0a1b2c3d4e5f67890', [{ Key: 'Name', Value: 'hand-made' }]))
    .rejectsOnce(Object.assign(new Error('The instance ID does not exist'), { name: 'InvalidInstanceID.NotFound' }));
  const lookup = createSourceGroupLookup();

  expect(await lookup('i-0a1b2c3d4e5f67890', 'ap-northeast-1')).toBeNull();
  expect(await lookup('i-0a1b2c3d4e5f67891', 'ap-northeast-1')).toBeNull();
});

test('the client is the one for the event region', async () => {
  ec2.on(DescribeInstancesCommand).resolves(instanceWithTags('i-0a1b2c3d4e5f67890', [{ Key: 'aws:autoscaling:groupName', Value: 'g' }]));
  const regions: string[] = [];
  const lookup = createSourceGroupLookup(async (region) => {
    regions.push(region);
    return new EC2Client({ region });
  });

  await lookup('i-0a1b2c3d4e5f67890', 'us-west-2');

  expect(regions).toEqual(['us-west-2']);
});

test('other AWS errors propagate so the event is retried', async () => {
  ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' }));

  await expect(createSourceGroupLookup()('i-0a1b2c3d4e5f67890', 'ap-northeast-1')).rejects.toThrow('Rate exceeded');
});
