// Runs inside a fresh Node process so "cold" really is cold: loads the built bridge bundle,
// times its first invocation, then times warm per-event starts. Prints one JSON line.
'use strict';
const { performance } = require('node:perf_hooks');
const { readFileSync } = require('node:fs');

async function main() {
  const [bundlePath, fixturesDir, warmEventsArg] = process.argv.slice(2);
  const warmEvents = Number(warmEventsArg);
  const testNotification = JSON.parse(readFileSync(`${fixturesDir}/sqs-test-notification.json`, 'utf8'));
  const terminate = JSON.parse(readFileSync(`${fixturesDir}/eventbridge-terminate-lifecycle-action.json`, 'utf8'));
  // The bridge accepts only 36-character tokens, as Auto Scaling issues them.
  const eventWithToken = (label) => {
    const token = label.padEnd(36, '0');
    return { ...terminate, id: token, detail: { ...terminate.detail, LifecycleActionToken: token } };
  };

  const t0 = performance.now();
  const { handler } = require(bundlePath);
  const loaded = performance.now();
  // The first invocation builds the container's state (config, logger, lazy connection).
  await handler(testNotification);
  const initialised = performance.now();
  const first = await handler(eventWithToken(`first-${process.pid}`));
  const firstStart = performance.now();
  if (!first.started || first.started[0].outcome !== 'running') throw new Error(`first start failed: ${JSON.stringify(first)}`);

  const warm = [];
  for (let i = 0; i < warmEvents; i++) {
    const started = performance.now();
    const outcome = await handler(eventWithToken(`warm-${process.pid}-${i}`));
    warm.push(performance.now() - started);
    if (outcome.started[0].outcome !== 'running') throw new Error(`warm start ${i} failed`);
  }
  process.stdout.write(
    JSON.stringify({
      requireMs: loaded - t0,
      coldInitMs: initialised - t0,
      firstStartMs: firstStart - initialised,
      warmMs: warm,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
