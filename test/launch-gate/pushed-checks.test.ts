import type { WorkflowHandle } from '@temporalio/client';
import type { LaunchGateInput, LaunchGateResult } from '../../common/launch-gate';
import { contentSyncedSignal, launchGateProgressQuery, launchGateWorkflowV2 } from '../../workflows/launch-gate';
import { gateInput, useGateTestEnv, waitForProgress } from './gate-harness';
import type { TestSite } from './http-fixtures';

// What the launch gate promises about pushed `contentSynced` checks (docs/launch-gate.md,
// workflows/launch-gate.ts): a pushed check neither moves the schedule nor counts toward
// maxChecks, and at most 100 pushed checks run (issue 14, item 5).
const { site, runGate: runGateIn } = useGateTestEnv();

/** An origin and a replica that never agree: every check is "not in sync". */
async function neverSyncedSites(): Promise<{ origin: TestSite; replica: TestSite }> {
  return { origin: await site({ '/': { body: 'release 2' } }), replica: await site({ '/': { body: 'release 1' } }) };
}

async function runGate(
  input: LaunchGateInput,
  during: (handle: WorkflowHandle<typeof launchGateWorkflowV2>) => Promise<void>,
): Promise<{ result: LaunchGateResult; durationMs: number }> {
  const { result, handle } = await runGateIn(input, during);
  const { startTime, closeTime } = await handle.describe();
  return { result, durationMs: closeTime!.getTime() - startTime.getTime() };
}

/** Pushes one contentSynced and waits until its check has run (pushes sent during a check coalesce). */
async function pushAndWait(handle: WorkflowHandle<typeof launchGateWorkflowV2>, checksBefore: number): Promise<void> {
  await handle.signal(contentSyncedSignal, { note: `push after check ${checksBefore}` });
  await waitForProgress(handle, (p) => p.checks > checksBefore && p.phase === 'waiting');
}

test('a pushed check neither moves the next scheduled check nor counts toward maxChecks', async () => {
  // Prepare: three scheduled checks 300 s apart, content never in sync.
  const { origin, replica } = await neverSyncedSites();
  const input = gateInput(origin, replica, { checkIntervalSeconds: 300, maxChecks: 3 });
  const seen: { nextCheckAt?: string; scheduledChecks: number; checks: number }[] = [];

  // Act: two pushes between the first and the second scheduled check.
  const { result, durationMs } = await runGate(input, async (handle) => {
    const first = await waitForProgress(handle, (p) => p.phase === 'waiting' && p.checks === 1);
    seen.push(first);
    await pushAndWait(handle, 1);
    seen.push(await handle.query(launchGateProgressQuery));
    await pushAndWait(handle, 2);
    seen.push(await handle.query(launchGateProgressQuery));
  });

  // Assess: the schedule did not move; the give-up came after three scheduled checks, not three checks.
  expect(seen.map((p) => p.nextCheckAt)).toEqual([seen[0]!.nextCheckAt, seen[0]!.nextCheckAt, seen[0]!.nextCheckAt]);
  expect(seen.map((p) => [p.checks, p.scheduledChecks])).toEqual([
    [1, 1],
    [2, 1],
    [3, 1],
  ]);
  expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', checks: 5, scheduledChecks: 3 });
  expect(replica.seen).toHaveLength(5);
  // Two 300 s intervals after the first check, whatever the pushes did in between.
  expect(durationMs).toBeGreaterThanOrEqual(600_000);
  expect(durationMs).toBeLessThan(900_000);
});

test('at most 100 pushed checks run: later pushes are ignored', async () => {
  // Prepare: two scheduled checks an hour apart, content never in sync.
  const { origin, replica } = await neverSyncedSites();
  const input = gateInput(origin, replica, { checkIntervalSeconds: 3600, maxChecks: 2 });

  // Act: 100 pushes, each waited for, then 5 more.
  const { result } = await runGate(input, async (handle) => {
    await waitForProgress(handle, (p) => p.phase === 'waiting' && p.checks === 1);
    for (let pushed = 0; pushed < 100; pushed += 1) await pushAndWait(handle, 1 + pushed);
    for (let extra = 0; extra < 5; extra += 1) await handle.signal(contentSyncedSignal, { note: `extra ${extra}` });
  });

  // Assess: 2 scheduled + 100 pushed checks; the 5 extra pushes ran none.
  expect(result).toMatchObject({ outcome: 'gave-up', checks: 102, scheduledChecks: 2 });
  expect(result.lastCheck?.trigger).toBe('scheduled');
  expect(replica.seen).toHaveLength(102);
});
