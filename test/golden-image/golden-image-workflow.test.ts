import { CreateLaunchTemplateVersionCommand, DeleteLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { GoldenImageInput } from '../../common/golden-image';
import { workflowIds } from '../../common/workflow-ids';
import { goldenImageProgressQuery, goldenImageWorkflow } from '../../workflows/golden-image';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { awsError, FakeAwsRegion } from './fake-aws';
import { goldenImageBundle, goldenImageWorker } from './setup';

const REGION = 'ap-northeast-1';
const TEMPLATE = 'lt-0a1b2c3d4e5f60718';
const PARAMETER = '/web/launch-template-id';
const OLD_AMI = 'ami-00000000000000001';
const NEW_AMI = 'ami-0fedcba9876543210';

const server = useTimeSkippingEnv();

/** A region with the stack's parameter and a template whose versions all use the old AMI. */
function fleetRegion(region = REGION, templateVersions = 1): FakeAwsRegion {
  const fake = new FakeAwsRegion(region);
  fake.parameters.set(PARAMETER, TEMPLATE);
  fake.addTemplate(TEMPLATE, 'web', Array.from({ length: templateVersions }, () => OLD_AMI));
  fake.images.set(NEW_AMI, { state: 'available' });
  return fake;
}

function backupEvent(overrides: Partial<GoldenImageInput> = {}, settings: Partial<GoldenImageInput['settings']> = {}): GoldenImageInput {
  return {
    region: REGION,
    imageId: NEW_AMI,
    description: 'Created for policy: policy-0123 schedule: EC2_BACKUP daily',
    ...overrides,
    settings: { launchTemplateIdParameter: PARAMETER, ...settings },
  };
}

async function run(input: GoldenImageInput, ...regions: FakeAwsRegion[]) {
  const { worker, taskQueue } = await goldenImageWorker(server.env, ...regions);
  return worker.runUntil(
    server.env.client.workflow.execute(goldenImageWorkflow, {
      taskQueue,
      workflowId: `${workflowIds.goldenImage(input.region, input.imageId)}/${taskQueue}`,
      args: [input],
    }),
  );
}

async function failureOf(input: GoldenImageInput, ...regions: FakeAwsRegion[]): Promise<ApplicationFailure> {
  const err = await run(input, ...regions).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

test('marker absent: skipped without a single AWS call', async () => {
  const fake = fleetRegion();
  const result = await run(backupEvent({ description: 'manual image before the upgrade' }), fake);
  expect(result).toMatchObject({ outcome: 'skipped-no-marker', createdVersion: false });
  expect(result.reason).toContain('EC2_BACKUP');
  expect(fake.callCount()).toBe(0);
  expect(fake.versionNumbers(TEMPLATE)).toEqual([1]);
});

test('a configured marker replaces the default one', async () => {
  const fake = fleetRegion();
  const skipped = await run(backupEvent({}, { marker: 'NIGHTLY' }), fake);
  expect(skipped.outcome).toBe('skipped-no-marker');
  const rolled = await run(backupEvent({ description: 'NIGHTLY web' }, { marker: 'NIGHTLY' }), fake);
  expect(rolled.outcome).toBe('rolled-out');
});

test('AMI pending for an hour, then available: waits with durable timers, then rolls out', async () => {
  // Prepare
  const fake = fleetRegion();
  fake.images.set(NEW_AMI, { state: 'pending' });
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act
  const { result, memo, during } = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(goldenImageWorkflow, {
      taskQueue,
      workflowId: workflowIds.goldenImage(REGION, NEW_AMI),
      args: [backupEvent()],
    });
    await server.env.sleep('60 minutes');
    const during = await handle.query(goldenImageProgressQuery);
    const createdWhilePending = fake.ec2.commandCalls(CreateLaunchTemplateVersionCommand).length;
    fake.images.set(NEW_AMI, { state: 'available' });
    const result = await handle.result();
    const { memo } = await handle.describe();
    await recordHistoryIfAsked(handle, 'golden-image-pending-then-available');
    return { result, memo, during: { ...during, createdWhilePending } };
  });

  // Assess
  expect(during).toMatchObject({ phase: 'waiting-for-image', imageState: 'pending', createdWhilePending: 0 });
  expect(during.imageChecks).toBeGreaterThanOrEqual(59);
  expect(result).toMatchObject({
    outcome: 'rolled-out',
    imageState: 'available',
    launchTemplateId: TEMPLATE,
    launchTemplateVersion: 2,
    defaultVersion: 2,
    createdVersion: true,
  });
  expect(result.imageChecks).toBeGreaterThan(during.imageChecks);
  expect(memo).toEqual({ outcome: 'rolled-out', launchTemplateId: TEMPLATE, launchTemplateVersion: 2 });
  const template = fake.templates.get(TEMPLATE);
  expect(template?.defaultVersion).toBe(2);
  expect(template?.versions.find((v) => v.versionNumber === 2)).toMatchObject({ imageId: NEW_AMI, description: 'Latest-AMI' });
  expect(fake.ec2).toHaveReceivedCommandWith(CreateLaunchTemplateVersionCommand, {
    LaunchTemplateId: TEMPLATE,
    SourceVersion: '$Latest',
    LaunchTemplateData: { ImageId: NEW_AMI },
    ClientToken: `golden-image-${NEW_AMI}-${TEMPLATE}`,
  });
});

test('the recorded rollout history replays against the current workflow code', async () => {
  await replayRecordedHistory('golden-image-pending-then-available', await goldenImageBundle());
});

test('AMI failed: the run ends with the reason and the template is untouched', async () => {
  const fake = fleetRegion();
  fake.images.set(NEW_AMI, { state: 'failed', reason: 'Client.InternalError: snapshot failed' });
  const result = await run(backupEvent(), fake);
  expect(result).toMatchObject({ outcome: 'image-failed', imageState: 'failed', createdVersion: false });
  expect(result.reason).toContain('snapshot failed');
  expect(fake.ec2).not.toHaveReceivedCommand(CreateLaunchTemplateVersionCommand);
  expect(fake.ssm.calls()).toHaveLength(0);
});

test('AMI deregistered, or gone from DescribeImages, ends the run with that reason', async () => {
  const deregistered = fleetRegion();
  deregistered.images.set(NEW_AMI, { state: 'deregistered' });
  await expect(run(backupEvent(), deregistered)).resolves.toMatchObject({ outcome: 'image-deregistered' });

  const gone = fleetRegion();
  gone.images.delete(NEW_AMI);
  const result = await run(backupEvent(), gone);
  expect(result).toMatchObject({ outcome: 'image-missing', imageChecks: 2 });
  expect(gone.ec2).not.toHaveReceivedCommand(CreateLaunchTemplateVersionCommand);
});

test('AMI still pending when the wait runs out: image-timeout, template untouched', async () => {
  const fake = fleetRegion();
  fake.images.set(NEW_AMI, { state: 'pending' });
  const result = await run(backupEvent({}, { imageTimeoutMinutes: 30, imagePollIntervalSeconds: 300 }), fake);
  expect(result).toMatchObject({ outcome: 'image-timeout', imageState: 'pending' });
  expect(result.imageChecks).toBe(7);
  expect(fake.ec2).not.toHaveReceivedCommand(CreateLaunchTemplateVersionCommand);
});

test('a replayed event creates no second version', async () => {
  const fake = fleetRegion();
  const first = await run(backupEvent(), fake);
  const second = await run(backupEvent(), fake);
  expect(first).toMatchObject({ outcome: 'rolled-out', launchTemplateVersion: 2, createdVersion: true });
  expect(second).toMatchObject({ outcome: 'already-current', launchTemplateVersion: 2, createdVersion: false });
  expect(fake.versionNumbers(TEMPLATE)).toEqual([1, 2]);
  expect(fake.ec2).toHaveReceivedCommandTimes(CreateLaunchTemplateVersionCommand, 1);
});

test('a create whose answer was lost is retried with the same ClientToken: still one version', async () => {
  const fake = fleetRegion();
  fake.failNext('CreateLaunchTemplateVersion', awsError('InternalError', 'We encountered an internal error', 500), true);
  const result = await run(backupEvent(), fake);
  expect(result).toMatchObject({ outcome: 'rolled-out', launchTemplateVersion: 2 });
  expect(fake.ec2).toHaveReceivedCommandTimes(CreateLaunchTemplateVersionCommand, 2);
  expect(fake.versionNumbers(TEMPLATE)).toEqual([1, 2]);
});

test('pruning keeps the newest three and never the default or a version a group names by number', async () => {
  // Prepare: versions 1..6; web-legacy pins version 2, web-main follows $Latest.
  const fake = fleetRegion(REGION, 6);
  fake.pageSize = 2;
  fake.groups.push(
    { AutoScalingGroupName: 'web-legacy', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '2' } } as never,
    { AutoScalingGroupName: 'web-main', LaunchTemplate: { LaunchTemplateId: TEMPLATE, LaunchTemplateName: 'web', Version: '$Latest' } } as never,
    { AutoScalingGroupName: 'other', LaunchTemplate: { LaunchTemplateId: 'lt-0ffffffffffffffff', Version: '1' } } as never,
  );

  // Act
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);
  const result = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(goldenImageWorkflow, {
      taskQueue,
      workflowId: workflowIds.goldenImage(REGION, NEW_AMI),
      args: [backupEvent()],
    });
    const result = await handle.result();
    await recordHistoryIfAsked(handle, 'golden-image-pruning');
    return result;
  });

  // Assess
  expect(result.pruning).toEqual({
    keepVersions: 3,
    kept: [7, 6, 5],
    protected: [{ version: 2, reason: 'referenced-by:web-legacy' }],
    deleted: [1, 3, 4],
    errors: [],
  });
  expect(fake.versionNumbers(TEMPLATE)).toEqual([2, 5, 6, 7]);
  expect(fake.templates.get(TEMPLATE)?.defaultVersion).toBe(7);
});

test('the recorded pruning history replays against the current workflow code', async () => {
  await replayRecordedHistory('golden-image-pruning', await goldenImageBundle());
});

test('pruning without referenced versions deletes everything past the newest N; the old default goes too', async () => {
  const fake = fleetRegion(REGION, 5);
  fake.templates.get(TEMPLATE)!.defaultVersion = 1;
  const result = await run(backupEvent({}, { keepVersions: 2 }), fake);
  expect(result.pruning).toMatchObject({ kept: [6, 5], protected: [], deleted: [1, 2, 3, 4], errors: [] });
  expect(fake.versionNumbers(TEMPLATE)).toEqual([5, 6]);
});

test('a version referenced through a mixed instances policy is protected too', async () => {
  const fake = fleetRegion(REGION, 4);
  fake.groups.push({
    AutoScalingGroupName: 'web-spot',
    MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'web', Version: '1' } } },
  } as never);
  const result = await run(backupEvent(), fake);
  expect(result.pruning?.protected).toEqual([{ version: 1, reason: 'referenced-by:web-spot' }]);
  expect(result.pruning?.deleted).toEqual([2]);
});

test('deletion errors are reported, not swallowed', async () => {
  const fake = fleetRegion(REGION, 5);
  fake.templates.get(TEMPLATE)!.undeletable.set(2, { code: 'unexpectedError', message: 'try again later' });
  const result = await run(backupEvent(), fake);
  expect(result.outcome).toBe('rolled-out');
  expect(result.pruning).toMatchObject({ deleted: [1, 3], errors: [{ version: 2, code: 'unexpectedError', message: 'try again later' }] });
  expect(result.reason).toContain('1 could not be deleted');
  expect(fake.ec2).toHaveReceivedCommandWith(DeleteLaunchTemplateVersionsCommand, { LaunchTemplateId: TEMPLATE, Versions: ['1', '2', '3'] });
});

test('parameter missing: a clear non-retryable error naming the parameter', async () => {
  const fake = fleetRegion();
  fake.parameters.clear();
  const failure = await failureOf(backupEvent(), fake);
  expect(failure.nonRetryable).toBe(true);
  expect(failure.type).toBe('ParameterNotFound');
  expect(failure.message).toContain(`SSM parameter ${PARAMETER}`);
  expect(failure.message).toContain(REGION);
  expect(fake.ssm.calls()).toHaveLength(1);
  expect(fake.ec2).not.toHaveReceivedCommand(CreateLaunchTemplateVersionCommand);
});

test('a parameter that holds no launch template id is a clear error too', async () => {
  const fake = fleetRegion();
  fake.parameters.set(PARAMETER, 'web-template');
  const failure = await failureOf(backupEvent(), fake);
  expect(failure).toMatchObject({ nonRetryable: true, type: 'InvalidLaunchTemplateIdParameter' });
  expect(failure.message).toContain(PARAMETER);
});

test('throttling is retried with backoff; access denied fails at once with the AWS error name', async () => {
  const throttled = fleetRegion();
  throttled.failNext('CreateLaunchTemplateVersion', awsError('RequestLimitExceeded', 'Request limit exceeded.'));
  throttled.failNext('CreateLaunchTemplateVersion', awsError('RequestLimitExceeded', 'Request limit exceeded.'));
  await expect(run(backupEvent(), throttled)).resolves.toMatchObject({ outcome: 'rolled-out' });
  expect(throttled.ec2).toHaveReceivedCommandTimes(CreateLaunchTemplateVersionCommand, 3);

  const denied = fleetRegion();
  denied.failNext('ModifyLaunchTemplate', awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
  const failure = await failureOf(backupEvent(), denied);
  expect(failure).toMatchObject({ nonRetryable: true, type: 'UnauthorizedOperation' });
  expect(failure.message).toMatch(/^ModifyLaunchTemplate lt-\w+ failed: UnauthorizedOperation: You are not authorized/);
});

test.each([
  [{ imageId: 'snap-0123456789abcdef0' }, {}, 'imageId'],
  [{ region: 'tokyo' }, {}, 'region'],
  [{}, { launchTemplateIdParameter: '' }, 'settings.launchTemplateIdParameter'],
  [{}, { keepVersions: 0 }, 'settings.keepVersions'],
  [{}, { instanceRefresh: { enabled: true, minHealthyPercentage: 150 } }, 'settings.instanceRefresh.minHealthyPercentage'],
])('bad input (%o %o) fails before any AWS call, naming %s', async (overrides, settings, field) => {
  const fake = fleetRegion();
  const failure = await failureOf(backupEvent(overrides as Partial<GoldenImageInput>, settings as never), fake);
  expect(failure).toMatchObject({ nonRetryable: true, type: 'InvalidInput' });
  expect(failure.message).toContain(field);
  expect(fake.callCount()).toBe(0);
});

test('two regions: every call goes to the event region', async () => {
  const tokyo = fleetRegion('ap-northeast-1');
  const virginia = fleetRegion('us-east-1');
  virginia.addTemplate(TEMPLATE, 'web', [OLD_AMI, OLD_AMI]);

  const result = await run(backupEvent({ region: 'us-east-1' }), tokyo, virginia);

  expect(result).toMatchObject({ outcome: 'rolled-out', region: 'us-east-1', launchTemplateVersion: 3 });
  expect(virginia.versionNumbers(TEMPLATE)).toEqual([1, 2, 3]);
  expect(tokyo.versionNumbers(TEMPLATE)).toEqual([1]);
  expect(tokyo.callCount()).toBe(0);
  expect(virginia.callCount()).toBeGreaterThan(0);
});

test('instance refresh (opt-in) starts on the groups following the template and reports their progress', async () => {
  // Prepare
  const fake = fleetRegion(REGION, 2);
  fake.groups.push(
    { AutoScalingGroupName: 'web-main', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '$Latest' } } as never,
    { AutoScalingGroupName: 'web-default', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '$Default' } } as never,
    { AutoScalingGroupName: 'web-pinned', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as never,
  );
  // web-default already has a refresh running (e.g. started by hand): it is adopted, not doubled.
  fake.refreshes.push({ id: 'refresh-manual', group: 'web-default', status: 'InProgress', percentageComplete: 10, polls: 0 });

  // Act
  const result = await run(backupEvent({}, { instanceRefresh: { enabled: true, minHealthyPercentage: 50 } }), fake);

  // Assess
  expect(result.outcome).toBe('rolled-out');
  expect(result.instanceRefreshes).toEqual([
    { autoScalingGroupName: 'web-main', instanceRefreshId: 'refresh-1', status: 'Successful', percentageComplete: 100, adopted: false },
    { autoScalingGroupName: 'web-default', instanceRefreshId: 'refresh-manual', status: 'Successful', percentageComplete: 100, adopted: true },
  ]);
  expect(fake.refreshes.map((r) => r.group)).toEqual(['web-default', 'web-main']);
});

test('instance refresh is off by default', async () => {
  const fake = fleetRegion();
  fake.groups.push({ AutoScalingGroupName: 'web-main', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '$Latest' } } as never);
  const result = await run(backupEvent(), fake);
  expect(result.instanceRefreshes).toBeUndefined();
  expect(fake.refreshes).toHaveLength(0);
});

test('the outcome is published to the configured SNS topic; no targets, no message', async () => {
  const fake = fleetRegion(REGION, 4);
  const topicArn = 'arn:aws:sns:ap-northeast-1:123456789012:fleet-events';
  const result = await run(backupEvent({}, { notifications: { snsTopicArn: topicArn, region: REGION } }), fake);
  expect(result.outcome).toBe('rolled-out');
  expect(fake.published).toHaveLength(1);
  expect(fake.published[0]).toMatchObject({
    topicArn,
    subject: `Golden image ${NEW_AMI}: rolled-out`,
    message: { outcome: 'success', fields: { region: REGION, launchTemplate: TEMPLATE, version: 5, deleted: '1, 2' }, text: result.reason },
  });

  const quiet = fleetRegion();
  await run(backupEvent(), quiet);
  expect(quiet.published).toHaveLength(0);
});
