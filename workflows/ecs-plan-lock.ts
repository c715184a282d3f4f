import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  CancellationScope,
  ParentClosePolicy,
  condition,
  defineSignal,
  setHandler,
  sleep,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';

export const releaseEcsPlanLockSignal = defineSignal('releaseEcsPlanLock');

/** The per-plan lock id: only one start or stop of a plan runs at a time. */
export function ecsPlanLockId(planName: string): string {
  return `ecs-plan-lock/${planName}`;
}

/**
 * Holds a plan's lock while it runs: its fixed workflow id can run only once at a time,
 * so a start scheduled while a stop is still in progress (or the reverse) waits for it.
 */
export async function ecsPlanLockWorkflow(_input: { plan: string; holder: string }): Promise<void> {
  let released = false;
  setHandler(releaseEcsPlanLockSignal, () => {
    released = true;
  });
  await condition(() => released);
}

export type PlanLock = ChildWorkflowHandle<typeof ecsPlanLockWorkflow>;

/**
 * Starts the plan's lock workflow, retrying on a durable timer while another run holds it.
 * Returns undefined when the wait ran out. The lock child is terminated with its parent,
 * so a crashed or terminated run never keeps the plan locked.
 */
export async function acquireEcsPlanLock(
  planName: string,
  holder: string,
  waitSeconds: number,
  retryEverySeconds: number,
  onWaiting: () => void,
): Promise<PlanLock | undefined> {
  const giveUpAt = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      return await startChild(ecsPlanLockWorkflow, {
        workflowId: ecsPlanLockId(planName),
        args: [{ plan: planName, holder }],
        parentClosePolicy: ParentClosePolicy.TERMINATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const left = giveUpAt - Date.now();
    if (left <= 0) return undefined;
    onWaiting();
    await sleep(Math.min(retryEverySeconds * 1000, left));
  }
}

export async function releaseEcsPlanLock(lock: PlanLock): Promise<void> {
  // Release even when the run itself was cancelled, or the next run waits for nothing.
  await CancellationScope.nonCancellable(async () => {
    await lock.signal(releaseEcsPlanLockSignal);
    await lock.result();
  });
}
