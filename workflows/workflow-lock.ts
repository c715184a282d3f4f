import { WorkflowExecutionAlreadyStartedError, type SignalDefinition } from '@temporalio/common';
import {
  CancellationScope,
  ParentClosePolicy,
  condition,
  defineQuery,
  setHandler,
  sleep,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';

export interface LockProgress {
  holder: string;
  /** Workflow time the lock was taken (ISO 8601). */
  since: string;
}

/** `progress`, the name every workflow answers: who holds the lock, since when. */
export const lockProgressQuery = defineQuery<LockProgress>('progress');

/** The body of a lock workflow: answer who holds it, and end when told to let go. */
export async function holdUntilReleased(release: SignalDefinition, holder: string): Promise<void> {
  let released = false;
  const progress: LockProgress = { holder, since: new Date(Date.now()).toISOString() };
  setHandler(lockProgressQuery, () => progress);
  setHandler(release, () => {
    released = true;
  });
  await condition(() => released);
}

/** A child workflow that runs until it is signalled to let go; its input names the holder. */
export type LockWorkflow<I> = (input: I) => Promise<void>;

export interface WorkflowLockRequest<I> {
  lockWorkflow: LockWorkflow<I>;
  /** Fixed per locked thing: a workflow id runs only once at a time, and that is the lock. */
  workflowId: string;
  input: I;
  staticSummary?: string;
  waitSeconds: number;
  retryEverySeconds: number;
  onWaiting: () => void;
}

/**
 * Starts the lock workflow, retrying on a durable timer while another run holds it; undefined
 * when the wait ran out. The lock is terminated with its parent, so a crashed or terminated
 * holder never keeps the lock.
 */
export async function acquireWorkflowLock<I>(request: WorkflowLockRequest<I>): Promise<ChildWorkflowHandle<LockWorkflow<I>> | undefined> {
  const giveUpAt = Date.now() + request.waitSeconds * 1000;
  for (;;) {
    try {
      return await startChild(request.lockWorkflow, {
        workflowId: request.workflowId,
        args: [request.input],
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        ...(request.staticSummary ? { staticSummary: request.staticSummary } : {}),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const left = giveUpAt - Date.now();
    if (left <= 0) return undefined;
    request.onWaiting();
    await sleep(Math.min(request.retryEverySeconds * 1000, left));
  }
}

export async function releaseWorkflowLock<I>(lock: ChildWorkflowHandle<LockWorkflow<I>>, release: SignalDefinition): Promise<void> {
  // Release even when the holder itself was cancelled, or the next run waits for nothing.
  await CancellationScope.nonCancellable(async () => {
    await lock.signal(release);
    await lock.result();
  });
}
