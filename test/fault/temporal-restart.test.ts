// The Temporal dev server stopped and started again on the same database file, twice, while
// the story's workflows run: the worker reconnects by itself and every workflow completes.
import { expectStorySurvived } from './story-expectations';
import {
  countRuns,
  finishScenario,
  prepareScenario,
  report,
  scaleIn,
  SCALE_IN,
  SCALE_OUT,
  startScenarioStack,
  startStory,
  waitFor,
  type Scenario,
} from './stack-scenario';

let scenario: Scenario | undefined;

afterAll(async () => {
  await scenario?.calls.stop().catch(() => undefined);
  await scenario?.stack.stop();
});

async function restartTemporal(s: Scenario, when: string): Promise<string> {
  const began = Date.now();
  await s.stack.temporal.restart();
  const line = `dev server restarted ${when} (down ${((Date.now() - began) / 1000).toFixed(1)} s)`;
  s.say(line);
  return line;
}

test('the Temporal dev server restarted twice mid-story on the same database: the worker reconnects and every workflow completes', async () => {
  // Prepare
  scenario = await startScenarioStack('temporal-restart');
  await prepareScenario(scenario);
  const s = scenario;
  const tried: string[] = [];

  // Act: restart once the launch events have been routed (the simulator does not redeliver
  // events its sink missed, as an EventBridge target past its retries would not), then again
  // once the terminate run has started.
  await startStory(s);
  await waitFor('every launch gate started', 60_000, async () => (await countRuns(s, 'launch-gate/')) >= SCALE_OUT.instances + SCALE_IN.from);
  tried.push(await restartTemporal(s, 'while the gates and the ECS startup ran'));
  await scaleIn(s);
  await waitFor('the terminate run started', 60_000, async () => (await countRuns(s, 'terminate/')) === 1);
  tried.push(await restartTemporal(s, 'while the forensic image and the drain ran'));
  const survival = await finishScenario(s, 150_000);
  report(s, tried.join('; '), survival);

  // Assess
  expectStorySurvived(survival);
}, 175_000);
