import { LAST_DESIRED_COUNT_TAG, type EcsRunResult, type EcsServiceReport } from '../../common/ecs-plan';
import { ecsProgressQuery, ecsShutdownWorkflow, ecsStartupWorkflow } from '../../workflows/ecs-workflows';
import { recordHistoryIfAsked } from '../helpers/histories';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { ecsWorker, originalCluster, originalPlan, svc } from './ecs-harness';

const server = useTimeSkippingEnv();

const byService = (result: EcsRunResult) => new Map<string, EcsServiceReport>(result.services.map((s) => [s.service, s]));
const running = { A: { running: 1 }, B: { running: 4 }, C: { running: 1 }, D: { running: 7 }, E: { running: 1 } };

test('shutdown stops dependents first, each down to zero tasks before what it depends on stops', async () => {
  // Prepare: everything runs; B was scaled to 4 by hand during the day.
  const cluster = originalCluster(running);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(ecsShutdownWorkflow, {
      taskQueue,
      workflowId: 'ecs-shutdown-original',
      args: [{ plan: originalPlan() }],
    });
    const result = await handle.result();
    await recordHistoryIfAsked(handle, 'ecs-shutdown-quick-polls');
    return result;
  });

  // Assess
  expect(result.outcome).toBe('succeeded');
  for (const l of ['A', 'B', 'C', 'D', 'E']) {
    expect(byService(result).get(svc(l))?.outcome).toBe('stopped');
    expect(cluster.service(svc(l)).running).toBe(0);
  }
  const stopAt = (l: string) => cluster.updates().find((c) => c.service === svc(l) && c.desiredCount === 0)?.at as number;
  // The fake needs 15 s to stop tasks: B may only stop after C, D and E had none left.
  for (const dependent of ['C', 'D', 'E']) expect(stopAt('B')).toBeGreaterThanOrEqual(stopAt(dependent) + 15_000);
  expect(stopAt('A')).toBeGreaterThanOrEqual(stopAt('B') + 15_000);
  // The count is recorded on the service before it is set to 0.
  const calls = cluster.calls.filter((c) => c.service === svc('B') && c.command !== 'DescribeServices');
  expect(calls.map((c) => c.command)).toEqual(['TagResource', 'UpdateService']);
  expect(cluster.service(svc('B')).tags[LAST_DESIRED_COUNT_TAG]).toBe('4');
  expect(byService(result).get(svc('B'))).toMatchObject({ recordedDesiredCount: 4, running: 0 });
});

test('the next startup restores the counts the shutdown recorded', async () => {
  // Prepare
  const cluster = originalCluster(running);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(async () => {
    await server.env.client.workflow.execute(ecsShutdownWorkflow, { taskQueue, workflowId: 'ecs-shutdown-then-start-1', args: [{ plan: originalPlan() }] });
    return server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-shutdown-then-start-2', args: [{ plan: originalPlan() }] });
  });

  // Assess
  expect(byService(result).get(svc('B'))).toMatchObject({ outcome: 'ready', targetCount: 4, desiredSource: 'recorded' });
  expect(cluster.service(svc('B')).running).toBe(4);
});

test('services already stopped are left alone and keep the count recorded earlier', async () => {
  // Prepare: C is already at 0 and carries the count of an earlier shutdown.
  const cluster = originalCluster({ ...running, C: { running: 0, tags: { [LAST_DESIRED_COUNT_TAG]: '2' } } });
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsShutdownWorkflow, { taskQueue, workflowId: 'ecs-shutdown-already', args: [{ plan: originalPlan() }] }),
  );

  // Assess
  expect(byService(result).get(svc('C'))?.outcome).toBe('already-stopped');
  expect(cluster.calls.filter((c) => c.service === svc('C') && c.command !== 'DescribeServices')).toEqual([]);
  expect(cluster.service(svc('C')).tags[LAST_DESIRED_COUNT_TAG]).toBe('2');
});

test('a start never runs over a stop still in progress: it waits for the plan lock', async () => {
  // Prepare: stopping D takes 4 minutes.
  const cluster = originalCluster({ ...running, D: { running: 7, stopSeconds: 240 } });
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const { startup, shutdown, progress } = await worker.runUntil(async () => {
    const stop = await server.env.client.workflow.start(ecsShutdownWorkflow, { taskQueue, workflowId: 'ecs-overlap-stop', args: [{ plan: originalPlan() }] });
    await server.env.sleep('30 seconds');
    const start = await server.env.client.workflow.start(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-overlap-start', args: [{ plan: originalPlan() }] });
    await server.env.sleep('30 seconds');
    const progress = await start.query(ecsProgressQuery);
    const result = { shutdown: await stop.result(), startup: await start.result(), progress };
    await recordHistoryIfAsked(start, 'ecs-startup-waits-for-shutdown');
    return result;
  });

  // Assess
  expect(progress.phase).toBe('waiting-for-other-run');
  expect(shutdown.outcome).toBe('succeeded');
  expect(startup.outcome).toBe('succeeded');
  const lastStop = Math.max(...cluster.updates().filter((c) => c.desiredCount === 0).map((c) => c.at));
  const firstStart = Math.min(...cluster.updates().filter((c) => (c.desiredCount ?? 0) > 0).map((c) => c.at));
  expect(firstStart).toBeGreaterThan(lastStop);
  expect(byService(startup).get(svc('D'))).toMatchObject({ targetCount: 7, desiredSource: 'recorded' });
});

test('a start gives up, saying why, when the other run holds the plan longer than it may wait', async () => {
  // Prepare: stopping D takes 10 minutes; the start waits at most 60 s.
  const cluster = originalCluster({ ...running, D: { running: 7, stopSeconds: 600 } });
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const startup = await worker.runUntil(async () => {
    const stop = await server.env.client.workflow.start(ecsShutdownWorkflow, {
      taskQueue,
      workflowId: 'ecs-overlap-stop-long',
      args: [{ plan: originalPlan({ serviceTimeoutSeconds: 900, overallTimeoutSeconds: 900 }) }],
    });
    await server.env.sleep('10 seconds');
    const startup = await server.env.client.workflow.execute(ecsStartupWorkflow, {
      taskQueue,
      workflowId: 'ecs-overlap-start-gives-up',
      args: [{ plan: originalPlan(), waitForOtherRunSeconds: 60 }],
    });
    await stop.result();
    return startup;
  });

  // Assess
  expect(startup.outcome).toBe('not-run');
  expect(startup.summary).toMatch(/another start or stop of this plan was still in progress after 60 s/);
  expect(cluster.updates().filter((c) => (c.desiredCount ?? 0) > 0)).toEqual([]);
});
