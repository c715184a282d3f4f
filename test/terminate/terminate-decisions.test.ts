import type { TerminateResult } from '../../common/terminate';
import { closeReleaseWindowSignal, openReleaseWindowSignal } from '../../workflows/fleet';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { useTerminateHarness, workflowsPath } from './harness';

const h = useTerminateHarness();

function imageTags(result: TerminateResult): Record<string, string> {
  const image = h.aws.images.get(result.forensics.imageId ?? '');
  return Object.fromEntries((image?.image.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

test('same ASG as the fleet current one: unexpected, one tagged image, drained, completed CONTINUE', async () => {
  // Prepare
  await h.observeLaunch('shop', { autoScalingGroupName: 'shop-asg-1', instanceId: 'i-0aaa000000000001' });
  await h.fleetState('shop', (v) => v.currentAutoScalingGroupName === 'shop-asg-1');
  const input = h.input('shop-asg-1', 'shop');

  // Act
  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  await recordHistoryIfAsked(handle, 'terminate-unexpected-same-asg');

  // Assess
  expect(result.decision).toMatchObject({ kind: 'unexpected', reason: 'asg-current' });
  expect(result.decision?.evidence.fleet).toMatchObject({ status: 'answered', currentAutoScalingGroupName: 'shop-asg-1', releaseWindowOpen: false });
  expect(result.forensics.status).toBe('available');
  expect(h.aws.imagesOf(input.action.instanceId)).toHaveLength(1);
  expect(imageTags(result)).toMatchObject({
    'fleet-workflows:instance-id': input.action.instanceId,
    'fleet-workflows:asg': 'shop-asg-1',
    'fleet-workflows:decision': 'unexpected/asg-current',
    'fleet-workflows:workflow-id': handle.workflowId,
  });
  expect(result.drain).toMatchObject({ status: 'done', command: { status: 'success' }, monitoring: { status: 'deleted' } });
  expect(h.zabbix.byName(h.aws.privateDnsName)).toBeUndefined();
  expect(h.aws.completions).toEqual([{ instanceId: input.action.instanceId, result: 'CONTINUE', token: input.action.lifecycleActionToken }]);
  expect(result.outcome).toBe('completed');
  expect(result.summary).toMatch(/Unexpected termination/);
});

test('ASG replaced by a newer one (a release): planned, no image, still drained and completed', async () => {
  await h.observeLaunch('blog', { autoScalingGroupName: 'blog-asg-1', instanceId: 'i-0aaa000000000002' });
  await h.observeLaunch('blog', { autoScalingGroupName: 'blog-asg-2', instanceId: 'i-0aaa000000000003' });
  await h.fleetState('blog', (v) => v.currentAutoScalingGroupName === 'blog-asg-2');
  const input = h.input('blog-asg-1', 'blog');

  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  await recordHistoryIfAsked(handle, 'terminate-planned-asg-replaced');

  expect(result.decision).toMatchObject({ kind: 'planned', reason: 'asg-replaced' });
  expect(result.decision?.explanation).toMatch(/blog-asg-1 was replaced by blog-asg-2/);
  expect(result.forensics).toMatchObject({ status: 'skipped' });
  expect(h.aws.createImageCalls).toBe(0);
  expect(result.drain.status).toBe('done');
  expect(h.aws.completions).toHaveLength(1);
});

test("ASG in 'Delete in progress': planned, even though it is still the current ASG", async () => {
  await h.observeLaunch('api', { autoScalingGroupName: 'api-asg-1', instanceId: 'i-0aaa000000000004' });
  await h.fleetState('api', (v) => v.currentAutoScalingGroupName === 'api-asg-1');
  const input = h.input('api-asg-1', 'api');
  h.aws.groups.set('api-asg-1', { status: 'Delete in progress' });

  const result = (await (await h.startTerminate(input)).result()) as TerminateResult;

  expect(result.decision).toMatchObject({ kind: 'planned', reason: 'asg-deleting' });
  expect(result.decision?.evidence.autoScalingGroup).toEqual({ exists: true, status: 'Delete in progress' });
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.completions).toHaveLength(1);
});

test('release window open: planned, with who opened it as evidence', async () => {
  await h.observeLaunch('cms', { autoScalingGroupName: 'cms-asg-1', instanceId: 'i-0aaa000000000005' });
  await h.fleetHandle('cms').signal(openReleaseWindowSignal, { by: 'ci', reason: 'deploy 42', ttlMinutes: 90 });
  await h.fleetState('cms', (v) => v.releaseWindowOpen);

  const result = (await (await h.startTerminate(h.input('cms-asg-1', 'cms'))).result()) as TerminateResult;

  expect(result.decision).toMatchObject({ kind: 'planned', reason: 'release-window-open' });
  expect(result.decision?.evidence.fleet.releaseWindow).toMatchObject({ openedBy: 'ci', reason: 'deploy 42' });
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.completions).toHaveLength(1);
});

test('release window closed by signal: the next termination in the current ASG is unexpected', async () => {
  // The time-skipping server jumps to the next timer once nothing else runs, so the window
  // is opened and closed before the termination, leaving no expiry timer to jump to.
  await h.observeLaunch('wiki', { autoScalingGroupName: 'wiki-asg-1', instanceId: 'i-0aaa000000000009' });
  await h.fleetHandle('wiki').signal(openReleaseWindowSignal, { by: 'ci', reason: 'deploy 43' });
  await h.fleetState('wiki', (v) => v.releaseWindowOpen);
  await h.fleetHandle('wiki').signal(closeReleaseWindowSignal, { by: 'ci', reason: 'deploy 43 done' });
  await h.fleetState('wiki', (v) => !v.releaseWindowOpen);

  const result = (await (await h.startTerminate(h.input('wiki-asg-1', 'wiki'))).result()) as TerminateResult;

  expect(result.decision).toMatchObject({ kind: 'unexpected', reason: 'asg-current' });
  expect(result.decision?.evidence.fleet.lastClosedReleaseWindow).toMatchObject({ closedHow: 'signal', closedBy: 'ci', closeReason: 'deploy 43 done' });
  expect(h.aws.createImageCalls).toBe(1);
});

test('a forgotten release window expires on its own timer: the termination is unexpected', async () => {
  await h.observeLaunch('docs', { autoScalingGroupName: 'docs-asg-1', instanceId: 'i-0aaa000000000006' });
  await h.fleetHandle('docs').signal(openReleaseWindowSignal, { by: 'alice', ttlMinutes: 30 });
  await h.fleetState('docs', (v) => v.releaseWindowOpen);

  await h.env.sleep('31 minutes');
  const result = (await (await h.startTerminate(h.input('docs-asg-1', 'docs'))).result()) as TerminateResult;

  expect(result.decision).toMatchObject({ kind: 'unexpected', reason: 'asg-current' });
  expect(result.decision?.evidence.fleet.releaseWindowOpen).toBe(false);
  expect(result.decision?.evidence.fleet.lastClosedReleaseWindow).toMatchObject({ closedHow: 'expired', openedBy: 'alice' });
  expect(result.forensics.status).toBe('available');
});

test('health-check replacement in the current ASG: unexpected, and the cause is on the image', async () => {
  await h.observeLaunch('pay', { autoScalingGroupName: 'pay-asg-1', instanceId: 'i-0aaa000000000007' });
  await h.fleetState('pay', (v) => v.currentAutoScalingGroupName === 'pay-asg-1');
  const input = h.input('pay-asg-1', 'pay');
  h.aws.scalingActivities.set('pay-asg-1', [
    {
      ActivityId: 'act-1',
      AutoScalingGroupName: 'pay-asg-1',
      Description: `Terminating EC2 instance: ${input.action.instanceId}`,
      Cause: `At 2024-05-01T10:00:00Z an instance was taken out of service in response to an ELB system health check failure.`,
      StartTime: new Date(),
      StatusCode: 'WaitingForInstanceWarmup',
    },
  ]);

  const handle = await h.startTerminate(input);
  const result = (await handle.result()) as TerminateResult;
  await recordHistoryIfAsked(handle, 'terminate-unexpected-health-check');

  expect(result.decision).toMatchObject({ kind: 'unexpected', reason: 'asg-current' });
  expect(result.decision?.evidence.scalingActivity).toMatchObject({ activityId: 'act-1', cause: 'health-check' });
  expect(result.decision?.explanation).toMatch(/health-check/);
  expect(imageTags(result)['fleet-workflows:cause']).toBe('health-check');
});

test('no fleet workflow yet (no launch ever seen): unexpected, evidence kept', async () => {
  const result = (await (await h.startTerminate(h.input('lone-asg', 'never-launched'))).result()) as TerminateResult;
  expect(result.decision).toMatchObject({ kind: 'unexpected', reason: 'no-fleet-record' });
  expect(result.decision?.evidence.fleet.status).toBe('no-fleet-record');
  expect(h.aws.createImageCalls).toBe(1);
});

test('forensics disabled for the fleet: unexpected but no image', async () => {
  await h.observeLaunch('tools', { autoScalingGroupName: 'tools-asg', instanceId: 'i-0aaa000000000008' });
  await h.fleetState('tools', (v) => v.currentAutoScalingGroupName === 'tools-asg');
  const result = (await (await h.startTerminate(h.input('tools-asg', 'tools', { forensics: { enabled: false } }))).result()) as TerminateResult;
  expect(result.decision?.kind).toBe('unexpected');
  expect(result.forensics).toMatchObject({ status: 'skipped', skippedBecause: 'forensics disabled for this fleet' });
  expect(h.aws.createImageCalls).toBe(0);
});

test.each(['terminate-unexpected-same-asg', 'terminate-planned-asg-replaced', 'terminate-unexpected-health-check'])(
  'recorded history %s replays against the current workflow code',
  async (name) => {
    await replayRecordedHistory(name, await workflowBundle(workflowsPath));
  },
);
