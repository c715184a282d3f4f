// The launch-gate stand-in of versioning-workflows.ts with a timer added before its wait, without
// a patch: the change a replay test exists to catch.
import { condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';

export async function launchGateWorkflow(): Promise<void> {
  let finished = false;
  setHandler(defineSignal('finish'), () => {
    finished = true;
  });
  await sleep('1 minute');
  await condition(() => finished);
}
