import { DescribeInstancesCommand, EC2Client, type InstanceStateName } from '@aws-sdk/client-ec2';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../activities/aws-clients';
import { createDescribeInstanceAddressActivities, type InstanceAddress } from '../../activities/launch-gate/describe-instance-address';

const ec2 = mockClient(EC2Client);
const clients = { ec2: new EC2Client({ region: 'us-east-1' }) } as AwsClients;
const { describeInstanceAddress } = createDescribeInstanceAddressActivities(() => clients);
const ref = { instanceId: 'i-0123456789abcdef0' };
const quiet = { logger: new DefaultLogger('ERROR') };
const firstAttempt = new MockActivityEnvironment({ attempt: 1 }, quiet);

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

function instance(state: string, privateIp?: string) {
  return { Reservations: [{ Instances: [{ InstanceId: ref.instanceId, State: { Name: state as InstanceStateName }, PrivateIpAddress: privateIp }] }] };
}

beforeEach(() => ec2.reset());

test('returns the private IP EC2 reports for the instance, asking for that instance only', async () => {
  ec2.on(DescribeInstancesCommand).resolves(instance('pending', '10.0.1.23'));

  await expect(firstAttempt.run(describeInstanceAddress, ref)).resolves.toEqual({
    kind: 'address',
    privateIp: '10.0.1.23',
    state: 'pending',
  });
  expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { Filters: [{ Name: 'instance-id', Values: [ref.instanceId] }] });
});

test('no private IP yet is a retryable failure, so Temporal asks again shortly', async () => {
  ec2.on(DescribeInstancesCommand).resolves(instance('pending'));

  const err = await firstAttempt.run(describeInstanceAddress, ref).catch((e: unknown) => e);

  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ type: 'InstanceHasNoPrivateIp', nonRetryable: false });
});

test.each(['shutting-down', 'terminated'])('an instance %s is gone', async (state) => {
  ec2.on(DescribeInstancesCommand).resolves(instance(state, '10.0.1.23'));
  await expect(firstAttempt.run(describeInstanceAddress, ref)).resolves.toEqual({ kind: 'gone', state });
});

test('not found is retried at first (EC2 is eventually consistent), then means gone', async () => {
  ec2.on(DescribeInstancesCommand).rejects(awsError('InvalidInstanceID.NotFound', 'The instance ID does not exist'));

  const early = await firstAttempt.run(describeInstanceAddress, ref).catch((e: unknown) => e);
  const later = await new MockActivityEnvironment({ attempt: 3 }, quiet).run(describeInstanceAddress, ref);

  expect(early).toMatchObject({ type: 'InvalidInstanceID.NotFound', nonRetryable: false });
  expect(later).toEqual({ kind: 'gone', state: 'not-found' });
});

test('an instance missing from the filtered answer is not found the same way: retried at first, then gone', async () => {
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });

  const early = await firstAttempt.run(describeInstanceAddress, ref).catch((e: unknown) => e);
  const later = await new MockActivityEnvironment({ attempt: 3 }, quiet).run(describeInstanceAddress, ref);

  expect(early).toMatchObject({ type: 'InvalidInstanceID.NotFound', nonRetryable: false });
  expect(later).toEqual({ kind: 'gone', state: 'not-found' });
});

test('lookups that arrive together in one region share one DescribeInstances call; each gets its own instance', async () => {
  const ids = ['i-0000000000000000a', 'i-0000000000000000b', 'i-0000000000000000c'];
  ec2.on(DescribeInstancesCommand).callsFake((input: { Filters?: Array<{ Values?: string[] }> }) => ({
    Reservations: [{ Instances: (input.Filters?.[0]?.Values ?? []).map((id, n) => ({ InstanceId: id, State: { Name: 'running' }, PrivateIpAddress: `10.0.0.${n + 1}` })) }],
  }));

  const answers = await Promise.all([
    ...ids.map((instanceId) => firstAttempt.run(describeInstanceAddress, { instanceId, region: 'eu-west-1' })),
    firstAttempt.run(describeInstanceAddress, { instanceId: ids[0]!, region: 'us-east-1' }),
  ]);

  expect((answers as InstanceAddress[]).map((a) => (a.kind === 'address' ? a.privateIp : a.kind))).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.1']);
  // One call for the three in eu-west-1, one for us-east-1.
  expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 2);
  expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { Filters: [{ Name: 'instance-id', Values: ids }] });
});

test('a batch is sent as soon as it is full, and a failed call fails every lookup in it', async () => {
  const { describeInstanceAddress: smallBatches } = createDescribeInstanceAddressActivities(() => clients, { windowMs: 60_000, maxInstances: 2 });
  ec2.on(DescribeInstancesCommand).rejects(awsError('RequestLimitExceeded', 'slow down'));

  // A 60 s window: only a full batch can be sent before the test times out.
  const answers = await Promise.all(
    ['i-0000000000000000a', 'i-0000000000000000b'].map((instanceId) => firstAttempt.run(smallBatches, { instanceId }).catch((e: unknown) => e)),
  );

  expect(answers.map((e) => (e as Error).name)).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded']);
  expect(ec2).toHaveReceivedCommandTimes(DescribeInstancesCommand, 1);
});

test('throttling is rethrown for retry; access denied is non-retryable', async () => {
  ec2.on(DescribeInstancesCommand).rejectsOnce(awsError('RequestLimitExceeded', 'slow down'))
    .rejectsOnce(awsError('UnauthorizedOperation', 'no'));

  const throttled = await firstAttempt.run(describeInstanceAddress, ref).catch((e: unknown) => e);
  const denied = await firstAttempt.run(describeInstanceAddress, ref).catch((e: unknown) => e);

  expect(throttled).not.toBeInstanceOf(ApplicationFailure);
  expect((throttled as Error).name).toBe('RequestLimitExceeded');
  expect(denied).toMatchObject({ nonRetryable: true, type: 'UnauthorizedOperation' });
});
