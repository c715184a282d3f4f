import { CompleteLifecycleActionCommand, DescribeScalingActivitiesCommand, RecordLifecycleActionHeartbeatCommand } from '@aws-sdk/client-auto-scaling';
import { TERMINATE_QUERIES, type TerminateInput, type TerminateProgress, type TerminateResult } from '../../common/terminate';
import { useTerminateHarness } from './harness';

// The time-skipping server cannot take a cancel that arrives while an activity is in flight (it
// fails the workflow task when that activity completes afterwards), so this runs on the real dev
// server, in real time. An observing run waits on nothing but its reads, so its cancel can only
// arrive that way.
const h = useTerminateHarness('dev');

/** Starts the run, cancels it while its scaling-activity lookup is in flight, and returns its result. */
async function cancelledWhileDeciding(input: TerminateInput): Promise<TerminateResult> {
  let release: () => void = () => undefined;
  h.aws.autoScaling
    .on(DescribeScalingActivitiesCommand)
    .callsFake(() => new Promise((resolve) => (release = () => resolve({ Activities: [] }))));
  const handle = await h.startTerminate(input);
  for (let i = 0; i < 150; i += 1) {
    const progress = await handle.query<TerminateProgress>(TERMINATE_QUERIES.progress);
    if (progress.phase === 'deciding') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await handle.cancel();
  const result = (await handle.result()) as TerminateResult;
  release();
  return result;
}

test('cancelled while deciding, a lookup in flight: CONTINUE sent, no image, no drain', async () => {
  const input = h.input('web-asg', 'no-fleet');

  const result = await cancelledWhileDeciding(input);

  expect(result).toMatchObject({ outcome: 'completed', cancelledDuring: 'deciding' });
  expect(result.decision).toBeUndefined();
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.commands).toHaveLength(0);
  expect(h.aws.completions).toEqual([{ instanceId: input.action.instanceId, result: 'CONTINUE', token: input.action.lifecycleActionToken }]);
});

test('observe, cancelled while deciding: nothing completed, nothing more recorded, the run returns', async () => {
  const input = h.input('web-asg', 'no-fleet', { mode: 'observe' });

  const result = await cancelledWhileDeciding(input);

  expect(result).toMatchObject({ outcome: 'observed', mode: 'observe', cancelledDuring: 'deciding' });
  expect(result.decision).toBeUndefined();
  expect(result.observed?.map((w) => w.call)).toEqual(['RecordLifecycleActionHeartbeat']);
  expect(result.summary).toMatch(/no completion recorded/);
  expect(h.aws.autoScaling.commandCalls(CompleteLifecycleActionCommand)).toHaveLength(0);
  expect(h.aws.autoScaling.commandCalls(RecordLifecycleActionHeartbeatCommand)).toHaveLength(0);
  expect(h.aws.actions.get(input.action.instanceId)).toBe('pending');
  expect(h.aws.createImageCalls).toBe(0);
  expect(h.aws.commands).toHaveLength(0);
  expect(h.zabbix.calls).toHaveLength(0);
});
