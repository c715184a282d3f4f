import { execFileSync } from 'node:child_process';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { requireInstalled, temporalCliPath } from '../helpers/temporal-servers';
import { createLocalEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { finishSignal } from './versioning-workflows';

// docs/upgrading.md tells operators to replay production histories exported with the CLI;
// this proves that file format replays, and that a replay can fail.
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createLocalEnv();
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

test('a history exported with `temporal workflow show --output json` replays, and fails against changed code', async () => {
  // Prepare: a run completes on the dev server and is exported as an operator would.
  const taskQueue = uniqueTaskQueue('export');
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(require.resolve('./versioning-workflows')) });
  const workflowId = `${taskQueue}/gate`;
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('launchGateWorkflow', { taskQueue, workflowId });
    await handle.signal(finishSignal);
    await handle.result();
  });
  const exported = execFileSync(requireInstalled(temporalCliPath), ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', env.address], {
    encoding: 'utf8',
  });
  const history = historyFromJSON(JSON.parse(exported));

  // Act + Assess
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(require.resolve('./versioning-workflows')) }, history, workflowId)).resolves.toBeUndefined();
  await expect(
    Worker.runReplayHistory({ workflowBundle: await workflowBundle(require.resolve('./versioning-workflows-changed')) }, history, workflowId),
  ).rejects.toThrow(DeterminismViolationError);
}, 60_000);
