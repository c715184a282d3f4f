import { defineSignal, type ChildWorkflowHandle } from '@temporalio/workflow';
import { acquireWorkflowLock, holdUntilReleased, releaseWorkflowLock } from './workflow-lock';

export const releaseLaunchTemplateLockSignal = defineSignal('releaseLaunchTemplateLock');

/**
 * The lock is held only from reading the template's versions to the end of pruning (a handful
 * of short AWS calls, each retried for at most a few minutes), so an hour of waiting means the
 * holder is stuck, not busy.
 */
export const LAUNCH_TEMPLATE_LOCK_WAIT_SECONDS = 3600;
const LOCK_RETRY_EVERY_SECONDS = 15;

/** One rollout at a time per launch template, as ECS plans have one start or stop at a time. */
export function launchTemplateLockId(region: string, launchTemplateId: string): string {
  return `golden-image-lock/${region}/${launchTemplateId}`;
}

/** Its fixed workflow id can run only once at a time: that is the lock. */
export async function launchTemplateLockWorkflow(input: { region: string; launchTemplateId: string; holder: string }): Promise<void> {
  await holdUntilReleased(releaseLaunchTemplateLockSignal, input.holder);
}

export type LaunchTemplateLock = ChildWorkflowHandle<typeof launchTemplateLockWorkflow>;

/** Waits up to an hour for the template's turn; undefined when the wait ran out. */
export function acquireLaunchTemplateLock(
  region: string,
  launchTemplateId: string,
  holder: string,
  onWaiting: () => void,
): Promise<LaunchTemplateLock | undefined> {
  return acquireWorkflowLock({
    lockWorkflow: launchTemplateLockWorkflow,
    workflowId: launchTemplateLockId(region, launchTemplateId),
    input: { region, launchTemplateId, holder },
    staticSummary: `lock ${launchTemplateId} for ${holder}`,
    waitSeconds: LAUNCH_TEMPLATE_LOCK_WAIT_SECONDS,
    retryEverySeconds: LOCK_RETRY_EVERY_SECONDS,
    onWaiting,
  });
}

export function releaseLaunchTemplateLock(lock: LaunchTemplateLock): Promise<void> {
  return releaseWorkflowLock(lock, releaseLaunchTemplateLockSignal);
}
