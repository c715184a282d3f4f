import { defineSignal, type ChildWorkflowHandle } from '@temporalio/workflow';
import { acquireWorkflowLock, holdUntilReleased, releaseWorkflowLock } from './workflow-lock';

export const releaseEcsPlanLockSignal = defineSignal('releaseEcsPlanLock');

/** The per-plan lock id: only one start or stop of a plan runs at a time. */
export function ecsPlanLockId(planName: string): string {
  return `ecs-plan-lock/${planName}`;
}

/**
 * Holds a plan's lock while it runs: its fixed workflow id can run only once at a time,
 * so a start scheduled while a stop is still in progress (or the reverse) waits for it.
 */
export async function ecsPlanLockWorkflow(input: { plan: string; holder: string }): Promise<void> {
  await holdUntilReleased(releaseEcsPlanLockSignal, input.holder);
}

export type PlanLock = ChildWorkflowHandle<typeof ecsPlanLockWorkflow>;

/** Waits up to `waitSeconds` for the plan's turn, trying again every `retryEverySeconds`; undefined when the wait ran out. */
export function acquireEcsPlanLock(
  planName: string,
  holder: string,
  waitSeconds: number,
  retryEverySeconds: number,
  onWaiting: () => void,
): Promise<PlanLock | undefined> {
  return acquireWorkflowLock({
    lockWorkflow: ecsPlanLockWorkflow,
    workflowId: ecsPlanLockId(planName),
    input: { plan: planName, holder },
    staticSummary: `lock ${planName} for ${holder}`,
    waitSeconds,
    retryEverySeconds,
    onWaiting,
  });
}

export function releaseEcsPlanLock(lock: PlanLock): Promise<void> {
  return releaseWorkflowLock(lock, releaseEcsPlanLockSignal);
}
