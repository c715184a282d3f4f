import { UpdateAutoScalingGroupCommand, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PinLatestInput } from '../../common/golden-image';
import { workflowIds } from '../../common/workflow-ids';
import { pinLatestProgressQuery, pinLatestWorkflow } from '../../workflows/pin-latest';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { awsError, FakeAwsRegion } from './fake-aws';
import { goldenImageBundle, goldenImageWorker } from './setup';

const REGION = 'us-east-1';
const TEMPLATE = 'lt-0a1b2c3d4e5f60718';

const server = useTimeSkippingEnv();

function regionWith(group: AutoScalingGroup, region = REGION): FakeAwsRegion {
  const fake = new FakeAwsRegion(region);
  fake.groups.push(group);
  return fake;
}

/** Runs the workflow, recording its history under `historyName` when asked. */
async function pin(fakes: FakeAwsRegion[], input: PinLatestInput, historyName?: string) {
  const { worker, taskQueue } = await goldenImageWorker(server.env, ...fakes);
  return worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(pinLatestWorkflow, {
      taskQueue,
      workflowId: workflowIds.pinLatest(input.region, input.autoScalingGroupName, `${taskQueue}-event`),
      args: [input],
    });
    const result = await handle.result();
    const progress = await handle.query(pinLatestProgressQuery);
    const { memo } = await handle.describe();
    if (historyName) await recordHistoryIfAsked(handle, historyName);
    return { ...result, progress, memo };
  });
}

test('CreateAutoScalingGroup with a launch template: the group is pinned to $Latest', async () => {
  const fake = regionWith({
    AutoScalingGroupName: 'web-blue',
    LaunchTemplate: { LaunchTemplateId: TEMPLATE, LaunchTemplateName: 'web', Version: '1' },
  } as AutoScalingGroup);

  const result = await pin([fake], { region: REGION, autoScalingGroupName: 'web-blue' }, 'pin-latest-launch-template');

  expect(result).toMatchObject({
    outcome: 'pinned',
    kind: 'launch-template',
    previousVersion: '1',
    progress: { phase: 'done', outcome: 'pinned' },
    memo: { outcome: 'pinned' },
  });
  expect(fake.autoScaling).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
    AutoScalingGroupName: 'web-blue',
    LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '$Latest' },
  });
  expect(fake.groups[0]?.LaunchTemplate?.Version).toBe('$Latest');
});

test('the recorded launch-template history replays against the current workflow code', async () => {
  await replayRecordedHistory('pin-latest-launch-template', await goldenImageBundle());
});

test('CreateAutoScalingGroup with a mixed instances policy: the policy template is pinned, overrides untouched', async () => {
  const overrides = [{ InstanceType: 'm5.large' }, { InstanceType: 'm6i.large', WeightedCapacity: '1' }];
  const fake = regionWith({
    AutoScalingGroupName: 'web-spot',
    MixedInstancesPolicy: {
      LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'web', Version: '4' }, Overrides: overrides },
      InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 0 },
    },
  } as AutoScalingGroup);

  const result = await pin([fake], { region: REGION, autoScalingGroupName: 'web-spot' }, 'pin-latest-mixed-instances');

  expect(result).toMatchObject({ outcome: 'pinned', kind: 'mixed-instances-policy', previousVersion: '4' });
  expect(result.reason).toContain('MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version');
  expect(fake.autoScaling).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
    AutoScalingGroupName: 'web-spot',
    MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'web', Version: '$Latest' } } },
  });
  const mixed = fake.groups[0]?.MixedInstancesPolicy;
  expect(mixed?.LaunchTemplate?.LaunchTemplateSpecification).toEqual({ LaunchTemplateName: 'web', Version: '$Latest' });
  expect(mixed?.LaunchTemplate?.Overrides).toEqual(overrides);
  expect(mixed?.InstancesDistribution).toEqual({ OnDemandPercentageAboveBaseCapacity: 0 });
});

test('the recorded mixed-instances history replays against the current workflow code', async () => {
  await replayRecordedHistory('pin-latest-mixed-instances', await goldenImageBundle());
});

test('CreateAutoScalingGroup with a launch configuration: skipped with a reason, nothing updated', async () => {
  const fake = regionWith({ AutoScalingGroupName: 'legacy', LaunchConfigurationName: 'legacy-lc-2019' } as AutoScalingGroup);

  const result = await pin([fake], { region: REGION, autoScalingGroupName: 'legacy' });

  expect(result).toMatchObject({ outcome: 'skipped-launch-configuration', kind: 'launch-configuration' });
  expect(result.reason).toContain('legacy-lc-2019');
  expect(fake.autoScaling).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
});

test('a group already on $Latest is left alone; a group gone since the event is skipped', async () => {
  const latest = regionWith({ AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '$Latest' } } as AutoScalingGroup);
  await expect(pin([latest], { region: REGION, autoScalingGroupName: 'web' })).resolves.toMatchObject({ outcome: 'already-latest' });
  expect(latest.autoScaling).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);

  const empty = new FakeAwsRegion(REGION);
  await expect(pin([empty], { region: REGION, autoScalingGroupName: 'web' })).resolves.toMatchObject({ outcome: 'skipped-asg-not-found' });
  expect(empty.autoScaling).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
});

test('two regions: the group is pinned in the event region only', async () => {
  const tokyo = regionWith({ AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as AutoScalingGroup, 'ap-northeast-1');
  const virginia = regionWith({ AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as AutoScalingGroup);

  await expect(pin([tokyo, virginia], { region: 'ap-northeast-1', autoScalingGroupName: 'web' })).resolves.toMatchObject({ outcome: 'pinned' });

  expect(tokyo.groups[0]?.LaunchTemplate?.Version).toBe('$Latest');
  expect(virginia.groups[0]?.LaunchTemplate?.Version).toBe('1');
  expect(virginia.callCount()).toBe(0);
});

test('an update Auto Scaling rejects fails the run with its reason; throttling is retried', async () => {
  const throttled = regionWith({ AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as AutoScalingGroup);
  throttled.failNext('UpdateAutoScalingGroup', awsError('Throttling', 'Rate exceeded'));
  await expect(pin([throttled], { region: REGION, autoScalingGroupName: 'web' })).resolves.toMatchObject({ outcome: 'pinned' });
  expect(throttled.autoScaling).toHaveReceivedCommandTimes(UpdateAutoScalingGroupCommand, 2);

  const rejected = regionWith({ AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as AutoScalingGroup);
  rejected.failNext('UpdateAutoScalingGroup', awsError('ValidationError', 'You must use a valid fully-formed launch template.'));
  const err = await pin([rejected], { region: REGION, autoScalingGroupName: 'web' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause).toMatchObject({ nonRetryable: true, type: 'ValidationError' });
  expect(cause.message).toContain('valid fully-formed launch template');
  expect(rejected.autoScaling).toHaveReceivedCommandTimes(UpdateAutoScalingGroupCommand, 1);
});

test.each([
  [{ region: '', autoScalingGroupName: 'web' }, 'region'],
  [{ region: REGION, autoScalingGroupName: ' ' }, 'autoScalingGroupName'],
])('bad input %o fails before any AWS call, naming %s', async (input, field) => {
  const fake = new FakeAwsRegion(REGION);
  const err = await pin([fake], input).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  expect((err as WorkflowFailedError).cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(((err as WorkflowFailedError).cause as Error).message).toContain(field);
  expect(fake.callCount()).toBe(0);
});
