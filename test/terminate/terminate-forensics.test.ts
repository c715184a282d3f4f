import { CreateImageCommand } from '@aws-sdk/client-ec2';
import type { WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { TerminateResult } from '../../common/terminate';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { awsError } from './fake-aws';
import { TerminateHarness, workflowsPath } from './harness';

const h = new TerminateHarness();
const topic = 'arn:aws:sns:us-east-1:123456789012:fleet-ops';

beforeAll(async () => {
  await h.start();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => h.resetWorld());

/** Workflow-clock times at which an activity was scheduled, read from the history (the test server's skipped clock). */
async function scheduledTimes(handle: WorkflowHandle, activityType: string): Promise<number[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
    .map((e) => tsToMs(e.eventTime));
}

/** The attempt number each run of an activity type reached (retries do not add scheduled events). */
async function attempts(handle: WorkflowHandle, activityType: string): Promise<number[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
      .map((e) => String(e.eventId)),
  );
  return events
    .filter((e) => e.activityTaskStartedEventAttributes && scheduled.has(String(e.activityTaskStartedEventAttributes.scheduledEventId)))
    .map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 1);
}

async function workflowTimes(handle: WorkflowHandle): Promise<{ started: number; closed: number }> {
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  return { started: tsToMs(events[0]!.eventTime), closed: tsToMs(events[events.length - 1]!.eventTime) };
}

test('CreateImage succeeds but its answer is lost: the retry finds the image by its tag, exactly one image exists', async () => {
  // Prepare
  h.aws.createImageLosesAnswer = 1;
  const input = h.input('orders-asg', 'orders-no-fleet');

  // Act
  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  await recordHistoryIfAsked(handle, 'terminate-create-image-answer-lost');

  // Assess
  expect(h.aws.createImageCalls).toBe(1);
  expect(h.aws.imagesOf(input.action.instanceId)).toHaveLength(1);
  const [image] = h.aws.imagesOf(input.action.instanceId);
  expect(result.forensics).toMatchObject({ status: 'available', imageId: image!.image.ImageId, reused: true });
  // One activity, retried once: the second attempt found the image instead of creating another.
  expect(await attempts(handle, 'createForensicImage')).toEqual([2]);
  expect(h.aws.completions).toHaveLength(1);
});

test('image pending for 2 h of skipped time: the hook is heartbeated throughout, then the image is available', async () => {
  // Prepare: 60 looks at 120 s apart before the image is ready; the hook's heartbeat timeout is 300 s.
  h.aws.imagePendingPolls = 60;
  h.aws.hookHeartbeatTimeout = 300;
  const input = h.input('search-asg', 'search-no-fleet', {
    forensics: { imagePollIntervalSeconds: 120 },
    notifications: { snsTopicArn: topic },
  });

  // Act
  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;

  // Assess: the image
  const imageId = result.forensics.imageId;
  expect(result.forensics).toMatchObject({ status: 'available', reused: false });
  expect(result.forensics.waitedSeconds).toBeGreaterThanOrEqual(2 * 3600);
  expect(result.hook).toMatchObject({ ok: true, heartbeatTimeoutSeconds: 300, source: 'DescribeLifecycleHooks', intervalSeconds: 60 });

  // Assess: no gap between heartbeats (or before the first, or before completion) reaches the hook timeout.
  const { started, closed } = await workflowTimes(handle);
  const beats = await scheduledTimes(handle, 'recordLifecycleActionHeartbeat');
  const marks = [started, ...beats, closed];
  const gaps = marks.slice(1).map((t, i) => t - marks[i]!);
  expect(closed - started).toBeGreaterThan(2 * 3600 * 1000);
  expect(Math.max(...gaps)).toBeLessThan(300 * 1000);
  expect(beats.length).toBeGreaterThanOrEqual(120);
  expect(result.heartbeats.sent).toBe(h.aws.heartbeats - 1); // the first one proves the action is pending
  expect(h.aws.completions).toHaveLength(1);

  // Assess: forensics start and end were announced with the AMI id.
  const titles = h.aws.published.map((p) => p.message.title);
  expect(titles).toEqual([`Forensics started: ${input.action.instanceId}`, `Forensics ended: ${input.action.instanceId} image available`]);
  expect(h.aws.published.map((p) => (p.message.fields as Record<string, unknown>).ami)).toEqual([imageId, imageId]);
});

test("image 'failed': reported with AWS's reason, the drain still runs and the action is completed", async () => {
  h.aws.imagePendingPolls = 2;
  h.aws.imageFinalState = 'failed';
  h.aws.imageStateReason = 'Snapshot creation failed: volume vol-0abc is in error state';
  const input = h.input('media-asg', 'media-no-fleet', { notifications: { snsTopicArn: topic } });

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result.forensics).toMatchObject({ status: 'failed', stateReason: 'Snapshot creation failed: volume vol-0abc is in error state' });
  expect(h.aws.published.at(-1)?.message).toMatchObject({ outcome: 'failure', fields: { ami: result.forensics.imageId, state: 'failed' } });
  expect(result.drain.status).toBe('done');
  expect(result.outcome).toBe('completed');
  expect(h.aws.completions).toHaveLength(1);
});

test('image still pending at imageTimeoutMinutes: timed out, the workflow moves on', async () => {
  h.aws.imagePendingPolls = 10_000;
  const input = h.input('feeds-asg', 'feeds-no-fleet', { forensics: { imageTimeoutMinutes: 30, imagePollIntervalSeconds: 300 } });

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result.forensics).toMatchObject({ status: 'timed-out', stateReason: 'still pending' });
  expect(result.forensics.waitedSeconds).toBeGreaterThanOrEqual(30 * 60);
  expect(result.forensics.waitedSeconds).toBeLessThan(32 * 60);
  expect(result.outcome).toBe('completed');
});

test('CreateImage refused (instance already shutting down): reported as an error, no retries, action completed', async () => {
  h.aws.ec2.on(CreateImageCommand).rejects(
    awsError('IncorrectInstanceState', 'The instance is not in a valid state for this operation'),
  );
  const input = h.input('jobs-asg', 'jobs-no-fleet');

  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;

  expect(result.forensics.status).toBe('error');
  expect(result.forensics.error).toMatch(/IncorrectInstanceState/);
  expect(await attempts(handle, 'createForensicImage')).toEqual([1]);
  expect(h.aws.ec2.commandCalls(CreateImageCommand)).toHaveLength(1);
  expect(result.drain.status).toBe('done');
  expect(h.aws.completions).toHaveLength(1);
});

test('recorded history terminate-create-image-answer-lost replays against the current workflow code', async () => {
  await replayRecordedHistory('terminate-create-image-answer-lost', await workflowBundle(workflowsPath));
});
