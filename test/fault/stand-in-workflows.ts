// Test-only workflows under the real type names: each run ends at once (so redeliveries meet
// closed runs as well as running ones), the fleet entity stays open and counts its signals.
import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';

export const launchObservedCount = defineQuery<number>('launchObservedCount');

export async function launchGateWorkflowV2(input: unknown): Promise<unknown> {
  return input;
}

export async function terminateWorkflow(input: unknown): Promise<unknown> {
  return input;
}

export async function goldenImageWorkflow(input: unknown): Promise<unknown> {
  return input;
}

export async function pinLatestWorkflow(input: unknown): Promise<unknown> {
  return input;
}

export async function fleetWorkflow(): Promise<void> {
  let observed = 0;
  setHandler(defineSignal<[unknown]>('launchObserved'), () => {
    observed += 1;
  });
  setHandler(launchObservedCount, () => observed);
  await condition(() => false);
}
