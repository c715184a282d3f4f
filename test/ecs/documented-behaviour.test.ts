import { LAST_DESIRED_COUNT_TAG, type EcsRunResult, type EcsServiceReport } from '../../common/ecs-plan';
import { ecsStartupWorkflow } from '../../workflows/ecs-workflows';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { CLUSTER, ecsWorker, plan } from './ecs-harness';
import { FakeEcsCluster } from './fake-ecs-cluster';

// docs/ecs.md, startup step 3: `UpdateService desiredCount` is never lowered; a higher count
// set by someone else stays (issue 14, item 5).
const server = useTimeSkippingEnv();

const byService = (result: EcsRunResult) => new Map<string, EcsServiceReport>(result.services.map((s) => [s.service, s]));

test('startup never lowers a desired count: not for a running service, a starting one, or one whose recorded count is lower', async () => {
  // Prepare: the plan asks for 2 of each. Someone scaled `running` to 5 (all up), `starting`
  // to 6 (one task up so far), and `recorded` to 8 although its last shutdown recorded 3.
  // `stopped` is the control: at 0, it must be raised to 2.
  const cluster = new FakeEcsCluster(CLUSTER, [
    { name: 'running', desired: 5, running: 5 },
    { name: 'starting', desired: 6, running: 1 },
    { name: 'recorded', desired: 8, running: 0, tags: { [LAST_DESIRED_COUNT_TAG]: '3' } },
    { name: 'stopped' },
  ]);
  const services = ['running', 'starting', 'recorded', 'stopped'].map((name) => ({ name, desiredCount: 2, dependsOn: [] }));
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-never-lower', args: [{ plan: plan(services) }] }),
  );

  // Assess: the only change raised `stopped`; the others kept (and reached) their higher counts.
  expect(cluster.updates().map((u) => [u.service, u.desiredCount])).toEqual([['stopped', 2]]);
  expect(Object.fromEntries(['running', 'starting', 'recorded', 'stopped'].map((name) => [name, cluster.service(name).desired]))).toEqual({
    running: 5,
    starting: 6,
    recorded: 8,
    stopped: 2,
  });
  const reports = byService(result);
  expect(reports.get('running')?.outcome).toBe('already-running');
  expect(reports.get('starting')).toMatchObject({ outcome: 'ready', running: 6 });
  expect(reports.get('recorded')).toMatchObject({ outcome: 'ready', running: 8, targetCount: 3, desiredSource: 'recorded' });
  expect(result.outcome).toBe('succeeded');
});
