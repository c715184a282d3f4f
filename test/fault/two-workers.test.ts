// Two worker processes on one task queue; one is SIGKILLed for good a third of the way through a
// 200-gate burst. The other takes over its workflows (after their workflow tasks time out) and
// its activities (after their timeouts): every gate completes once, and Auto Scaling accepts
// exactly one CompleteLifecycleAction per instance.
import { completedLaunches, expectEveryGateOnce, finishBurst, reportBurst, startBurstStack, waitUntil, type BurstStack } from './burst-stack';

const INSTANCES = 200;
let burst: BurstStack | undefined;

afterAll(async () => {
  await burst?.stop();
});

test('two workers on one task queue, one SIGKILLed for good mid-burst: every gate completes once and no instance is completed twice', async () => {
  // Prepare
  burst = await startBurstStack('two-workers', { shutdownGraceTime: '5s' });
  const b = burst;
  await b.startWorker('second-worker');

  // Act
  await b.scaleOut(INSTANCES);
  await waitUntil(`a third of ${INSTANCES} launch actions completed`, 120_000, () => completedLaunches(b) >= INSTANCES / 3);
  const running = (await b.stack.client.workflow.count('WorkflowType = "launchGateWorkflowV2" AND ExecutionStatus = "Running"')).count;
  const inFlight = b.calls.filter((c) => c.via === 'stack-worker' && c.endedAt === undefined).length;
  await b.stack.worker.kill('SIGKILL');
  b.say(`stack worker SIGKILLed for good after ${completedLaunches(b)} completions; ${running} gates running, ${inFlight} of its AWS calls in flight`);
  const outcome = await finishBurst(b, INSTANCES, 150_000);
  reportBurst(b, `${INSTANCES}-gate burst on two workers, the stack's worker SIGKILLed for good once a third had completed`, outcome);

  // Assess: both workers did part of the burst, so the kill interrupted real work
  expect(running).toBeGreaterThan(0);
  expect(outcome.acceptedBy['stack-worker']).toBeGreaterThan(0);
  expect(outcome.acceptedBy['second-worker']).toBeGreaterThan(0);
  expectEveryGateOnce(outcome, INSTANCES);
  expect(b.deliveries.counts()).toMatchObject({ undelivered: 0, eventBridgeErrors: 0, sqsBatchItemFailures: 0 });
}, 300_000);
