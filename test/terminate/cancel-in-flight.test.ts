import { DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { TERMINATE_QUERIES, type TerminateProgress, type TerminateResult } from '../../common/terminate';
import { useTerminateHarness } from './harness';

// The time-skipping server cannot take a cancel that arrives while an activity is in flight (it
// fails the workflow task when that activity completes afterwards), so this runs on the real dev
// server, in real time.
const h = useTerminateHarness('dev');

test('cancelled while deciding, a lookup in flight: CONTINUE sent, no image, no drain', async () => {
  // Prepare: the scaling-activity lookup answers only after the cancel has been requested.
  let release: () => void = () => undefined;
  h.aws.autoScaling
    .on(DescribeScalingActivitiesCommand)
    .callsFake(() => new Promise((resolve) => (release = () => resolve({ Activities: [] }))));
  const input = h.input('web-asg', 'no-fleet');

  // Act
  const handle = await h.startTerminate(input);
  for (let i = 0; i < 150; i += 1) {
    const progress = await handle.query<TerminateProgress>(TERMINATE_QUERIES.progress);
    if (progress.phase === 'deciding') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await handle.cancel();
  const result = (await handle.result()) as TerminateResult;
  release();

  // Assess
  expect(result).toMatchObject({ outcome: 'completed', cancelledDuring: 'deciding' });
  expect(result.decision).toBeUndefined();
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.commands).toHaveLength(0);
  expect(h.aws.completions).toEqual([{ instanceId: input.action.instanceId, result: 'CONTINUE', token: input.action.lifecycleActionToken }]);
});
