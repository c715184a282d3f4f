import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_VERSIONING_BEHAVIORS } from '../../common/workflow-versioning';
import { workerDeploymentOptions } from '../../worker/deployment-options';
import { createLocalEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { buildsQuery, finishSignal, type Builds } from './versioning-workflows';

const workflowsPath = require.resolve('./versioning-workflows');
const deploymentName = 'fleet-workflows-test';
let env: TestWorkflowEnvironment;
const running: { worker: Worker; run: Promise<void> }[] = [];

beforeAll(async () => {
  env = await createLocalEnv();
}, 120_000);

afterAll(async () => {
  for (const { worker } of running) worker.shutdown();
  await Promise.all(running.map(({ run }) => run));
  await env?.teardown();
});

async function startWorker(taskQueue: string, buildId?: string): Promise<void> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(workflowsPath),
    workerDeploymentOptions: workerDeploymentOptions(buildId ? { deploymentName, buildId } : undefined),
  });
  running.push({ worker, run: worker.run() });
}

/**
 * The server learns a version from its first poll; until then it cannot be made current. Servers
 * that propagate the change to task queues asynchronously report IN_PROGRESS until every queue
 * routes by it, so starting a run before then could reach the previous version.
 */
async function setCurrentVersion(buildId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  const retryOrThrow = async (err: unknown) => {
    if (Date.now() > deadline) throw err;
    await new Promise((resolve) => setTimeout(resolve, 200));
  };
  for (;;) {
    try {
      await env.client.workflowService.setWorkerDeploymentCurrentVersion({ namespace: 'default', deploymentName, buildId, identity: 'version-roll-over.test' });
      break;
    } catch (err) {
      await retryOrThrow(err);
    }
  }
  for (;;) {
    const { workerDeploymentInfo } = await env.client.workflowService.describeWorkerDeployment({ namespace: 'default', deploymentName });
    const current = workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId;
    const state = workerDeploymentInfo?.routingConfigUpdateState;
    if (current === buildId && state !== temporal.api.enums.v1.RoutingConfigUpdateState.ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS) return;
    await retryOrThrow(new Error(`version ${buildId} not current yet (current ${current}, propagation ${state})`));
  }
}

async function waitForFirstTask(handle: WorkflowHandle): Promise<string[]> {
  // The query is answered by a worker once the first task ran, on the build that ran it.
  return handle.query(buildsQuery);
}

test('the table gives short runs PINNED and the long-lived fleet entity AUTO_UPGRADE', () => {
  expect(WORKFLOW_VERSIONING_BEHAVIORS).toMatchObject({
    launchGateWorkflow: 'PINNED',
    terminateWorkflow: 'PINNED',
    fleetWorkflow: 'AUTO_UPGRADE',
  });
});

test('a roll-over: a gate started on v1 finishes on v1, a new gate runs on v2, the fleet entity moves to v2', async () => {
  // Prepare: v1 is current and runs a gate and the fleet entity.
  const taskQueue = uniqueTaskQueue('versioning');
  await startWorker(taskQueue, 'v1');
  await setCurrentVersion('v1');
  const oldGate = await env.client.workflow.start('launchGateWorkflow', { taskQueue, workflowId: `${taskQueue}/gate-old` });
  const fleet = await env.client.workflow.start('fleetWorkflow', { taskQueue, workflowId: `${taskQueue}/fleet` });
  expect(await waitForFirstTask(oldGate)).toEqual(['v1']);
  expect(await waitForFirstTask(fleet)).toEqual(['v1']);

  // Act: v2 is deployed beside v1 and made current; a new gate starts.
  await startWorker(taskQueue, 'v2');
  await setCurrentVersion('v2');
  const newGate = await env.client.workflow.start('launchGateWorkflow', { taskQueue, workflowId: `${taskQueue}/gate-new` });
  for (const handle of [oldGate, newGate, fleet]) await handle.signal(finishSignal);

  // Assess
  expect(await oldGate.result()).toEqual<Builds>({ startedOn: 'v1', finishedOn: 'v1' });
  expect(await newGate.result()).toEqual<Builds>({ startedOn: 'v2', finishedOn: 'v2' });
  expect(await fleet.result()).toEqual<Builds>({ startedOn: 'v1', finishedOn: 'v2' });
}, 90_000);

test('without a deployment version the worker polls unversioned and the annotated workflows still run', async () => {
  // Prepare
  const taskQueue = uniqueTaskQueue('unversioned');
  await startWorker(taskQueue);

  // Act
  const gate = await env.client.workflow.start('launchGateWorkflow', { taskQueue, workflowId: `${taskQueue}/gate` });
  await gate.signal(finishSignal);

  // Assess
  expect(await gate.result()).toEqual<Builds>({ startedOn: 'unversioned', finishedOn: 'unversioned' });
}, 20_000);

test('every workflow the worker registers declares a versioning behaviour from the table', () => {
  // Act
  const registered = Object.entries(require('../../workflows') as Record<string, unknown>).filter(
    ([name, value]) => typeof value === 'function' && name.endsWith('Workflow'),
  );

  // Assess
  expect(registered.length).toBeGreaterThan(5);
  for (const [name, workflow] of registered) {
    expect([name, WORKFLOW_VERSIONING_BEHAVIORS[name]]).toEqual([name, expect.stringMatching(/^(PINNED|AUTO_UPGRADE)$/)]);
    expect([name, typeof (workflow as { workflowDefinitionOptions?: unknown }).workflowDefinitionOptions]).toEqual([name, 'function']);
  }
});
