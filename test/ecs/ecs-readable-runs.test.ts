// What an operator sees in the Web UI: one summary per activity on the timeline, and the
// progress under the name every workflow answers as well as the old `ecsProgress`.
import { ECS_PROGRESS_QUERY, type EcsProgress } from '../../common/ecs-plan';
import { ecsShutdownWorkflow, ecsStartupWorkflow } from '../../workflows/ecs-workflows';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { activitySummaries } from '../helpers/histories';
import { CLUSTER, ecsWorker, plan, svc } from './ecs-harness';
import { FakeEcsCluster } from './fake-ecs-cluster';

const server = useTimeSkippingEnv();

/** A before B: two services, so the summaries show the batch and the order. */
const twoServices = () =>
  plan([
    { name: svc('A'), desiredCount: 1, dependsOn: [] },
    { name: svc('B'), desiredCount: 2, dependsOn: [svc('A')] },
  ]);


test('a startup names each ECS call on the timeline, and answers progress under both names', async () => {
  // Prepare
  const cluster = new FakeEcsCluster(CLUSTER, [{ name: svc('A') }, { name: svc('B'), needsRunning: [svc('A')] }]);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const { summaries, progress, legacyProgress } = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(ecsStartupWorkflow, {
      taskQueue,
      workflowId: `ecs-startup-readable-${taskQueue}`,
      args: [{ plan: twoServices() }],
    });
    await handle.result();
    return {
      summaries: await activitySummaries(handle),
      progress: await handle.query<EcsProgress>('progress'),
      legacyProgress: await handle.query<EcsProgress>(ECS_PROGRESS_QUERY),
    };
  });

  // Assess
  expect(summaries[0]).toBe(`DescribeServices ${CLUSTER}: ${svc('A')}, ${svc('B')}`);
  expect(summaries).toContain(`UpdateService ${CLUSTER}/${svc('A')} desiredCount=1`);
  expect(summaries).toContain(`UpdateService ${CLUSTER}/${svc('B')} desiredCount=2`);
  expect(summaries).toContain(`DescribeServices ${CLUSTER}: ${svc('B')}`);
  expect(summaries).not.toContain('(none)');
  expect(progress).toMatchObject({ plan: 'myapp-dev', phase: 'done' });
  expect(progress.services.map((s) => [s.service, s.state])).toEqual([
    [svc('A'), 'ready'],
    [svc('B'), 'ready'],
  ]);
  expect(legacyProgress).toEqual(progress);
});

test('a shutdown names the tag it records before setting a service to 0', async () => {
  const cluster = new FakeEcsCluster(CLUSTER, [
    { name: svc('A'), desired: 1, running: 1 },
    { name: svc('B'), desired: 2, running: 2, needsRunning: [svc('A')] },
  ]);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  const summaries = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(ecsShutdownWorkflow, {
      taskQueue,
      workflowId: `ecs-shutdown-readable-${taskQueue}`,
      args: [{ plan: twoServices() }],
    });
    await handle.result();
    return activitySummaries(handle);
  });

  const changes = summaries.filter((s) => !s.startsWith('DescribeServices'));
  expect(changes).toEqual([
    `TagResource ${svc('B')} last-desired-count=2`,
    `UpdateService ${CLUSTER}/${svc('B')} desiredCount=0`,
    `TagResource ${svc('A')} last-desired-count=1`,
    `UpdateService ${CLUSTER}/${svc('A')} desiredCount=0`,
  ]);
});
