// Two backups of one launch template: rollouts take turns per template, and an image created
// before the template's default never replaces it, whichever becomes available first.
import { CreateLaunchTemplateVersionCommand, DescribeLaunchTemplateVersionsCommand, ModifyLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import type { WorkflowHandle } from '@temporalio/client';
import type { GoldenImageInput, GoldenImagePhase } from '../../common/golden-image';
import { workflowIds } from '../../common/workflow-ids';
import { goldenImageProgressQuery, goldenImageWorkflow, launchTemplateLockWorkflow } from '../../workflows/golden-image';
import { launchTemplateLockId } from '../../workflows/golden-image-lock';
import { isNewerImage } from '../../workflows/golden-image-ordering';
import { lockProgressQuery } from '../../workflows/workflow-lock';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { FakeAwsRegion } from './fake-aws';
import { goldenImageBundle, goldenImageWorker } from './setup';

const REGION = 'eu-west-1';
const TEMPLATE = 'lt-0a1b2c3d4e5f60718';
const PARAMETER = '/web/launch-template-id';
const INITIAL_AMI = 'ami-00000000000000001';
/** Monday night's backup: created first, but slow to become available. */
const MONDAY_AMI = 'ami-0aaaaaaaaaaaaaaa1';
/** Tuesday night's backup: created a day later. */
const TUESDAY_AMI = 'ami-0bbbbbbbbbbbbbbb2';

const server = useTimeSkippingEnv();

function fleetRegion(): FakeAwsRegion {
  const fake = new FakeAwsRegion(REGION);
  fake.parameters.set(PARAMETER, TEMPLATE);
  fake.addTemplate(TEMPLATE, 'web', [INITIAL_AMI]);
  fake.images.set(INITIAL_AMI, { state: 'available', creationDate: '2026-11-01T02:00:00.000Z' });
  fake.images.set(MONDAY_AMI, { state: 'available', creationDate: '2026-11-23T02:00:00.000Z' });
  fake.images.set(TUESDAY_AMI, { state: 'available', creationDate: '2026-11-24T02:00:00.000Z' });
  return fake;
}

function backupEvent(imageId: string): GoldenImageInput {
  return {
    region: REGION,
    imageId,
    description: 'Created for policy: policy-0123 schedule: EC2_BACKUP daily',
    settings: { launchTemplateIdParameter: PARAMETER },
  };
}

function startRollout(taskQueue: string, imageId: string): Promise<WorkflowHandle<typeof goldenImageWorkflow>> {
  return server.env.client.workflow.start(goldenImageWorkflow, {
    taskQueue,
    workflowId: `${workflowIds.goldenImage(REGION, imageId)}/${taskQueue}`,
    args: [backupEvent(imageId)],
  });
}

/** Queries until the run reports `phase`; time does not skip meanwhile, so the run stays there. */
async function untilPhase(handle: WorkflowHandle<typeof goldenImageWorkflow>, phase: GoldenImagePhase): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await handle.query(goldenImageProgressQuery)).phase === phase) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${handle.workflowId} never reached ${phase}`);
}

test('images are ordered by creation date; either date unknown orders nothing', () => {
  expect(isNewerImage('2026-11-24T02:00:00.000Z', '2026-11-23T02:00:00.000Z')).toBe(true);
  expect(isNewerImage('2026-11-23T02:00:00.000Z', '2026-11-24T02:00:00.000Z')).toBe(false);
  expect(isNewerImage('2026-11-23T02:00:00.000Z', '2026-11-23T02:00:00.000Z')).toBe(false);
  expect(isNewerImage(undefined, '2026-11-23T02:00:00.000Z')).toBe(false);
  expect(isNewerImage('2026-11-24T02:00:00.000Z', 'not a date')).toBe(false);
});

test('the older backup, available after the newer one rolled out, leaves the newer default in place', async () => {
  // Prepare: Monday's image is still pending when Tuesday's is already available.
  const fake = fleetRegion();
  fake.images.set(MONDAY_AMI, { state: 'pending', creationDate: '2026-11-23T02:00:00.000Z' });
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act
  const { monday, tuesday } = await worker.runUntil(async () => {
    const mondayRun = await startRollout(taskQueue, MONDAY_AMI);
    await untilPhase(mondayRun, 'waiting-for-image');
    const tuesday = await (await startRollout(taskQueue, TUESDAY_AMI)).result();
    fake.images.set(MONDAY_AMI, { state: 'available', creationDate: '2026-11-23T02:00:00.000Z' });
    const monday = await mondayRun.result();
    await recordHistoryIfAsked(mondayRun, 'golden-image-older-image-kept-out');
    return { monday, tuesday };
  });

  // Assess
  expect(tuesday).toMatchObject({ outcome: 'rolled-out', launchTemplateVersion: 2, defaultVersion: 2 });
  expect(monday).toMatchObject({
    outcome: 'skipped-older-image',
    createdVersion: false,
    newerDefault: { version: 2, imageId: TUESDAY_AMI, creationDate: '2026-11-24T02:00:00.000Z' },
  });
  expect(monday.reason).toContain(`${TUESDAY_AMI}, created 2026-11-24T02:00:00.000Z, after this image (2026-11-23T02:00:00.000Z)`);
  expect(fake.templates.get(TEMPLATE)?.defaultVersion).toBe(2);
  expect(fake.templates.get(TEMPLATE)?.versions.map((v) => v.imageId)).toEqual([INITIAL_AMI, TUESDAY_AMI]);
  expect(fake.ec2).toHaveReceivedCommandTimes(CreateLaunchTemplateVersionCommand, 1);
});

test('the recorded history of an older image kept out replays against the current workflow code', async () => {
  await replayRecordedHistory('golden-image-older-image-kept-out', await goldenImageBundle());
});

test('a second rollout of the template waits until the first has written it, then goes on', async () => {
  // Prepare: Monday's run will be held inside CreateLaunchTemplateVersion, holding the template.
  const fake = fleetRegion();
  const held = fake.holdNext('CreateLaunchTemplateVersion');
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act
  const { monday, tuesday, describesWhileHeld, lockProgress, mondayId } = await worker.runUntil(async () => {
    const mondayRun = await startRollout(taskQueue, MONDAY_AMI);
    await held.reached;
    const tuesdayRun = await startRollout(taskQueue, TUESDAY_AMI);
    await untilPhase(tuesdayRun, 'waiting-for-other-rollout');
    const describesWhileHeld = fake.ec2.commandCalls(DescribeLaunchTemplateVersionsCommand).length;
    const lockProgress = await server.env.client.workflow.getHandle(launchTemplateLockId(REGION, TEMPLATE)).query(lockProgressQuery);
    held.release();
    return { monday: await mondayRun.result(), tuesday: await tuesdayRun.result(), describesWhileHeld, lockProgress, mondayId: mondayRun.workflowId };
  });

  // Assess: Tuesday read the template only after Monday had made its version the default.
  expect(describesWhileHeld).toBe(1);
  expect(lockProgress.holder).toBe(mondayId);
  expect(monday).toMatchObject({ outcome: 'rolled-out', launchTemplateVersion: 2 });
  expect(tuesday).toMatchObject({ outcome: 'rolled-out', launchTemplateVersion: 3, defaultVersion: 3 });
  const calls = fake.ec2.calls().map((call) => (call.args[0] as object).constructor.name);
  const mondaysDefault = calls.indexOf(ModifyLaunchTemplateCommand.name);
  const tuesdaysRead = calls.lastIndexOf(DescribeLaunchTemplateVersionsCommand.name);
  expect(mondaysDefault).toBeGreaterThan(-1);
  expect(tuesdaysRead).toBeGreaterThan(mondaysDefault);
  expect(fake.templates.get(TEMPLATE)?.defaultVersion).toBe(3);
});

test('a template held past the wait is left unchanged, and the run says another rollout held it', async () => {
  // Prepare: a holder that never lets go (a stuck rollout). Its run timeout only bounds the
  // test server's clock: once nothing else is pending, time-skipping jumps to that deadline.
  const fake = fleetRegion();
  const { worker, taskQueue } = await goldenImageWorker(server.env, fake);

  // Act
  const { result, waitedMinutes } = await worker.runUntil(async () => {
    await server.env.client.workflow.start(launchTemplateLockWorkflow, {
      taskQueue,
      workflowId: launchTemplateLockId(REGION, TEMPLATE),
      args: [{ region: REGION, launchTemplateId: TEMPLATE, holder: 'stuck' }],
      workflowRunTimeout: '3 hours',
    });
    const rollout = await startRollout(taskQueue, TUESDAY_AMI);
    const result = await rollout.result();
    // Workflow time from start to completion, from the history (the clock may jump afterwards).
    const events = (await rollout.fetchHistory()).events ?? [];
    const seconds = (i: number) => Number(events[i]?.eventTime?.seconds ?? 0);
    return { result, waitedMinutes: (seconds(events.length - 1) - seconds(0)) / 60 };
  });

  // Assess
  expect(result).toMatchObject({ outcome: 'template-busy', createdVersion: false });
  expect(result.reason).toContain(`another rollout held launch template ${TEMPLATE} for 60 minutes`);
  expect(waitedMinutes).toBeGreaterThanOrEqual(60);
  expect(waitedMinutes).toBeLessThan(62);
  expect(fake.ec2).not.toHaveReceivedCommand(DescribeLaunchTemplateVersionsCommand);
  expect(fake.templates.get(TEMPLATE)?.defaultVersion).toBe(1);
});
