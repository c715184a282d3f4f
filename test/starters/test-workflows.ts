// Test-only stand-ins registered under the real workflow type names, so the bridge's tests
// exercise real starts without depending on the workflows other issues are building.
import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';

export const finishSignal = defineSignal('finish');
export const progressQuery = defineQuery<unknown>('progress');

/** Answers under the real workflow's progress query name, as `fleet-workflows status` asks it. */
async function runUntilFinished<T>(input: T, progressQueryName: string): Promise<T> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(defineQuery<unknown>(progressQueryName), () => ({ phase: finished ? 'finished' : 'waiting', input }));
  await condition(() => finished);
  return input;
}

export async function launchGateWorkflowV2(input: unknown): Promise<unknown> {
  return runUntilFinished(input, 'progress');
}

export async function terminateWorkflow(input: unknown): Promise<unknown> {
  return runUntilFinished(input, 'terminateProgress');
}

export async function goldenImageWorkflow(input: unknown): Promise<unknown> {
  return runUntilFinished(input, 'goldenImageProgress');
}

export async function pinLatestWorkflow(input: unknown): Promise<unknown> {
  return runUntilFinished(input, 'pinLatestProgress');
}

export async function fleetWorkflow(input: { fleetName: string }): Promise<unknown> {
  const signals: { name: string; args: unknown }[] = [];
  let finished = false;
  for (const name of ['launchObserved', 'openReleaseWindow', 'closeReleaseWindow']) {
    setHandler(defineSignal<[unknown]>(name), (args) => {
      signals.push({ name, args });
    });
  }
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(progressQuery, () => ({ fleetName: input.fleetName, signals }));
  setHandler(defineQuery<unknown>('fleetState'), () => ({ fleetName: input.fleetName, signals }));
  await condition(() => finished);
  return signals;
}
