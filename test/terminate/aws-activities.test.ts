import { DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { CreateImageCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { GetCommandInvocationCommand, ListCommandsCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { sameClientsForEveryRegion } from '../../activities/aws-clients';
import { createDrainActivities } from '../../activities/drain';
import { createForensicsActivities } from '../../activities/forensics';
import { tagValue, WORKFLOW_ID_TAG, type ForensicImage, type ForensicImageState } from '../../activities/forensics/forensic-image';
import type { DrainCommandInvocation } from '../../activities/drain/ssm-command';
import type { ScalingActivityEvidence } from '../../common/terminate';
import { awsError, FakeAws } from './fake-aws';

const aws = new FakeAws();
const forensics = createForensicsActivities(sameClientsForEveryRegion(aws.clients));
const drain = createDrainActivities(sameClientsForEveryRegion(aws.clients));
const env = new MockActivityEnvironment();
const request = {
  instanceId: 'i-0123456789abcdef0',
  workflowId: 'terminate/i-0123456789abcdef0/tok',
  name: 'forensics/terminate/i-0123456789abcdef0/tok',
  noReboot: true,
  tags: { 'fleet-workflows:cause': 'health-check (ELB), see: activity #1' },
};

beforeEach(() => aws.reset());

test('the tag search misses a just-created image: the duplicate name finds it, no second image', async () => {
  // Prepare: DescribeImages by tag lags behind (eventual consistency), by name it answers.
  aws.ec2.on(DescribeImagesCommand, { Filters: [{ Name: `tag:${WORKFLOW_ID_TAG}`, Values: [request.workflowId] }] }).resolves({ Images: [] });
  aws.ec2.on(CreateImageCommand).rejects(awsError('InvalidAMIName.Duplicate', 'AMI name is already in use by AMI ami-0123'));
  aws.ec2.on(DescribeImagesCommand, { Filters: [{ Name: 'name', Values: [request.name] }] }).resolves({
    Images: [{ ImageId: 'ami-0123', Name: request.name, State: 'pending' }],
  });

  const image = (await env.run(forensics.createForensicImage, request)) as ForensicImage;

  expect(image).toEqual({ imageId: 'ami-0123', name: request.name, reused: true });
  expect(aws.ec2.commandCalls(CreateImageCommand)).toHaveLength(1);
});

test('CreateImage carries NoReboot and tags (workflow id exact, other values made tag-safe) on image and snapshots', async () => {
  const image = (await env.run(forensics.createForensicImage, request)) as ForensicImage;
  expect(image.reused).toBe(false);
  const sent = aws.ec2.commandCalls(CreateImageCommand)[0]!.args[0].input;
  expect(sent).toMatchObject({ InstanceId: request.instanceId, Name: request.name, NoReboot: true });
  expect(sent.TagSpecifications?.map((t) => t.ResourceType)).toEqual(['image', 'snapshot']);
  expect(sent.TagSpecifications?.[0]?.Tags).toEqual(
    expect.arrayContaining([
      { Key: WORKFLOW_ID_TAG, Value: request.workflowId },
      { Key: 'fleet-workflows:cause', Value: 'health-check ELB see: activity 1' },
    ]),
  );
  expect(tagValue('x'.repeat(300))).toHaveLength(256);
});

test('a brand-new image id EC2 does not know yet is "not visible yet", not an error', async () => {
  aws.ec2.on(DescribeImagesCommand).rejects(awsError('InvalidAMIID.NotFound', "The image id '[ami-0123]' does not exist"));
  await expect(env.run(forensics.describeForensicImage, { imageId: 'ami-0123' }) as Promise<ForensicImageState>).resolves.toEqual({
    state: 'not-visible-yet',
  });
});

test('a retried SendCommand finds its first command by comment and does not run the drain twice', async () => {
  aws.ssm.on(ListCommandsCommand).resolves({ Commands: [{ CommandId: 'cmd-first', Comment: 'terminate/i-0123456789abcdef0/tok' }] });
  const sent = await env.run(drain.sendDrainCommand, {
    instanceId: request.instanceId,
    commands: ['true'],
    executionTimeoutSeconds: 60,
    comment: 'terminate/i-0123456789abcdef0/tok',
  });
  expect(sent).toEqual({ commandId: 'cmd-first', reused: true });
  expect(aws.ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
});

test('an invocation not registered yet reads as Pending', async () => {
  aws.ssm.on(GetCommandInvocationCommand).rejects(awsError('InvocationDoesNotExist', ''));
  const invocation = (await env.run(drain.getDrainCommandInvocation, { commandId: 'cmd-1', instanceId: request.instanceId })) as DrainCommandInvocation;
  expect(invocation).toEqual({ status: 'Pending', terminal: false });
});

test("the scaling activity is the one terminating this instance, with AWS's cause classified", async () => {
  aws.autoScaling.on(DescribeScalingActivitiesCommand).resolves({
    Activities: [
      { ActivityId: 'a-other', AutoScalingGroupName: 'web', Description: 'Terminating EC2 instance: i-0999999999999999', Cause: 'user request', StartTime: new Date(), StatusCode: 'Successful' },
      { ActivityId: 'a-launch', AutoScalingGroupName: 'web', Description: `Launching a new EC2 instance: ${request.instanceId}`, Cause: 'health check', StartTime: new Date(), StatusCode: 'Successful' },
      { ActivityId: 'a-mine', AutoScalingGroupName: 'web', Description: `Terminating EC2 instance: ${request.instanceId}`, Cause: 'At 2024-05-01T10:00:00Z an instance was taken out of service in response to an instance refresh.', StartTime: new Date(), StatusCode: 'InProgress' },
    ],
  });
  const evidence = (await env.run(forensics.describeTerminationActivity, { autoScalingGroupName: 'web', instanceId: request.instanceId })) as ScalingActivityEvidence;
  expect(evidence).toMatchObject({ activityId: 'a-mine', cause: 'instance-refresh', statusCode: 'InProgress' });
});
