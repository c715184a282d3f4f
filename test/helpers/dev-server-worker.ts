import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLocalEnv, uniqueTaskQueue, workflowBundle } from './time-skipping';

export interface DevServerWorker {
  readonly env: TestWorkflowEnvironment;
  readonly taskQueue: string;
}

/**
 * A real dev server (visibility, memos, the CLI's connection) and one worker of `workflowsPath`
 * on a task queue of its own, for the enclosing file or describe block.
 */
export function useDevServerWorker(workflowsPath: string, taskQueuePrefix: string): DevServerWorker {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  const taskQueue = uniqueTaskQueue(taskQueuePrefix);
  beforeAll(async () => {
    env = await createLocalEnv();
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(workflowsPath) });
    workerRun = worker.run();
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the dev server is not started yet');
      return env;
    },
    taskQueue,
  };
}
