// 20% throttling and 5% 5xx on every AWS call the worker makes, through the whole story:
// Temporal's retries (and the SDK's own) carry every workflow to its end.
import { expectStorySurvived } from './story-expectations';
import { finishScenario, playScenario, prepareScenario, report, startScenarioStack, type Scenario } from './stack-scenario';

const SEED = 7;
let scenario: Scenario | undefined;

afterAll(async () => {
  await scenario?.calls.stop().catch(() => undefined);
  await scenario?.stack.stop();
});

test('20% throttling and 5% server errors from AWS: every workflow completes, nothing is done twice', async () => {
  // Prepare
  scenario = await startScenarioStack('aws-faults');
  await prepareScenario(scenario);
  scenario.stack.simulator.setFaults({ throttleRate: 0.2, serverErrorRate: 0.05, seed: SEED });
  scenario.say(`faults on: throttleRate 0.2, serverErrorRate 0.05, seed ${SEED}`);

  // Act
  await playScenario(scenario);
  const survival = await finishScenario(scenario, 150_000);
  report(scenario, `20% throttling + 5% 5xx on every AWS operation (seed ${SEED})`, survival);

  // Assess
  expect(Object.keys(survival.calls.errors).length).toBeGreaterThan(0);
  expectStorySurvived(survival);
}, 170_000);
