import { TestWorkflowEnvironment } from '@temporalio/testing';
import { readFileSync } from 'node:fs';
import { Runtime, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { requireInstalled, temporalCliPath, testServerPath } from './temporal-servers';
import { workflowBundleFile } from './workflow-bundles';

let runtimeInstalled = false;

/** Keeps SDK warnings (e.g. expected activity failures) in test output short. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger(process.env.TEST_LOG_LEVEL === 'DEBUG' ? 'DEBUG' : 'ERROR') });
}

/** A time-skipping environment backed by the installed Java test server (never a download). */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireInstalled(testServerPath) } },
  });
}

/** A real Temporal dev server (the installed CLI), for tests that need real id-reuse and visibility. */
export async function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireInstalled(temporalCliPath) },
      ip: '127.0.0.1',
      searchAttributes: [],
    },
  });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** The bundle of a workflows path, made once per jest run (workflowBundleFile) and read once per file. */
export function workflowBundle(workflowsPath = require.resolve('../../workflows')): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    // Source maps are inline in the code; the field is the SDK's deprecated leftover.
    bundle = workflowBundleFile(workflowsPath).then((codePath) => ({ code: readFileSync(codePath, 'utf8'), sourceMap: '' }));
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

let taskQueueCounter = 0;

/** A task queue unique within the test file, so workers of different tests never steal tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  taskQueueCounter += 1;
  return `${prefix}-${process.pid}-${taskQueueCounter}`;
}

/** One time-skipping server for the test file: started before its tests, torn down after them. */
export function useTimeSkippingEnv(): { readonly env: TestWorkflowEnvironment } {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the time-skipping server is not started yet');
      return env;
    },
  };
}
