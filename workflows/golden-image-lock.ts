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
export async function launchTemplateLockWorkflow(_input: { region: string; launchTemplateId: string; holder: string }): Promise<void> {
  let released = false;
  setHandler(releaseLaunchTemplateLockSignal, () => {
    released = true;
  });
  await condition(() => released);
}

export type LaunchTemplateLock = ChildWorkflowHandle<typeof launchTemplateLockWorkflow>;

/**
 * Starts the template's lock workflow, retrying on a durable timer while another rollout holds
 * it; undefined when the wait ran out. The lock is terminated with its parent, so a crashed or
 * terminated rollout never keeps the template locked.
 */
export async function acquireLaunchTemplateLock(
  region: string,
  launchTemplateId: string,
  holder: string,
  onWaiting: () => void,
): Promise<LaunchTemplateLock | undefined> {
  const giveUpAt = Date.now() + LAUNCH_TEMPLATE_LOCK_WAIT_SECONDS * 1000;
  for (;;) {
    try {
      return await startChild(launchTemplateLockWorkflow, {
        workflowId: launchTemplateLockId(region, launchTemplateId),
        args: [{ region, launchTemplateId, holder }],
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        staticSummary: `lock ${launchTemplateId} for ${holder}`,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const left = giveUpAt - Date.now();
    if (left <= 0) return undefined;
    onWaiting();
    await sleep(Math.min(LOCK_RETRY_EVERY_SECONDS * 1000, left));
  }
}

export async function releaseLaunchTemplateLock(lock: LaunchTemplateLock): Promise<void> {
  // Release even when the rollout itself was cancelled, or the next one waits for nothing.
  await CancellationScope.nonCancellable(async () => {
    await lock.signal(releaseLaunchTemplateLockSignal);
    await lock.result();
  });
}
