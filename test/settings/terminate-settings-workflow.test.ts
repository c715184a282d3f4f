import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TerminateSettings } from '../../common/terminate';
import { useTerminateHarness } from '../terminate/harness';

// The terminate workflow checks its settings against the definitions the loader uses
// (common/settings/terminate.ts): a run started by hand with a value the loader refuses
// fails at once naming the field, touches nothing, and still releases the instance.

const h = useTerminateHarness();

test.each([
  [{ hookHeartbeatIntervalSeconds: 1 }, 'settings.hookHeartbeatIntervalSeconds: expected a number from 5 to 7200, got 1'],
  [{ forensics: { imagePollIntervalSeconds: 1 } }, 'settings.forensics.imagePollIntervalSeconds: expected a number from 5 to 3600, got 1'],
  [{ causes: { 'instance-refreshes': 'planned' } as TerminateSettings['causes'] }, 'settings.causes.instance-refreshes: unknown scaling cause'],
])('settings %j fail the run at once, naming the field, and the instance is released', async (settings, message) => {
  // Prepare
  const input = h.input('shop-asg', 'shop', settings);

  // Act
  const err = await (await h.startTerminate(input)).result().catch((e: unknown) => e);

  // Assess
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  expect(cause?.message).toContain(message);
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.commands).toHaveLength(0);
  expect(h.aws.completions).toEqual([expect.objectContaining({ instanceId: input.action.instanceId, result: 'CONTINUE' })]);
});

test('a fleet\'s scaling-cause policy is accepted by the workflow', async () => {
  // Prepare: a planned termination (the group is being deleted), so the run stays short.
  const input = h.input('old-asg', 'no-fleet', { causes: { 'instance-refresh': 'unexpected', 'user-request': 'planned' } });
  h.aws.groups.set('old-asg', { status: 'Delete in progress' });

  // Act
  const result = await (await h.startTerminate(input)).result();

  // Assess
  expect(result).toMatchObject({ outcome: 'completed' });
});
