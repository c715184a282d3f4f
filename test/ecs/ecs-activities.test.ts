import { DescribeServicesCommand, ECSClient, TagResourceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../activities/aws-clients';
import { createEcsActivities } from '../../activities/ecs';
import { LAST_DESIRED_COUNT_TAG } from '../../common/ecs-plan';

const ecs = mockClient(ECSClient);
const clients = { ecs: new ECSClient({ region: 'us-east-1' }) } as AwsClients;
const activities = createEcsActivities(() => clients);
const ref = { cluster: 'myapp-dev-cluster' };
const env = new MockActivityEnvironment();

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

beforeEach(() => ecs.reset());

test('describes services with their tags, primary deployment, newest event; unknown ones come back MISSING', async () => {
  // Prepare
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: 'b',
        serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/myapp-dev-cluster/b',
        status: 'ACTIVE',
        desiredCount: 3,
        runningCount: 1,
        pendingCount: 2,
        deployments: [
          { status: 'PRIMARY', failedTasks: 4, rolloutState: 'IN_PROGRESS' },
          { status: 'ACTIVE', failedTasks: 0, rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' },
        ],
        events: [
          { createdAt: new Date('2024-05-01T08:00:30Z'), message: '(service b) newest' },
          { createdAt: new Date('2024-05-01T08:00:00Z'), message: '(service b) older' },
        ],
        tags: [{ key: LAST_DESIRED_COUNT_TAG, value: '5' }, { key: 'team', value: 'x' }],
      },
    ],
    failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/myapp-dev-cluster/zz', reason: 'MISSING' }],
  });

  // Act
  const snapshots = await env.run(activities.describeEcsServices, ref, ['b', 'zz']);

  // Assess
  expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: 'myapp-dev-cluster', services: ['b', 'zz'], include: ['TAGS'] });
  expect(snapshots).toEqual([
    {
      service: 'b',
      arn: 'arn:aws:ecs:us-east-1:123456789012:service/myapp-dev-cluster/b',
      status: 'ACTIVE',
      desired: 3,
      running: 1,
      pending: 2,
      primaryFailedTasks: 4,
      primaryRolloutState: 'IN_PROGRESS',
      primaryRolloutReason: undefined,
      deploymentCount: 2,
      failedDeploymentReason: 'ECS deployment circuit breaker: tasks failed to start.',
      recordedDesiredCount: 5,
      newestEvent: { at: '2024-05-01T08:00:30.000Z', message: '(service b) newest' },
    },
    { service: 'zz', status: 'MISSING', desired: 0, running: 0, pending: 0, primaryFailedTasks: 0, deploymentCount: 0 },
  ]);
});

test('more than 10 services in one call is refused before ECS is asked', async () => {
  const names = Array.from({ length: 11 }, (_, i) => `s${i}`);
  const err = await env.run(activities.describeEcsServices, ref, names).catch((e: unknown) => e);
  expect(err).toMatchObject({ nonRetryable: true, type: 'InvalidParameterException' });
  expect(ecs.calls()).toHaveLength(0);
});

test('a missing cluster can never succeed; throttling is retried by Temporal', async () => {
  ecs.on(DescribeServicesCommand).rejectsOnce(awsError('ClusterNotFoundException', 'Cluster not found.')).rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'));
  const missing = await env.run(activities.describeEcsServices, ref, ['a']).catch((e: unknown) => e);
  const throttled = await env.run(activities.describeEcsServices, ref, ['a']).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(ApplicationFailure);
  expect(missing).toMatchObject({ nonRetryable: true, type: 'ClusterNotFoundException', message: expect.stringContaining('DescribeServices in myapp-dev-cluster failed') });
  expect(throttled).not.toBeInstanceOf(ApplicationFailure);
  expect((throttled as Error).name).toBe('ThrottlingException');
});

test('sets the desired count; an inactive service is non-retryable', async () => {
  ecs.on(UpdateServiceCommand).resolvesOnce({}).rejectsOnce(awsError('ServiceNotActiveException', 'Service was not ACTIVE.'));
  await env.run(activities.setEcsDesiredCount, ref, 'a', 3);
  expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { cluster: 'myapp-dev-cluster', service: 'a', desiredCount: 3 });
  const err = await env.run(activities.setEcsDesiredCount, ref, 'a', 3).catch((e: unknown) => e);
  expect(err).toMatchObject({ nonRetryable: true, type: 'ServiceNotActiveException' });
});

test('a retried update whose first attempt took effect (its reply lost) is not sent again; one that did not is', async () => {
  const retry = new MockActivityEnvironment({ attempt: 2 });
  ecs.on(DescribeServicesCommand).resolvesOnce({ services: [{ serviceName: 'a', status: 'ACTIVE', desiredCount: 3 }] })
    .resolvesOnce({ services: [{ serviceName: 'a', status: 'ACTIVE', desiredCount: 0 }] });
  ecs.on(UpdateServiceCommand).resolves({});

  await retry.run(activities.setEcsDesiredCount, ref, 'a', 3);
  expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
  await retry.run(activities.setEcsDesiredCount, ref, 'a', 3);
  expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1);
  // A first attempt asks nothing first: no earlier attempt can have set it.
  await env.run(activities.setEcsDesiredCount, ref, 'a', 3);
  expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 2);
});

test('records the desired count as a service tag', async () => {
  ecs.on(TagResourceCommand).resolves({});
  await env.run(activities.recordEcsDesiredCount, ref, 'arn:aws:ecs:us-east-1:123456789012:service/c/a', 7);
  expect(ecs).toHaveReceivedCommandWith(TagResourceCommand, {
    resourceArn: 'arn:aws:ecs:us-east-1:123456789012:service/c/a',
    tags: [{ key: LAST_DESIRED_COUNT_TAG, value: '7' }],
  });
});
