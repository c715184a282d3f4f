// The worker SIGKILLed at seeded random moments while the story plays, and started again:
// every workflow completes, and no AMI, template version or ECS update is made twice.
import { seededRandom } from './seeded-random';
import { expectStorySurvived } from './story-expectations';
import { finishScenario, playScenario, prepareScenario, report, startScenarioStack, type Scenario } from './stack-scenario';

const SEED = 42;
const KILLS = 3;
let scenario: Scenario | undefined;

afterAll(async () => {
  await scenario?.calls.stop().catch(() => undefined);
  await scenario?.stack.stop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function killWorkerAtRandom(s: Scenario, random: () => number): Promise<string[]> {
  const moments: string[] = [];
  for (let i = 0; i < KILLS; i++) {
    const after = Math.round(1_000 + random() * 6_000);
    await pause(after);
    await s.stack.worker.kill('SIGKILL');
    const down = Math.round(200 + random() * 1_500);
    s.say(`worker SIGKILLed (${after} ms after the last start), down for ${down} ms`);
    moments.push(`+${((Date.now() - s.started) / 1000).toFixed(1)}s`);
    await pause(down);
    await s.stack.worker.start();
    s.say('worker started again');
  }
  return moments;
}

test('the worker killed with SIGKILL three times mid-story: every workflow completes, nothing is done twice', async () => {
  // Prepare
  scenario = await startScenarioStack('worker-kill');
  await prepareScenario(scenario);

  // Act
  const chaos = killWorkerAtRandom(scenario, seededRandom(SEED));
  await playScenario(scenario);
  const moments = await chaos;
  const survival = await finishScenario(scenario, 150_000);
  report(scenario, `worker SIGKILLed ${KILLS} times at ${moments.join(', ')} (seed ${SEED}), restarted each time`, survival);

  // Assess
  expect(moments).toHaveLength(KILLS);
  expectStorySurvived(survival);
}, 175_000);
