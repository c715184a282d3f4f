// A worker process the test owns, started as the local stack starts its own (worker/main.ts,
// unmodified, its orphan guard preloaded), so the test can read how it exited.
import { join } from 'node:path';
import { spawnLogged, type ManagedChild } from '../../starters/local-stack/child-process';
import type { LocalStack } from '../../starters/local-stack';

const ROOT = join(__dirname, '..', '..');

export interface WorkerChildOptions {
  name: string;
  /** Where its AWS calls go (a proxy in front of the simulator). */
  awsEndpointUrl: string;
  /** A workflow bundle built once for the test file, so a start costs no webpack run. */
  workflowBundlePath: string;
  shutdownGraceTime: string;
}

export interface WorkerChild {
  readonly name: string;
  readonly child: ManagedChild;
  readonly logFile: string;
}

export async function startWorkerChild(stack: LocalStack, options: WorkerChildOptions): Promise<WorkerChild> {
  // Nothing from the caller's shell but PATH, and a home without a Temporal profile file, so
  // this worker talks to the stack and the simulator only.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: stack.stateDir,
    ...stack.simulator.awsEnvironment(),
    SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    AWS_ENDPOINT_URL: options.awsEndpointUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    WORKER_SHUTDOWN_GRACE_TIME: options.shutdownGraceTime,
    WORKFLOW_BUNDLE_PATH: options.workflowBundlePath,
  };
  const logFile = join(stack.stateDir, `worker-${options.name}.log`);
  const args = ['-r', '@swc-node/register', '-r', join(ROOT, 'starters', 'local-stack', 'exit-with-parent.ts'), join(ROOT, 'worker', 'main.ts')];
  const child = spawnLogged(process.execPath, args, { cwd: ROOT, env, logFile });
  await child.waitForLine((line) => line.includes('"worker started"'), 120_000, `worker ${options.name}`);
  return { name: options.name, child, logFile };
}
