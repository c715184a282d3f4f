import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribeLifecycleHooksCommand,
  DescribeScalingActivitiesCommand,
  PutLifecycleHookCommand,
  SetDesiredCapacityCommand,
  StartInstanceRefreshCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateImageCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  ModifyLaunchTemplateCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ListClustersCommand, ListTagsForResourceCommand, TagResourceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { CreateTopicCommand, PublishCommand } from '@aws-sdk/client-sns';
import { DescribeInstanceInformationCommand, GetParameterCommand, ListCommandsCommand, PutParameterCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createAwsClientsForRegion, sameClientsForEveryRegion } from '../activities/aws-clients';
import { createLifecycleActionActivities } from '../activities/lifecycle-actions';
import { ManualClock } from './clock';
import type { CloudTrailDetail, EventBridgeEvent } from './events/eventbridge';
import { simulatorClients } from './sdk-clients';
import { startSimulator, type Simulator } from './simulator';

// Every operation the product's activities call, through the real AWS SDK v3 clients.
const SECOND = 1000;
let sim: Simulator;
let events: EventBridgeEvent[];
let clients: ReturnType<typeof simulatorClients>;

beforeAll(async () => {
  events = [];
  sim = await startSimulator({
    clock: new ManualClock(),
    timings: { instanceBootMs: 10 * SECOND, imageCreateMs: 60 * SECOND, instanceRefreshMs: 300 * SECOND, ecsTaskStartMs: 10 * SECOND },
    events: { sink: (event) => void events.push(event) },
    fleet: {
      launchTemplates: [{ name: 'web-lt' }],
      autoScalingGroups: [
        {
          name: 'web-asg',
          launchTemplateName: 'web-lt',
          maxSize: 4,
          desiredCapacity: 2,
          hooks: [{ name: 'launch-gate', transition: 'launching', heartbeatTimeoutSeconds: 600, defaultResult: 'CONTINUE' }],
        },
      ],
      ecs: [{ cluster: 'app-dev-cluster', services: [{ name: 'app-dev-serviceA', desiredCount: 1 }] }],
      parameters: [{ name: '/golden-image/web/launch-template-id', value: 'lt-placeholder' }],
    },
  });
  clients = simulatorClients(sim.url, { maxAttempts: 1 });
  await sim.advance(600 * SECOND);
});

afterAll(async () => {
  await sim.stop();
});

test("the product's own client factory reaches the simulator through AWS_ENDPOINT_URL alone", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, sim.awsEnvironment());
  try {
    const product = createAwsClientsForRegion('us-east-1')();
    const groups = await product.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }));
    expect(groups.AutoScalingGroups?.[0]?.Instances).toHaveLength(2);
    const reservations = await product.ec2.send(new DescribeInstancesCommand({}));
    expect(reservations.Reservations).toHaveLength(2);
    const services = await product.ecs.send(new DescribeServicesCommand({ cluster: 'app-dev-cluster', services: ['app-dev-serviceA'] }));
    expect(services.services?.[0]?.runningCount).toBe(1);
    const parameter = await product.ssm.send(new GetParameterCommand({ Name: '/golden-image/web/launch-template-id' }));
    expect(parameter.Parameter?.Value).toBe('lt-placeholder');
    const topic = await product.sns.send(new CreateTopicCommand({ Name: 'fleet-ops' }));
    await product.sns.send(new PublishCommand({ TopicArn: topic.TopicArn, Subject: 'hello', Message: '{"a":1}' }));
    expect(sim.state().sns.published.at(-1)).toMatchObject({ topicArn: topic.TopicArn, subject: 'hello', message: '{"a":1}' });
  } finally {
    process.env = saved;
  }
});

test("the product's lifecycle activities read the simulator's answers: done, then action-not-found", async () => {
  const activities = createLifecycleActionActivities(sameClientsForEveryRegion(clients));
  const env = new MockActivityEnvironment();
  sim.fleet.autoScaling.setDesiredCapacity(sim.fleet.autoScaling.require('us-east-1', 'web-asg'), 3);
  await sim.settled();
  const launch = events.filter((e) => e['detail-type'] === 'EC2 Instance-launch Lifecycle Action').at(-1) as EventBridgeEvent<{ EC2InstanceId: string; LifecycleActionToken: string }>;
  const ref = { autoScalingGroupName: 'web-asg', lifecycleHookName: 'launch-gate', instanceId: launch.detail.EC2InstanceId, lifecycleActionToken: launch.detail.LifecycleActionToken };
  await expect(env.run(activities.describeLifecycleHook, ref)).resolves.toEqual({ heartbeatTimeoutSeconds: 600, defaultResult: 'CONTINUE', globalTimeoutSeconds: 60000 });
  await expect(env.run(activities.recordLifecycleActionHeartbeat, ref)).resolves.toBe('done');
  await expect(env.run(activities.completeLifecycleAction, ref, 'CONTINUE' as const)).resolves.toBe('done');
  await expect(env.run(activities.completeLifecycleAction, ref, 'CONTINUE' as const)).resolves.toBe('action-not-found');
  await expect(env.run(activities.recordLifecycleActionHeartbeat, ref)).resolves.toBe('action-not-found');
});

test('Auto Scaling: groups, hooks, activities, updates, instance refreshes, CloudTrail CreateAutoScalingGroup', async () => {
  const { autoScaling } = clients;
  const hooks = await autoScaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookNames: ['launch-gate'] }));
  expect(hooks.LifecycleHooks).toEqual([
    expect.objectContaining({ LifecycleHookName: 'launch-gate', LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING', HeartbeatTimeout: 600, DefaultResult: 'CONTINUE' }),
  ]);
  await autoScaling.send(
    new PutLifecycleHookCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'terminate', LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING', HeartbeatTimeout: 1800 }),
  );
  expect((await autoScaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: 'web-asg' }))).LifecycleHooks).toHaveLength(2);

  const activities = await autoScaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'web-asg', MaxRecords: 10 }));
  expect(activities.Activities?.[0]).toMatchObject({ AutoScalingGroupName: 'web-asg', Description: expect.stringMatching(/^Launching a new EC2 instance: i-/) });
  expect(activities.Activities?.[0]?.StartTime).toBeInstanceOf(Date);

  await autoScaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'web-asg', LaunchTemplate: { LaunchTemplateName: 'web-lt', Version: '$Latest' }, MinSize: 1 }));
  const [group] = (await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }))).AutoScalingGroups ?? [];
  expect(group).toMatchObject({ MinSize: 1, MaxSize: 4, DesiredCapacity: 3, LaunchTemplate: { LaunchTemplateName: 'web-lt', Version: '$Latest' } });

  const { InstanceRefreshId } = await autoScaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: 'web-asg', Preferences: { MinHealthyPercentage: 50 } }));
  await expect(autoScaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: 'web-asg' }))).rejects.toMatchObject({ name: 'InstanceRefreshInProgressFault' });
  const describeRefresh = async () => (await autoScaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: 'web-asg', InstanceRefreshIds: [InstanceRefreshId!] }))).InstanceRefreshes?.[0];
  expect(await describeRefresh()).toMatchObject({ Status: 'InProgress', Preferences: { MinHealthyPercentage: 50 } });
  await sim.advance(300 * SECOND);
  expect(await describeRefresh()).toMatchObject({ Status: 'Successful', PercentageComplete: 100 });

  const before = events.length;
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({ AutoScalingGroupName: 'web-asg-v2', LaunchTemplate: { LaunchTemplateName: 'web-lt', Version: '1' }, MinSize: 0, MaxSize: 2, DesiredCapacity: 0 }),
  );
  await sim.settled();
  const created = events.slice(before).find((e) => e['detail-type'] === 'AWS API Call via CloudTrail') as EventBridgeEvent<CloudTrailDetail> | undefined;
  expect(created).toMatchObject({
    source: 'aws.autoscaling',
    detail: { eventName: 'CreateAutoScalingGroup', eventSource: 'autoscaling.amazonaws.com', requestParameters: { autoScalingGroupName: 'web-asg-v2', launchTemplate: { launchTemplateName: 'web-lt', version: '1' } } },
  });
  await expect(
    autoScaling.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: 'web-asg-v2', LaunchTemplate: { LaunchTemplateName: 'web-lt' }, MinSize: 0, MaxSize: 1 })),
  ).rejects.toMatchObject({ name: 'AlreadyExistsFault' });

  await autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'web-asg-v2', DesiredCapacity: 1 }));
  await sim.advance(10 * SECOND);
  const [member] = (await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg-v2'] }))).AutoScalingGroups?.[0]?.Instances ?? [];
  expect(member?.LifecycleState).toBe('InService');
  const terminated = await autoScaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: member!.InstanceId, ShouldDecrementDesiredCapacity: true }));
  expect(terminated.Activity?.Description).toBe(`Terminating EC2 instance: ${member!.InstanceId}`);
});

test('EC2: launch template versions from a source version, idempotent by ClientToken, default, $Latest, per-version delete errors', async () => {
  const { ec2 } = clients;
  const { LaunchTemplate } = await ec2.send(
    new CreateLaunchTemplateCommand({ LaunchTemplateName: 'api-lt', LaunchTemplateData: { ImageId: 'ami-0aaaaaaaaaaaaaaa1', InstanceType: 't3.small' }, VersionDescription: 'first' }),
  );
  const id = LaunchTemplate!.LaunchTemplateId!;
  expect(LaunchTemplate).toMatchObject({ LaunchTemplateName: 'api-lt', DefaultVersionNumber: 1, LatestVersionNumber: 1 });
  const createVersion = (token: string, imageId: string) =>
    ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: '$Latest', VersionDescription: 'Latest-AMI', LaunchTemplateData: { ImageId: imageId }, ClientToken: token }));
  const v2 = await createVersion('token-2', 'ami-0bbbbbbbbbbbbbbb2');
  expect(v2.LaunchTemplateVersion).toMatchObject({ VersionNumber: 2, DefaultVersion: false, LaunchTemplateData: { ImageId: 'ami-0bbbbbbbbbbbbbbb2', InstanceType: 't3.small' } });
  expect((await createVersion('token-2', 'ami-0bbbbbbbbbbbbbbb2')).LaunchTemplateVersion?.VersionNumber).toBe(2);
  await createVersion('token-3', 'ami-0ccccccccccccccc3');
  await createVersion('token-4', 'ami-0ddddddddddddddd4');

  const modified = await ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: id, DefaultVersion: '4' }));
  expect(modified.LaunchTemplate).toMatchObject({ DefaultVersionNumber: 4, LatestVersionNumber: 4 });
  const described = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['$Latest', '$Default', '1'] }));
  expect(described.LaunchTemplateVersions?.map((v) => [v.VersionNumber, v.DefaultVersion, v.LaunchTemplateData?.ImageId])).toEqual([
    [4, true, 'ami-0ddddddddddddddd4'],
    [4, true, 'ami-0ddddddddddddddd4'],
    [1, false, 'ami-0aaaaaaaaaaaaaaa1'],
  ]);
  await expect(ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['9'] }))).rejects.toMatchObject({
    name: 'InvalidLaunchTemplateId.VersionNotFound',
  });

  const deleted = await ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['1', '4', '7'] }));
  expect(deleted.SuccessfullyDeletedLaunchTemplateVersions).toEqual([{ LaunchTemplateId: id, LaunchTemplateName: 'api-lt', VersionNumber: 1 }]);
  expect(deleted.UnsuccessfullyDeletedLaunchTemplateVersions?.map((v) => [v.VersionNumber, v.ResponseError?.Code])).toEqual([
    [4, 'unexpectedError'],
    [7, 'launchTemplateVersionDoesNotExist'],
  ]);
  const all = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id }));
  expect(all.LaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([4, 3, 2]);
  await expect(ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: 'lt-0123456789abcdef0', DefaultVersion: '1' }))).rejects.toMatchObject({
    name: 'InvalidLaunchTemplateId.NotFound',
  });
});

test('EC2: instances by id and filter, images by tag, image-id and state, tags on instances and images', async () => {
  const { ec2 } = clients;
  const all = (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: ['web-*'] }] }))).Reservations!.flatMap((r) => r.Instances!);
  expect(all.length).toBeGreaterThanOrEqual(3);
  const target = all.find((i) => i.State?.Name === 'running')!;
  const one = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [target.InstanceId!] }));
  expect(one.Reservations?.[0]?.Instances?.[0]).toMatchObject({ InstanceId: target.InstanceId, PrivateIpAddress: expect.stringMatching(/^127\./), State: { Name: 'running', Code: 16 } });
  await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.Malformed' });
  await expect(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });

  const { ImageId } = await ec2.send(
    new CreateImageCommand({ InstanceId: target.InstanceId, Name: 'forensic-1', NoReboot: true, TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'forensics-of', Value: target.InstanceId }] }] }),
  );
  await ec2.send(new CreateTagsCommand({ Resources: [ImageId!, target.InstanceId!], Tags: [{ Key: 'case', Value: '42' }] }));
  const byTag = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:forensics-of', Values: [target.InstanceId!] }] }));
  expect(byTag.Images?.map((i) => [i.ImageId, i.State])).toEqual([[ImageId, 'pending']]);
  expect(byTag.Images?.[0]?.Tags).toEqual(expect.arrayContaining([{ Key: 'case', Value: '42' }]));
  await sim.advance(60 * SECOND);
  const byState = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: [ImageId!] }, { Name: 'state', Values: ['available'] }] }));
  expect(byState.Images).toHaveLength(1);
  // How observe report finds an image made from an instance, as EC2 answers it.
  const bySource = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'source-instance-id', Values: [target.InstanceId!] }] }));
  expect(bySource.Images?.map((i) => i.ImageId)).toEqual([ImageId]);
  const byOtherSource = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'source-instance-id', Values: ['i-0123456789abcdef0'] }] }));
  expect(byOtherSource.Images).toEqual([]);
  const instance = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [target.InstanceId!] }));
  expect(instance.Reservations?.[0]?.Instances?.[0]?.Tags).toEqual(expect.arrayContaining([{ Key: 'case', Value: '42' }]));
  await expect(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
});

test('ECS: describe, update, tags; missing cluster and service are the modeled exceptions', async () => {
  const { ecs } = clients;
  const updated = await ecs.send(new UpdateServiceCommand({ cluster: 'app-dev-cluster', service: 'app-dev-serviceA', desiredCount: 2 }));
  expect(updated.service).toMatchObject({ serviceName: 'app-dev-serviceA', desiredCount: 2, runningCount: 1, pendingCount: 1 });
  const arn = updated.service!.serviceArn!;
  await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'started-by', value: 'ecs-startup' }] }));
  expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([{ key: 'started-by', value: 'ecs-startup' }]);
  const described = await ecs.send(new DescribeServicesCommand({ cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/app-dev-cluster', services: [arn, 'app-dev-nope'], include: ['TAGS'] }));
  expect(described.services?.[0]).toMatchObject({ tags: [{ key: 'started-by', value: 'ecs-startup' }], deployments: [expect.objectContaining({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })] });
  expect(described.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/app-dev-cluster/app-dev-nope', reason: 'MISSING' }]);
  await expect(ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['x'] }))).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
  await expect(ecs.send(new UpdateServiceCommand({ cluster: 'app-dev-cluster', service: 'nope', desiredCount: 1 }))).rejects.toMatchObject({ name: 'ServiceNotFoundException' });
});

test('SSM: parameters with versions and overwrite rules; commands listed by instance for idempotent drains', async () => {
  const { ssm } = clients;
  expect((await ssm.send(new PutParameterCommand({ Name: '/fleet/x', Value: 'a', Type: 'String' }))).Version).toBe(1);
  await expect(ssm.send(new PutParameterCommand({ Name: '/fleet/x', Value: 'b', Type: 'String' }))).rejects.toMatchObject({ name: 'ParameterAlreadyExists' });
  expect((await ssm.send(new PutParameterCommand({ Name: '/fleet/x', Value: 'b', Overwrite: true }))).Version).toBe(2);
  expect((await ssm.send(new GetParameterCommand({ Name: '/fleet/x' }))).Parameter).toMatchObject({ Value: 'b', Version: 2, Type: 'String' });
  await expect(ssm.send(new GetParameterCommand({ Name: '/fleet/missing' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });

  const running = sim.state().instances.find((i) => i.state === 'running')!;
  const sent = await ssm.send(new SendCommandCommand({ InstanceIds: [running.instanceId], DocumentName: 'AWS-RunShellScript', Comment: 'drain i-1', Parameters: { commands: ['true'] } }));
  const listed = await ssm.send(new ListCommandsCommand({ InstanceId: running.instanceId, MaxResults: 50 }));
  expect(listed.Commands?.find((c) => c.Comment === 'drain i-1')?.CommandId).toBe(sent.Command?.CommandId);
});

test('SNS: publishing to an unknown topic is NotFound; publishes are kept', async () => {
  const { sns } = clients;
  await expect(sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:nope', Message: 'x' }))).rejects.toMatchObject({ name: 'NotFoundException' });
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'ecs-startup' }));
  const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'service A running', MessageAttributes: { outcome: { DataType: 'String', StringValue: 'success' } } }));
  expect(sim.state().sns.published.at(-1)).toMatchObject({ messageId: MessageId, message: 'service A running', messageAttributes: { outcome: { DataType: 'String', StringValue: 'success' } } });
});

test('an operation the simulator does not implement answers with an AWS error, and the simulator keeps serving', async () => {
  await expect(clients.ec2.send(new RunInstancesCommand({ ImageId: 'ami-0aaaaaaaaaaaaaaa1', MinCount: 1, MaxCount: 1 }))).rejects.toMatchObject({ name: 'InvalidAction' });
  await expect(clients.ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  await expect(clients.ssm.send(new DescribeInstanceInformationCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  expect((await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups?.length).toBeGreaterThan(0);
});

test('each region is its own world, told apart by the SigV4 credential scope', async () => {
  const osaka = simulatorClients(sim.url, { region: 'ap-northeast-3', maxAttempts: 1 });
  expect((await osaka.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toEqual([]);
  await expect(osaka.ssm.send(new GetParameterCommand({ Name: '/golden-image/web/launch-template-id' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
  await osaka.ssm.send(new PutParameterCommand({ Name: '/golden-image/web/launch-template-id', Value: 'lt-osaka', Type: 'String' }));
  expect((await osaka.ssm.send(new GetParameterCommand({ Name: '/golden-image/web/launch-template-id' }))).Parameter?.ARN).toMatch(/^arn:aws:ssm:ap-northeast-3:/);
  expect((await clients.ssm.send(new GetParameterCommand({ Name: '/golden-image/web/launch-template-id' }))).Parameter?.Value).toBe('lt-placeholder');
});
