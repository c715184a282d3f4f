// Observe mode (issue 18): the rollout and the pin read the real account and decide as they
// would, and send no write; what they would have sent is in the result and the memo.
import { DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { WorkflowClient, WorkflowFailedError } from '@temporalio/client';
import type { GoldenImageInput, PinLatestInput } from '../../common/golden-image';
import { OBSERVE_MEMO_KEY, type WouldHave } from '../../common/observe';
import { workflowIds } from '../../common/workflow-ids';
import { goldenImageWorkflow, launchTemplateLockWorkflow } from '../../workflows/golden-image';
import { launchTemplateLockId } from '../../workflows/golden-image-lock';
import { pinLatestWorkflow } from '../../workflows/pin-latest';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { FakeAwsRegion } from './fake-aws';
import { goldenImageBundle, goldenImageWorker } from './setup';

const REGION = 'eu-central-1';
const TEMPLATE = 'lt-0a1b2c3d4e5f60718';
const PARAMETER = '/web/launch-template-id';
const OLD_AMI = 'ami-00000000000000001';
const NEW_AMI = 'ami-0fedcba9876543210';
const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:fleet-events';

const server = useTimeSkippingEnv();

/**
 * Five versions on the old AMI (the fifth the default), one group following $Latest, one
 * pinned to version 4: a rollout here creates, sets the default, prunes and refreshes.
 */
function busyTemplateRegion(): FakeAwsRegion {
  const fake = new FakeAwsRegion(REGION);
  fake.parameters.set(PARAMETER, TEMPLATE);
  fake.addTemplate(TEMPLATE, 'web', [OLD_AMI, OLD_AMI, OLD_AMI, OLD_AMI, OLD_AMI]);
  fake.images.set(NEW_AMI, { state: 'available' });
  fake.groups.push(
    { AutoScalingGroupName: 'web-main', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '$Latest' } } as AutoScalingGroup,
    { AutoScalingGroupName: 'web-pinned', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '4' } } as AutoScalingGroup,
  );
  return fake;
}

/** Every write a rollout can make is switched on. */
const EVERY_WRITE: Partial<GoldenImageInput['settings']> = {
  instanceRefresh: { enabled: true, minHealthyPercentage: 50 },
  notifications: { snsTopicArn: TOPIC, region: REGION },
};

function backupEvent(settings: Partial<GoldenImageInput['settings']> = {}): GoldenImageInput {
  return {
    region: REGION,
    imageId: NEW_AMI,
    description: 'Created for policy: policy-0123 schedule: EC2_BACKUP daily',
    settings: { launchTemplateIdParameter: PARAMETER, ...settings },
  };
}

/** Runs one rollout to its end, recording its history under `historyName` when asked. */
async function rollout(fake: FakeAwsRegion, input: GoldenImageInput, historyName?: string) {
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);
  return worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(goldenImageWorkflow, {
      taskQueue,
      workflowId: `${workflowIds.goldenImage(REGION, input.imageId)}/${taskQueue}`,
      args: [input],
    });
    const result = await handle.result();
    if (historyName) await recordHistoryIfAsked(handle, historyName);
    return { result, memo: (await handle.describe()).memo };
  });
}

async function pin(fake: FakeAwsRegion, input: PinLatestInput) {
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);
  return worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(pinLatestWorkflow, {
      taskQueue,
      workflowId: workflowIds.pinLatest(input.region, input.autoScalingGroupName, `${taskQueue}-event`),
      args: [input],
    });
    return { result: await handle.result(), memo: (await handle.describe()).memo };
  });
}

/** The would-haves without their times, which only say when the decision was made. */
function withoutTimes(observed: WouldHave[] | undefined): Omit<WouldHave, 'at'>[] | undefined {
  return observed?.map(({ call, target, detail }) => ({ call, target, detail }));
}

/** The kinds of call a client received, e.g. DescribeImagesCommand: a write among them is a write sent. */
function commandsReceived(client: FakeAwsRegion['ec2'] | FakeAwsRegion['autoScaling']): Set<string> {
  return new Set(client.calls().map((call) => (call.args[0] as object).constructor.name));
}

test('observing, a rollout reads and decides as it would act, and the account is left as it was', async () => {
  // Prepare
  const fake = busyTemplateRegion();

  // Act
  const { result, memo } = await rollout(fake, backupEvent({ ...EVERY_WRITE, mode: 'observe' }), 'golden-image-observe');

  // Assess: nothing changed in the account...
  const template = fake.templates.get(TEMPLATE);
  expect(fake.versionNumbers(TEMPLATE)).toEqual([1, 2, 3, 4, 5]);
  expect(template?.defaultVersion).toBe(5);
  expect(fake.refreshes).toEqual([]);
  expect(fake.published).toEqual([]);
  // ...and the only calls it sent were its reads.
  expect(commandsReceived(fake.ec2)).toEqual(new Set([DescribeImagesCommand.name, DescribeLaunchTemplateVersionsCommand.name]));
  expect(commandsReceived(fake.autoScaling)).toEqual(new Set([DescribeAutoScalingGroupsCommand.name]));
  expect(fake.ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: PARAMETER });
  expect(fake.sns.calls()).toHaveLength(0);

  // The writes it would have made, in the order it would have made them.
  expect(withoutTimes(result.observed)).toEqual([
    { call: 'CreateLaunchTemplateVersion', target: TEMPLATE, detail: `version 6 from $Latest with ${NEW_AMI}` },
    { call: 'ModifyLaunchTemplate', target: TEMPLATE, detail: `version 6 (${NEW_AMI}) as default, instead of 5` },
    { call: 'DeleteLaunchTemplateVersions', target: TEMPLATE, detail: 'delete versions 1,2,3' },
    { call: 'StartInstanceRefresh', target: 'web-main', detail: "refresh onto the template's new default, MinHealthyPercentage 50" },
    { call: 'Notify', target: TOPIC, detail: `Golden image ${NEW_AMI}: rolled-out` },
  ]);
  for (const would of result.observed ?? []) expect(new Date(would.at).toISOString()).toBe(would.at);
  expect(result).toMatchObject({
    mode: 'observe',
    outcome: 'rolled-out',
    createdVersion: false,
    launchTemplateId: TEMPLATE,
    decision: { launchTemplateId: TEMPLATE, imageId: NEW_AMI, newVersion: true, defaultVersion: 6, defaultVersionBefore: 5, deleteVersions: [1, 2, 3] },
    pruning: { kept: [6, 5, 4], deleted: [], errors: [] },
    instanceRefreshes: [{ autoScalingGroupName: 'web-main', status: 'not-started' }],
  });
  expect(result.launchTemplateVersion).toBeUndefined();
  expect(result.defaultVersion).toBeUndefined();
  expect(result.reason).toMatch(/^observe mode: would create version 6 .*nothing was sent$/);
  expect(memo?.[OBSERVE_MEMO_KEY]).toEqual({ mode: 'observe', wouldHave: result.observed });
  expect(memo?.mode).toBe('observe');
});

test('the recorded observing rollout replays against the current workflow code', async () => {
  await replayRecordedHistory('golden-image-observe', await goldenImageBundle());
});

test('acting on the same account does what the observing run said it would, and its result has no observe fields', async () => {
  const observedFake = busyTemplateRegion();
  const actingFake = busyTemplateRegion();

  const { result: observed } = await rollout(observedFake, backupEvent({ ...EVERY_WRITE, mode: 'observe' }));
  const { result: acted, memo } = await rollout(actingFake, backupEvent(EVERY_WRITE));

  const template = actingFake.templates.get(TEMPLATE);
  expect(template?.defaultVersion).toBe(observed.decision?.defaultVersion);
  expect(template?.versions.find((v) => v.versionNumber === template.defaultVersion)?.imageId).toBe(observed.decision?.imageId);
  expect(acted.pruning?.deleted).toEqual(observed.decision?.deleteVersions);
  expect(actingFake.refreshes.map((r) => r.group)).toEqual(observed.instanceRefreshes?.map((r) => r.autoScalingGroupName));
  expect(actingFake.published).toHaveLength(1);
  expect(acted).toMatchObject({ outcome: 'rolled-out', createdVersion: true, launchTemplateVersion: 6, defaultVersion: 6 });
  for (const field of ['mode', 'observed', 'decision']) expect(acted).not.toHaveProperty(field);
  expect(memo).not.toHaveProperty(OBSERVE_MEMO_KEY);
});

test('observing, when $Latest already uses the image, only the default version would change', async () => {
  // Prepare: version 2 already carries the image, version 1 is still the default.
  const fake = new FakeAwsRegion(REGION);
  fake.parameters.set(PARAMETER, TEMPLATE);
  fake.addTemplate(TEMPLATE, 'web', [OLD_AMI, NEW_AMI], 1);
  fake.images.set(NEW_AMI, { state: 'available' });

  // Act
  const { result } = await rollout(fake, backupEvent({ mode: 'observe' }));

  // Assess
  expect(withoutTimes(result.observed)).toEqual([
    { call: 'ModifyLaunchTemplate', target: TEMPLATE, detail: `version 2 (${NEW_AMI}) as default, instead of 1` },
  ]);
  expect(result).toMatchObject({
    mode: 'observe',
    outcome: 'already-current',
    launchTemplateVersion: 2,
    decision: { newVersion: false, defaultVersion: 2, defaultVersionBefore: 1, deleteVersions: [] },
  });
  expect(fake.templates.get(TEMPLATE)?.defaultVersion).toBe(1);
  expect(fake.versionNumbers(TEMPLATE)).toEqual([1, 2]);
  expect(commandsReceived(fake.ec2)).toEqual(new Set([DescribeImagesCommand.name, DescribeLaunchTemplateVersionsCommand.name]));
});

test('observing, a rollout does not wait for the template lock an acting rollout holds', async () => {
  // Prepare
  const fake = busyTemplateRegion();
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act: the lock is held until the test ends. The rollout is awaited with time skipping locked:
  // skipping jumps to the next timer whenever the server is idle, and the next timer was the
  // lock's own run timeout, so the lock sometimes timed out under the rollout. An observing
  // rollout needs no timer to finish; one that waited for the lock would never finish here.
  const realTime = new WorkflowClient({ connection: server.env.connection });
  const { result, lockStatus } = await worker.runUntil(async () => {
    const lock = await server.env.client.workflow.start(launchTemplateLockWorkflow, {
      taskQueue,
      workflowId: launchTemplateLockId(REGION, TEMPLATE),
      args: [{ region: REGION, launchTemplateId: TEMPLATE, holder: 'an acting rollout' }],
    });
    const result = await realTime.execute(goldenImageWorkflow, {
      taskQueue,
      workflowId: `${workflowIds.goldenImage(REGION, NEW_AMI)}/${taskQueue}`,
      args: [backupEvent({ mode: 'observe' })],
    });
    const lockStatus = (await lock.describe()).status.name;
    await lock.terminate('test over');
    return { result, lockStatus };
  });

  // Assess
  expect(result).toMatchObject({ mode: 'observe', outcome: 'rolled-out', decision: { defaultVersion: 6 } });
  expect(lockStatus).toBe('RUNNING');
  expect(fake.templates.get(TEMPLATE)?.defaultVersion).toBe(5);
});

test('observing, pin-latest reads the group and records the update it would make', async () => {
  // Prepare
  const fake = new FakeAwsRegion(REGION);
  fake.groups.push({ AutoScalingGroupName: 'web-blue', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as AutoScalingGroup);

  // Act
  const { result, memo } = await pin(fake, { region: REGION, autoScalingGroupName: 'web-blue', mode: 'observe' });

  // Assess
  expect(fake.groups[0]?.LaunchTemplate?.Version).toBe('1');
  expect(fake.autoScaling).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
  expect(fake.autoScaling).toHaveReceivedCommandWith(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['web-blue'] });
  expect(withoutTimes(result.observed)).toEqual([
    { call: 'UpdateAutoScalingGroup', target: 'web-blue', detail: 'LaunchTemplate.Version from 1 to $Latest' },
  ]);
  expect(result).toMatchObject({ mode: 'observe', outcome: 'pinned', previousVersion: '1' });
  expect(result.reason).toContain('nothing was sent');
  expect(memo?.[OBSERVE_MEMO_KEY]).toEqual({ mode: 'observe', wouldHave: result.observed });
});

test('acting, pin-latest changes the group and its result has no observe fields', async () => {
  const fake = new FakeAwsRegion(REGION);
  fake.groups.push({ AutoScalingGroupName: 'web-blue', LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: '1' } } as AutoScalingGroup);

  const { result, memo } = await pin(fake, { region: REGION, autoScalingGroupName: 'web-blue', mode: 'act' });

  expect(fake.groups[0]?.LaunchTemplate?.Version).toBe('$Latest');
  expect(result.outcome).toBe('pinned');
  for (const field of ['mode', 'observed']) expect(result).not.toHaveProperty(field);
  expect(memo).not.toHaveProperty(OBSERVE_MEMO_KEY);
});

test('an unknown mode fails before any AWS call instead of acting', async () => {
  const fake = busyTemplateRegion();

  const rolloutError = await rollout(fake, backupEvent({ ...EVERY_WRITE, mode: 'dry-run' as never })).catch((e: unknown) => e);
  const pinError = await pin(fake, { region: REGION, autoScalingGroupName: 'web-main', mode: 'dry-run' as never }).catch((e: unknown) => e);

  for (const [err, field] of [
    [rolloutError, 'settings.mode'],
    [pinError, 'mode'],
  ] as const) {
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(((err as WorkflowFailedError).cause as Error).message).toContain(`invalid input: ${field}`);
  }
  expect(fake.callCount()).toBe(0);
});
