import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../activities/aws-clients';
import { createImageSourceActivities } from '../../activities/golden-image/image-source';
import { sourceMismatch, type GoldenImageSource } from '../../common/golden-image-source';
import type { GoldenImageInput } from '../../common/golden-image';
import { goldenImageWorkflow } from '../../workflows/golden-image';
import { createTimeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { FakeAwsRegion } from './fake-aws';
import { imageSourceCheckWorkflow } from './image-source-workflows';
import { goldenImageWorker } from './setup';

const ec2 = mockClient(EC2Client);
const IMAGE = 'ami-0c55b159cbfafe1f0';
const SOURCE: GoldenImageSource = { instanceId: 'i-0a1b2c3d4e5f67890', autoScalingGroupName: 'web-prod-WebAsg-1A2B3C4D5E6F' };

function clients(region = 'ap-northeast-1'): AwsClients {
  const config = { region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  return { autoScaling: new AutoScalingClient(config), ec2: new EC2Client(config), ecs: new ECSClient(config), ssm: new SSMClient(config), sns: new SNSClient(config) };
}

function imageFrom(instanceId: string | undefined) {
  ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: IMAGE, SourceInstanceId: instanceId }] });
}

function instanceInGroup(instanceId: string, group: string | undefined) {
  const tags = group ? [{ Key: 'aws:autoscaling:groupName', Value: group }] : [{ Key: 'Name', Value: 'x' }];
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: instanceId, Tags: tags }] }] });
}

beforeEach(() => {
  ec2.reset();
});

describe('what EC2 says of an image source', () => {
  const describeImageSource = createImageSourceActivities(() => clients()).describeImageSource;

  test('the source instance of the image and its group', async () => {
    imageFrom(SOURCE.instanceId);
    instanceInGroup(SOURCE.instanceId, SOURCE.autoScalingGroupName);

    await expect(describeImageSource('ap-northeast-1', IMAGE)).resolves.toEqual({
      instance: 'in-group',
      sourceInstanceId: SOURCE.instanceId,
      autoScalingGroupName: SOURCE.autoScalingGroupName,
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { InstanceIds: [SOURCE.instanceId] });
  });

  test('an image without SourceInstanceId, and an instance EC2 forgot, are unknown rather than a mismatch', async () => {
    imageFrom(undefined);
    await expect(describeImageSource('ap-northeast-1', IMAGE)).resolves.toEqual({ instance: 'unknown' });

    ec2.reset();
    imageFrom(SOURCE.instanceId);
    ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error('gone'), { name: 'InvalidInstanceID.NotFound' }));
    await expect(describeImageSource('ap-northeast-1', IMAGE)).resolves.toEqual({ instance: 'gone', sourceInstanceId: SOURCE.instanceId });
  });
});

describe('a source that contradicts the bridge', () => {
  test.each([
    [{ instance: 'in-group', sourceInstanceId: SOURCE.instanceId, autoScalingGroupName: SOURCE.autoScalingGroupName } as const, undefined],
    [{ instance: 'unknown' } as const, undefined],
    [{ instance: 'gone', sourceInstanceId: SOURCE.instanceId } as const, undefined],
    [{ instance: 'in-group', sourceInstanceId: SOURCE.instanceId, autoScalingGroupName: 'api-prod-ApiAsg-1' } as const, 'is in api-prod-ApiAsg-1, not web-prod-WebAsg-1A2B3C4D5E6F'],
    [{ instance: 'in-no-group', sourceInstanceId: SOURCE.instanceId } as const, 'is in no Auto Scaling group'],
    [{ instance: 'in-group', sourceInstanceId: 'i-0ffffffffffffffff', autoScalingGroupName: SOURCE.autoScalingGroupName } as const, 'made from i-0ffffffffffffffff, not i-0a1b2c3d4e5f67890'],
  ])('%j: %s', (found, expected) => {
    const reason = sourceMismatch(SOURCE, found);

    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(expected);
  });
});

describe('the check in a workflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function check(source: GoldenImageSource | undefined): Promise<string | null> {
    const taskQueue = uniqueTaskQueue('image-source');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(require.resolve('./image-source-workflows')),
      activities: createImageSourceActivities(() => clients()),
    });
    return worker.runUntil(
      env.client.workflow.execute(imageSourceCheckWorkflow, { taskQueue, workflowId: `image-source/${taskQueue}`, args: ['ap-northeast-1', IMAGE, source] }),
    );
  }

  test("an image whose source instance is now in another fleet's group stops the rollout, saying why", async () => {
    imageFrom(SOURCE.instanceId);
    instanceInGroup(SOURCE.instanceId, 'api-prod-ApiAsg-1');

    await expect(check(SOURCE)).resolves.toContain('is in api-prod-ApiAsg-1, not web-prod-WebAsg-1A2B3C4D5E6F');
  });

  test('an input without a source (a run started before the bridge sent one) asks EC2 nothing', async () => {
    await expect(check(undefined)).resolves.toBeNull();
    expect(ec2).toHaveReceivedCommandTimes(DescribeImagesCommand, 0);
  });
});

describe('the rollout checks the source before it touches a template', () => {
  const TEMPLATE = 'lt-0a1b2c3d4e5f60718';
  const PARAMETER = '/web/launch-template-id';
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  /** A region whose EC2 names the image's source instance, in the given group. */
  function regionWithSource(group: string): FakeAwsRegion {
    const fake = new FakeAwsRegion('ap-northeast-1');
    fake.parameters.set(PARAMETER, TEMPLATE);
    fake.addTemplate(TEMPLATE, 'web', ['ami-00000000000000001']);
    fake.ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: IMAGE, State: 'available', SourceInstanceId: SOURCE.instanceId }] });
    fake.ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [{ InstanceId: SOURCE.instanceId, Tags: [{ Key: 'aws:autoscaling:groupName', Value: group }] }] }] });
    return fake;
  }

  async function rollout(fake: FakeAwsRegion) {
    const input: GoldenImageInput = { region: 'ap-northeast-1', imageId: IMAGE, description: 'EC2_BACKUP', source: SOURCE, settings: { launchTemplateIdParameter: PARAMETER } };
    const { worker, taskQueue } = await goldenImageWorker(env, fake);
    return worker.runUntil(env.client.workflow.execute(goldenImageWorkflow, { taskQueue, workflowId: `golden-image-source/${taskQueue}`, args: [input] }));
  }

  test("an image whose source instance is in another fleet's group leaves the template untouched", async () => {
    const fake = regionWithSource('api-prod-ApiAsg-1');

    const result = await rollout(fake);

    expect(result).toMatchObject({ outcome: 'skipped-other-fleet', createdVersion: false });
    expect(result.reason).toContain('is in api-prod-ApiAsg-1, not web-prod-WebAsg-1A2B3C4D5E6F');
    expect(fake.templates.get(TEMPLATE)!.versions).toHaveLength(1);
  });

  test("an image whose source is in the fleet's group rolls out", async () => {
    const fake = regionWithSource(SOURCE.autoScalingGroupName);

    const result = await rollout(fake);

    expect(result.outcome).toBe('rolled-out');
    expect(fake.templates.get(TEMPLATE)!.versions).toHaveLength(2);
  });
});
