// The Temporal dev server stopped mid-burst and started again on the same database. While it is
// away the bridge must report every start it could not make (an error for an EventBridge
// target, batchItemFailures for SQS) so AWS redelivers the event; once it is back every
// redelivered event starts its gate exactly once, the worker reconnects, and no launch is lost.
//
// Length of the outage: until the bridge has reported failed starts both ways (about 20 s here).
// A start attempt keeps retrying until the start timeout (10 s in the local stack) and is
// tried on a fresh connection once, so a shorter outage is ridden out without a failure; a
// longer one (the 30 s) only repeats the same fail-and-redeliver round.
import { completedLaunches, expectEveryGateOnce, finishBurst, reportBurst, startBurstStack, waitUntil, type BurstStack } from './burst-stack';

const FIRST_WAVE = 30;
const INSTANCES = 60;
let burst: BurstStack | undefined;

afterAll(async () => {
  await burst?.stop();
});

test('the dev server unreachable mid-burst: the bridge reports the failed starts, and every redelivered event starts its gate exactly once', async () => {
  // Prepare
  burst = await startBurstStack('server-outage', { shutdownGraceTime: '5s' });
  const b = burst;

  // Act: the server goes while the first wave's gates run; the second wave's events come while it is away
  await b.scaleOut(FIRST_WAVE);
  await waitUntil('the first gate completed', 60_000, () => completedLaunches(b) >= 1, 50);
  const stopAt = Date.now();
  b.say(`dev server stopping with ${completedLaunches(b)}/${FIRST_WAVE} launch actions completed`);
  await b.stack.temporal.stop();
  b.say(`dev server gone after ${((Date.now() - stopAt) / 1000).toFixed(1)} s of shutdown, ${completedLaunches(b)}/${FIRST_WAVE} completed`);
  await b.scaleOut(INSTANCES);
  await waitUntil('failed starts reported both ways', 90_000, () => {
    const counts = b.deliveries.counts();
    return counts.eventBridgeErrors > 0 && counts.sqsBatchItemFailures > 0;
  });
  const duringOutage = b.deliveries.counts();
  await b.stack.temporal.start();
  const outageMs = Date.now() - stopAt;
  b.say(`dev server serving again ${(outageMs / 1000).toFixed(1)} s after the stop began; bridge so far ${JSON.stringify(duringOutage)}`);
  await waitUntil('every event delivered', 90_000, () => b.deliveries.counts().undelivered === 0);
  const outcome = await finishBurst(b, INSTANCES, 120_000);
  reportBurst(b, `dev server stopped and unreachable for ${(outageMs / 1000).toFixed(1)} s from the middle of a ${FIRST_WAVE}-gate wave, while ${INSTANCES - FIRST_WAVE} more launches came`, outcome);

  // Assess: failures were reported, not swallowed, and their redeliveries collapsed onto one run per gate
  expect(duringOutage.eventBridgeErrors).toBeGreaterThan(0);
  expect(duringOutage.sqsBatchItemFailures).toBeGreaterThan(0);
  const delivered = b.deliveries.counts();
  expect(delivered.redelivered).toBeGreaterThan(0);
  expect(delivered.undelivered).toBe(0);
  expectEveryGateOnce(outcome, INSTANCES);
}, 240_000);
