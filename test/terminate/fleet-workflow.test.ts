import { FLEET_QUERIES, type FleetStateView } from '../../common/terminate';
import { closeReleaseWindowSignal, fleetStateQuery, openReleaseWindowSignal } from '../../workflows/fleet';
import { fleetWorkflow, launchObservedSignal } from '../../workflows/fleet';
import { workflowIds } from '../../common/workflow-ids';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { waitUntil } from '../helpers/wait';
import { TerminateHarness, workflowsPath } from './harness';

const h = new TerminateHarness();

beforeAll(async () => {
  await h.start();
});
afterAll(async () => {
  await h.stop();
});

/**
 * Waits for the run after `runId` by describing, never querying: the Java test server leaves a
 * query that lands on a run as it continues-as-new unanswered, and holds its clock still while
 * such queries pile up (so a later `env.sleep` never returns). Measured: 40 starts, each with 7
 * signals and a query after each, hung 26 queries and then the sleep; with no query in the race,
 * none.
 */
async function runAfter(fleetName: string, runId: string): Promise<FleetStateView> {
  const handle = h.fleetHandle(fleetName);
  await waitUntil(`fleet ${fleetName} continued as new after run ${runId}`, 15_000, async () => {
    const { runId: latest, status } = await handle.describe();
    return latest !== runId && status.name === 'RUNNING';
  });
  return h.fleetState(fleetName);
}

test('continue-as-new after N events carries the current ASG, the open window and the counts into the next run', async () => {
  // Prepare: a new run after every 3 events.
  const fleetName = 'cart';
  const handle = await h.env.client.workflow.start(fleetWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.fleet(fleetName),
    args: [{ fleetName, continueAsNewAfterEvents: 3 }],
  });
  const firstRunId = handle.firstExecutionRunId;

  // Act: 3 launches (a release from cart-asg-1 to cart-asg-2), then a window, then 2 more launches.
  const at = (minute: number) => `2024-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
  await handle.signal(launchObservedSignal, { autoScalingGroupName: 'cart-asg-1', instanceId: 'i-0c00000000000001', at: at(1) });
  await handle.signal(launchObservedSignal, { autoScalingGroupName: 'cart-asg-2', instanceId: 'i-0c00000000000002', at: at(2) });
  await handle.signal(launchObservedSignal, { autoScalingGroupName: 'cart-asg-2', instanceId: 'i-0c00000000000003', at: at(3) });
  const second = await runAfter(fleetName, firstRunId);
  expect(second).toMatchObject({ run: 2, currentAutoScalingGroupName: 'cart-asg-2', launchesObserved: 3 });
  const secondRunId = (await h.fleetHandle(fleetName).describe()).runId;
  await handle.signal(openReleaseWindowSignal, { by: 'ci', reason: 'deploy 7', ttlMinutes: 45 });
  // An event older than the one that made cart-asg-2 current must not bring cart-asg-1 back.
  await handle.signal(launchObservedSignal, { autoScalingGroupName: 'cart-asg-1', instanceId: 'i-0c00000000000004', at: at(0) });
  await handle.signal(launchObservedSignal, { autoScalingGroupName: 'cart-asg-2', instanceId: 'i-0c00000000000005', at: at(5) });
  const view = await runAfter(fleetName, secondRunId);

  // Assess
  expect(view).toMatchObject({
    fleetName,
    run: 3,
    currentAutoScalingGroupName: 'cart-asg-2',
    currentSince: at(5),
    previousAutoScalingGroupNames: ['cart-asg-1'],
    launchesObserved: 5,
    releaseWindowOpen: true,
    releaseWindow: { openedBy: 'ci', reason: 'deploy 7' },
  });
  const latest = await h.env.client.workflow.getHandle(workflowIds.fleet(fleetName)).describe();
  expect(latest.runId).not.toBe(firstRunId);
  expect(latest.status.name).toBe('RUNNING');
  await recordHistoryIfAsked(h.env.client.workflow.getHandle(workflowIds.fleet(fleetName), firstRunId), 'fleet-continue-as-new');

  // The window's expiry timer lives on in the new run.
  await h.env.sleep('46 minutes');
  const later = await h.fleetState(fleetName, (v) => !v.releaseWindowOpen);
  expect(later.lastClosedReleaseWindow).toMatchObject({ closedHow: 'expired', openedBy: 'ci' });
});

test('release window: reopening extends it, closing records who closed it and why', async () => {
  const fleetName = 'news';
  await h.observeLaunch(fleetName, { autoScalingGroupName: 'news-asg-1', instanceId: 'i-0c00000000000010' });
  const handle = h.fleetHandle(fleetName);
  await handle.signal(openReleaseWindowSignal, { by: 'alice', ttlMinutes: 10 });
  const first = await h.fleetState(fleetName, (v) => v.releaseWindowOpen);
  await h.env.sleep('5 minutes');
  await handle.signal(openReleaseWindowSignal, { by: 'bob', ttlMinutes: 10 });
  const extended = await h.fleetState(fleetName, (v) => v.releaseWindow?.openedBy === 'bob');
  expect(Date.parse(extended.releaseWindow!.expiresAt)).toBeGreaterThan(Date.parse(first.releaseWindow!.expiresAt));
  expect(extended.releaseWindow!.openedAt).toBe(first.releaseWindow!.openedAt);

  await handle.signal(closeReleaseWindowSignal, { by: 'bob', reason: 'rolled back' });
  const closed = await h.fleetState(fleetName, (v) => !v.releaseWindowOpen);
  expect(closed.releaseWindow).toBeUndefined();
  expect(closed.lastClosedReleaseWindow).toMatchObject({ closedHow: 'signal', closedBy: 'bob', closeReason: 'rolled back' });
  expect((await handle.query(fleetStateQuery)).currentAutoScalingGroupName).toBe('news-asg-1');
});

test('the fleet answers progress, the name every workflow answers, with the same view as fleetState', async () => {
  // Prepare
  const fleetName = 'search';
  await h.observeLaunch(fleetName, { autoScalingGroupName: 'search-asg-3', instanceId: 'i-0c00000000000020' });
  const handle = h.fleetHandle(fleetName);
  await h.fleetState(fleetName, (v) => v.currentAutoScalingGroupName === 'search-asg-3');

  // Act
  const progress = await handle.query<FleetStateView>(FLEET_QUERIES.progress);
  const state = await handle.query(fleetStateQuery);

  // Assess
  expect(FLEET_QUERIES.progress).toBe('progress');
  expect(progress).toMatchObject({ fleetName, currentAutoScalingGroupName: 'search-asg-3', launchesObserved: 1 });
  expect({ ...progress, answeredAt: undefined }).toEqual({ ...state, answeredAt: undefined });
});

test('recorded history fleet-continue-as-new replays against the current workflow code', async () => {
  await replayRecordedHistory('fleet-continue-as-new', await workflowBundle(workflowsPath));
});
