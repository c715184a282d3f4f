import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { recordHistoryIfAsked, replayRecordedHistory } from '../helpers/histories';
import { createTimeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { sleepAnHourWorkflow, stateQuery, wokenSignal } from './workflows';

const workflowsPath = require.resolve('./workflows');
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});

afterAll(async () => {
  await env?.teardown();
});

test('an hour of workflow time passes in well under a second of wall time', async () => {
  // Prepare
  const taskQueue = uniqueTaskQueue();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(workflowsPath),
  });

  // Act
  const { result, wallMs, stateAfterHour } = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(sleepAnHourWorkflow, {
      taskQueue,
      workflowId: 'foundation-sleep-an-hour',
      args: [{ label: 'probe' }],
    });
    const started = Date.now();
    await env.sleep('61 minutes');
    const stateAfterHour = await handle.query(stateQuery);
    await handle.signal(wokenSignal, 'the test');
    const result = await handle.result();
    await recordHistoryIfAsked(handle, 'foundation-sleep-an-hour');
    return { result, wallMs: Date.now() - started, stateAfterHour };
  });

  // Assess
  expect(stateAfterHour).toBe('awake');
  expect(result).toBe('probe slept an hour, woken by the test');
  expect(wallMs).toBeLessThan(5_000);
});

test('the recorded history replays against the current workflow code', async () => {
  await replayRecordedHistory('foundation-sleep-an-hour', await workflowBundle(workflowsPath));
});

test('replay fails when the workflow code no longer matches the history', async () => {
  // A different workflow under the same name proves replay really checks determinism.
  const changed = require.resolve('./workflows-changed');
  await expect(
    replayRecordedHistory('foundation-sleep-an-hour', await workflowBundle(changed)),
  ).rejects.toThrow(/[Nn]ondeterminism|DeterminismViolation|does not match/);
});
