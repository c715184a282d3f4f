// SIGTERM to a worker while its CompleteLifecycleAction calls are in flight (each made to take
// 2 s): it stops polling, lets them finish within WORKER_SHUTDOWN_GRACE_TIME, reports their
// results and exits 0. Nothing is left for Temporal to time out and retry; a second wave of
// launches waits for the restarted worker, which finishes every gate.
import { expectEveryGateOnce, finishBurst, reportBurst, startBurstStack, waitUntil, type BurstStack } from './burst-stack';

const FIRST_WAVE = 20;
const INSTANCES = 40;
const GRACE_MS = 5_000;
const COMPLETION_LATENCY_MS = 2_000;
let burst: BurstStack | undefined;

afterAll(async () => {
  await burst?.stop();
});

test('SIGTERM mid-burst: in-flight activities finish within the grace time, the worker exits 0, nothing times out, a restarted worker finishes the rest', async () => {
  // Prepare: the test's own worker instead of the stack's, so its exit code can be read
  burst = await startBurstStack('worker-sigterm', { shutdownGraceTime: `${GRACE_MS}ms` });
  const b = burst;
  await b.stack.worker.kill('SIGTERM');
  const worker = await b.startWorker('sigtermed-worker');
  b.stack.simulator.setFaults({ latencyMs: COMPLETION_LATENCY_MS, latencyRate: 1, operations: ['CompleteLifecycleAction'] });
  const completionsInFlight = () => b.calls.filter((c) => c.via === worker.name && c.operation === 'CompleteLifecycleAction' && c.endedAt === undefined);

  // Act
  await b.scaleOut(FIRST_WAVE);
  await waitUntil('5 CompleteLifecycleAction calls in flight', 60_000, () => completionsInFlight().length >= 5, 50);
  const inFlight = completionsInFlight();
  const sigtermAt = Date.now();
  worker.child.process.kill('SIGTERM');
  const exitCode = await worker.child.exited;
  const exitedAfterMs = Date.now() - sigtermAt;
  b.say(`${worker.name} SIGTERMed with ${inFlight.length} completions in flight; exited with code ${exitCode} after ${exitedAfterMs} ms`);
  await b.scaleOut(INSTANCES);
  await b.stack.worker.start();
  b.say('the stack worker started again');
  const outcome = await finishBurst(b, INSTANCES, 120_000);
  reportBurst(b, `SIGTERM to a worker with ${inFlight.length} CompleteLifecycleAction calls in flight (each takes ${COMPLETION_LATENCY_MS} ms; grace ${GRACE_MS} ms), then ${INSTANCES - FIRST_WAVE} more launches, then a restart`, outcome);

  // Assess: every call in flight at the SIGTERM was answered before the worker exited, within the grace time
  expect(exitCode).toBe(0);
  expect(exitedAfterMs).toBeLessThan(GRACE_MS + 5_000);
  expect(inFlight.map((c) => c.status)).toEqual(inFlight.map(() => 200));
  expect(inFlight.filter((c) => (c.endedAt ?? Infinity) - sigtermAt > GRACE_MS)).toEqual([]);
  expect(outcome.activities).toEqual({ timedOut: 0, retried: 0 });
  expect(outcome.completions.sentTwiceOrMore).toBe(0);
  expect(outcome.acceptedBy['sigtermed-worker']).toBeGreaterThanOrEqual(inFlight.length);
  expect(outcome.acceptedBy['stack-worker']).toBeGreaterThanOrEqual(INSTANCES - FIRST_WAVE);
  expectEveryGateOnce(outcome, INSTANCES);
}, 240_000);
