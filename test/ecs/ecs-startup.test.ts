import { WorkflowFailedError } from '@temporalio/client';
import { LAST_DESIRED_COUNT_TAG, type EcsRunResult, type EcsServiceReport } from '../../common/ecs-plan';
import { ecsProgressQuery, ecsStartupWorkflow } from '../../workflows/ecs-workflows';
import { recordHistoryIfAsked } from '../helpers/histories';
import { useTimeSkippingEnv } from '../helpers/time-skipping';
import { CLUSTER, ecsWorker, originalCluster, originalPlan, plan, svc } from './ecs-harness';
import { FakeEcsCluster } from './fake-ecs-cluster';

const server = useTimeSkippingEnv();

const byService = (result: EcsRunResult) => new Map<string, EcsServiceReport>(result.services.map((s) => [s.service, s]));

test('the original graph starts A, then B once A runs, then C, D and E together', async () => {
  // Prepare
  const cluster = originalCluster();
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(ecsStartupWorkflow, {
      taskQueue,
      workflowId: 'ecs-startup-original',
      args: [{ plan: originalPlan() }],
    });
    const result = await handle.result();
    await recordHistoryIfAsked(handle, 'ecs-startup-quick-polls');
    return result;
  });

  // Assess
  expect(result.outcome).toBe('succeeded');
  const services = byService(result);
  for (const [letter, count] of [['A', 1], ['B', 3], ['C', 1], ['D', 7], ['E', 1]] as const) {
    expect(services.get(svc(letter))).toMatchObject({ outcome: 'ready', targetCount: count, running: count, failedTasks: 0 });
    expect(cluster.service(svc(letter)).running).toBe(count);
  }
  const at = (l: string) => cluster.firstUpdateAt(svc(l)) as number;
  const readyA = cluster.calls.find((c) => c.command === 'DescribeServices' && c.services?.includes(svc('A')) && c.at >= at('A') + 20_000)?.at;
  expect(at('B')).toBeGreaterThanOrEqual(readyA as number);
  expect(at('C')).toBeGreaterThan(at('B'));
  // Scheduled in one workflow task: the server stamps them within the same second.
  expect(Math.max(at('C'), at('D'), at('E')) - Math.min(at('C'), at('D'), at('E'))).toBeLessThan(1000);
  expect(cluster.service(svc('B')).failedTasks).toBe(0);
});

test('the fake really punishes the wrong order: started all at once, B crashes and is declared failed', async () => {
  // Prepare: the same cluster, but a plan without dependencies (what the original Lambda did).
  const cluster = originalCluster();
  const flat = originalPlan();
  flat.services = flat.services.map((s) => ({ ...s, dependsOn: [] }));
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-flat', args: [{ plan: flat }] }),
  );

  // Assess
  const b = byService(result).get(svc('B'));
  expect(b?.outcome).toBe('failed');
  expect(b?.reason).toMatch(/3 tasks failed to start/);
  expect(result.outcome).toBe('partial');
});

test('diamond and wide graphs start every service whose dependencies are ready, in the same poll', async () => {
  // Prepare: a diamond (A → {B, C} → D) beside 12 independent services.
  const wide = Array.from({ length: 12 }, (_, i) => `wide-${i}`);
  const cluster = new FakeEcsCluster(CLUSTER, [
    { name: 'A' },
    { name: 'B', needsRunning: ['A'], startupSeconds: 20 },
    { name: 'C', needsRunning: ['A'], startupSeconds: 50 },
    { name: 'D', needsRunning: ['B', 'C'] },
    ...wide.map((name) => ({ name })),
  ]);
  const diamond = plan([
    { name: 'A', desiredCount: 1, dependsOn: [] },
    { name: 'B', desiredCount: 2, dependsOn: ['A'] },
    { name: 'C', desiredCount: 2, dependsOn: ['A'] },
    { name: 'D', desiredCount: 1, dependsOn: ['B', 'C'] },
    ...wide.map((name) => ({ name, desiredCount: 1, dependsOn: [] })),
  ]);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-diamond', args: [{ plan: diamond }] }),
  );

  // Assess
  expect(result.outcome).toBe('succeeded');
  const at = (name: string) => cluster.firstUpdateAt(name) as number;
  const samePoll = (a: number, b: number) => Math.abs(a - b) < 1000;
  for (const name of wide) expect(samePoll(at(name), at('A'))).toBe(true);
  expect(samePoll(at('B'), at('C'))).toBe(true);
  expect(at('B')).toBeGreaterThan(at('A') + 10_000);
  expect(at('D')).toBeGreaterThanOrEqual(at('C') + 50_000);
  const describes = cluster.calls.filter((c) => c.command === 'DescribeServices');
  expect(Math.max(...describes.map((c) => c.services?.length ?? 0))).toBe(10);
});

test('a service ready 5 s after its change is seen at the 6 s poll, not a whole 10 s interval later', async () => {
  // Prepare: A → B → C, each ready 5 s after its UpdateService; the plan polls every 10 s.
  const cluster = new FakeEcsCluster(CLUSTER, [
    { name: svc('A'), startupSeconds: 5 },
    { name: svc('B'), startupSeconds: 5, needsRunning: [svc('A')] },
    { name: svc('C'), startupSeconds: 5, needsRunning: [svc('B')] },
  ]);
  const chain = plan([
    { name: svc('A'), desiredCount: 1, dependsOn: [] },
    { name: svc('B'), desiredCount: 1, dependsOn: [svc('A')] },
    { name: svc('C'), desiredCount: 1, dependsOn: [svc('B')] },
  ]);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-quick-polls', args: [{ plan: chain }] }),
  );

  // Assess: polls 2 s and 6 s after each change (then 14 s, capped at the interval)
  expect(result.outcome).toBe('succeeded');
  for (const service of result.services) expect(service.secondsTaken).toBe(6);
  const at = (l: string) => cluster.firstUpdateAt(svc(l)) as number;
  const pollsOfA = cluster.calls.filter((c) => c.command === 'DescribeServices' && c.at > at('A') && c.at < at('B')).map((c) => c.at - at('A'));
  expect(pollsOfA.map((ms) => Math.round(ms / 1000))).toEqual([2, 6]);
  const wallMs = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
  expect(wallMs).toBeLessThan(3 * 5_000 + chain.pollIntervalSeconds * 1000);
});

test('a dependency cycle is rejected with its path before any AWS call', async () => {
  // Prepare
  const cluster = originalCluster();
  const cyclic = originalPlan();
  cyclic.services[0] = { ...cyclic.services[0]!, dependsOn: [svc('C')] };
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const err = await worker
    .runUntil(server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-cycle', args: [{ plan: cyclic }] }))
    .catch((e: unknown) => e);

  // Assess
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toMatchObject({ type: 'InvalidEcsPlan', nonRetryable: true });
  expect(cause?.message).toContain(`dependency cycle: ${svc('A')} → ${svc('C')} → ${svc('B')} → ${svc('A')}`);
  expect(cluster.calls).toHaveLength(0);
});

test('an unknown dependency is rejected, naming the service and the unknown name', async () => {
  // Prepare
  const cluster = originalCluster();
  const unknown = originalPlan();
  unknown.services[1] = { ...unknown.services[1]!, dependsOn: ['myapp-dev-serviceZ'] };
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const err = await worker
    .runUntil(server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-unknown', args: [{ plan: unknown }] }))
    .catch((e: unknown) => e);

  // Assess
  expect((err as WorkflowFailedError).cause?.message).toContain(
    `services[1] (${svc('B')}).dependsOn: unknown service "myapp-dev-serviceZ"`,
  );
  expect(cluster.calls).toHaveLength(0);
});

test('the 300 s overall timeout ends the run with a partial summary', async () => {
  // Prepare: B takes 10 minutes to boot (its own timeout allows it); its dependents never get their turn.
  const cluster = originalCluster({ B: { startupSeconds: 600 } });
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const { result, progress } = await worker.runUntil(async () => {
    const handle = await server.env.client.workflow.start(ecsStartupWorkflow, {
      taskQueue,
      workflowId: 'ecs-startup-timeout',
      args: [{ plan: originalPlan({ serviceTimeoutSeconds: 900 }) }],
    });
    await server.env.sleep('2 minutes');
    const progress = await handle.query(ecsProgressQuery);
    return { result: await handle.result(), progress };
  });

  // Assess
  expect(progress.phase).toBe('running');
  expect(progress.services.find((s) => s.service === svc('B'))).toMatchObject({ state: 'starting', desired: 3, pending: 3 });
  expect(progress.services.find((s) => s.service === svc('A'))?.state).toBe('ready');
  expect(result).toMatchObject({ outcome: 'partial', timedOut: true });
  expect(result.summary).toContain('overall timeout 300 s');
  const services = byService(result);
  expect(services.get(svc('A'))?.outcome).toBe('ready');
  expect(services.get(svc('B'))).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/overall timeout \(300 s\)/) });
  expect(services.get(svc('D'))).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/overall timeout/) });
  expect(cluster.firstUpdateAt(svc('D'))).toBeUndefined();
  const elapsed = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
  expect(elapsed).toBeGreaterThanOrEqual(300_000);
  expect(elapsed).toBeLessThan(330_000);
});

test('a failed service skips its dependents only; an independent branch goes on', async () => {
  // Prepare: A → B → D, A → C; B's tasks always crash.
  const cluster = new FakeEcsCluster(CLUSTER, [{ name: 'A' }, { name: 'B', alwaysFails: true }, { name: 'C' }, { name: 'D' }]);
  const graph = plan([
    { name: 'A', desiredCount: 1, dependsOn: [] },
    { name: 'B', desiredCount: 2, dependsOn: ['A'] },
    { name: 'C', desiredCount: 1, dependsOn: ['A'] },
    { name: 'D', desiredCount: 1, dependsOn: ['B'] },
  ]);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-branch', args: [{ plan: graph }] }),
  );

  // Assess
  const services = byService(result);
  expect(services.get('A')?.outcome).toBe('ready');
  expect(services.get('C')?.outcome).toBe('ready');
  expect(services.get('B')).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/tasks failed to start; newest event: .*essential container exited/) });
  expect(services.get('D')).toMatchObject({ outcome: 'skipped', reason: 'dependency B failed' });
  expect(cluster.firstUpdateAt('D')).toBeUndefined();
  expect(result.outcome).toBe('partial');
});

test('a deployment rolled back by the circuit breaker fails the service', async () => {
  // Prepare
  const cluster = new FakeEcsCluster(CLUSTER, [{ name: 'A', alwaysFails: true, circuitBreakerAfter: 2 }]);
  const graph = plan([{ name: 'A', desiredCount: 2, dependsOn: [] }], { maxFailedTasks: 10 });
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-breaker', args: [{ plan: graph }] }),
  );

  // Assess
  expect(result.services[0]).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/circuit breaker rolled back/) });
  expect(result.outcome).toBe('failed');
});

test('services already running at their count are left alone; recorded counts are restored', async () => {
  // Prepare: A runs already; D was at 9 when last stopped (tag), more than the plan's 7.
  const cluster = originalCluster({
    A: { running: 1 },
    D: { tags: { [LAST_DESIRED_COUNT_TAG]: '9' } },
  });
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-already', args: [{ plan: originalPlan() }] }),
  );

  // Assess
  const services = byService(result);
  expect(services.get(svc('A'))?.outcome).toBe('already-running');
  expect(cluster.firstUpdateAt(svc('A'))).toBeUndefined();
  expect(services.get(svc('D'))).toMatchObject({ outcome: 'ready', targetCount: 9, desiredSource: 'recorded', running: 9 });
  expect(services.get(svc('C'))).toMatchObject({ targetCount: 1, desiredSource: 'plan' });
  expect(result.outcome).toBe('succeeded');
});

test('a service missing from the cluster fails and skips its dependents', async () => {
  // Prepare: the cluster has no serviceB.
  const cluster = new FakeEcsCluster(CLUSTER, [{ name: svc('A') }, { name: svc('C') }, { name: svc('D') }, { name: svc('E') }]);
  const { worker, taskQueue } = await ecsWorker(server.env, cluster);

  // Act
  const result = await worker.runUntil(
    server.env.client.workflow.execute(ecsStartupWorkflow, { taskQueue, workflowId: 'ecs-startup-missing', args: [{ plan: originalPlan() }] }),
  );

  // Assess
  const services = byService(result);
  expect(services.get(svc('B'))).toMatchObject({ outcome: 'failed', reason: `service not found in cluster ${CLUSTER}` });
  expect(services.get(svc('E'))).toMatchObject({ outcome: 'skipped', reason: `dependency ${svc('B')} failed` });
  expect(services.get(svc('A'))?.outcome).toBe('ready');
});
