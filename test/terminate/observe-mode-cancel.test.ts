import { CompleteLifecycleActionCommand, DescribeScalingActivitiesCommand, RecordLifecycleActionHeartbeatCommand } from '@aws-sdk/client-auto-scaling';
import { TERMINATE_QUERIES, type TerminateProgress, type TerminateResult } from '../../common/terminate';
import { useTerminateHarness } from './harness';

// An observing run waits on nothing but its reads, so a cancel can only arrive with a read in
// flight: the time-skipping server cannot take that (see cancel-in-flight.test.ts); the dev server can.
const h = useTerminateHarness('dev');

test('observe, cancelled while deciding: nothing completed, nothing more recorded, the run returns', async () => {
  // Prepare: the scaling-activity lookup answers only after the cancel has been requested.
  let release: () => void = () => undefined;
  h.aws.autoScaling
    .on(DescribeScalingActivitiesCommand)
    .callsFake(() => new Promise((resolve) => (release = () => resolve({ Activities: [] }))));
  const input = h.input('web-asg', 'no-fleet', { mode: 'observe' });

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
