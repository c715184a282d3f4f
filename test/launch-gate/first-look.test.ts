import type { WorkflowHandle } from '@temporalio/client';
import { replayRecordedHistory } from '../helpers/histories';
import { workflowBundle } from '../helpers/time-skipping';
import { gateInput, gateWorkflowsPath, useGateTestEnv } from './gate-harness';

const { site, runGate } = useGateTestEnv();

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** Activity tasks by type, and local activities (markers) as `local:<type>`, in history order. */
async function activityOrder(handle: WorkflowHandle): Promise<string[]> {
  const events: HistoryEvent[] = (await handle.fetchHistory()).events ?? [];
  return events.flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) return [scheduled];
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    return [`local:${data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type : '?'}`];
  });
}

test('a replica in sync at once passes on a first check run as a local activity: the completion is the only activity task', async () => {
  // Prepare
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': { body: 'release 42' } });

  // Act
  const { result, handle } = await runGate(gateInput(origin, replica), undefined, 'launch-gate-first-check-local');

  // Assess
  expect(result).toMatchObject({ outcome: 'synced', lifecycleActionResult: 'CONTINUE', completion: 'done', checks: 1 });
  expect(await activityOrder(handle)).toEqual([
    'local:describeLifecycleHook',
    'local:describeInstanceAddress',
    'local:compareContent',
    'completeLifecycleAction',
  ]);
  expect(replica.seen).toHaveLength(1);
});

test('a replica that catches up later is checked by activity tasks after the local first check', async () => {
  // Prepare: the replica serves stale content to its first two requests.
  const origin = await site({ '/': { body: 'release 42' } });
  const replica = await site({ '/': (n) => ({ body: n <= 2 ? 'release 41' : 'release 42' }) });

  // Act
  const { result, handle } = await runGate(gateInput(origin, replica), undefined, 'launch-gate-first-check-local-then-activities');

  // Assess
  expect(result).toMatchObject({ outcome: 'synced', checks: 3, scheduledChecks: 3 });
  expect((await activityOrder(handle)).filter((name) => name.endsWith('compareContent'))).toEqual([
    'local:compareContent',
    'compareContent',
    'compareContent',
  ]);
});

// Recorded with the launch-gate-first-check-local patch; the older histories are replayed by
// launch-gate-workflow.test.ts.
test.each(['launch-gate-first-check-local', 'launch-gate-first-check-local-then-activities'])(
  'the recorded history %s replays against the current workflow code',
  async (name) => {
    await replayRecordedHistory(name, await workflowBundle(gateWorkflowsPath));
  },
);
