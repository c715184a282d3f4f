import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchGateProgress, LaunchGateResult } from '../../common/launch-gate';
import { failures, SCENARIO_TIMEOUT_MS, useE2eStack, waitUntil } from './e2e-stack';

// The production form of the worker (`npm start`: the build, its prebuilt workflow bundle, a bounded heap).
const e2e = useE2eStack({ builtWorker: true });

test('the worker is the build, loading the prebuilt workflow bundle', async () => {
  // The log file is written by a stream, a moment after the stack saw the line on stdout.
  const startedLine = () =>
    readFileSync(join(e2e.stack.stateDir, 'worker.log'), 'utf8')
      .split('\n')
      .find((line) => line.includes('"worker started"'));
  for (let i = 0; i < 50 && !startedLine(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(startedLine()).toContain('dist/workflow-bundle.js');
});

test('scale-out of 5: four gates sync, the never-synced instance is abandoned and replaced', async () => {
  // Act
  const report = await e2e.play('scale-out');

  // Assess: the scenario's own expectations
  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  expect(report.workflows).toHaveLength(6);

  // Assess: the AWS state, read independently of the scenario
  const state = e2e.stack.simulator.state();
  const group = state.autoScalingGroups.find((g) => g.name === 'web-scale-out-asg')!;
  expect(group.instances.map((i) => i.lifecycleState)).toEqual(Array(5).fill('InService'));
  const launches = state.lifecycleActions.filter((a) => a.autoScalingGroupName === 'web-scale-out-asg');
  expect(launches.map((a) => a.result).sort()).toEqual(['ABANDON', 'CONTINUE', 'CONTINUE', 'CONTINUE', 'CONTINUE', 'CONTINUE']);
  const abandoned = launches.find((a) => a.result === 'ABANDON')!;
  expect(state.instances.find((i) => i.instanceId === abandoned.instanceId)).toMatchObject({ state: 'terminated', contentSyncMs: null });
  expect(state.events.filter((e) => e.delivery !== 'delivered')).toEqual([]);

  // Assess: the abandoned instance's gate, through Temporal
  const gate = e2e.stack.client.workflow.getHandle(`launch-gate/${abandoned.instanceId}/${abandoned.token}`);
  const result = (await gate.result()) as LaunchGateResult;
  expect(result).toMatchObject({ outcome: 'gave-up', lifecycleActionResult: 'ABANDON', completion: 'done', scheduledChecks: 5 });
  expect(result.lastCheck?.paths[0]?.result).toBe('not-in-sync');
}, SCENARIO_TIMEOUT_MS);

test('an origin outage during a scale-out abandons nothing: the gates wait it out and pass once it is back', async () => {
  // Prepare: the origin answers 503 from now on; the group grows by two.
  const { simulator, client } = e2e.stack;
  const before = new Set(simulator.state().instances.map((i) => i.instanceId));
  const group = 'web-scale-out-asg';
  const size = simulator.state().autoScalingGroups.find((g) => g.name === group)!.instances.length;
  simulator.setOriginOutage(true);
  try {
    await setDesiredCapacity(group, size + 2);

    // Act: wait until both new gates have seen more failed origin checks than maxChecks (5).
    const running = await waitUntil(async () => {
      const runs: string[] = [];
      for await (const run of client.workflow.list({ query: `WorkflowType = "launchGateWorkflowV2" AND FleetAutoScalingGroupName = "${group}" AND ExecutionStatus = "Running"` })) {
        runs.push(run.workflowId);
      }
      if (runs.length < 2) return undefined;
      const progress = await Promise.all(runs.map((id) => client.workflow.getHandle(id).query<LaunchGateProgress>('progress')));
      return progress.every((p) => p.originUnavailableChecks > 5) ? runs : undefined;
    });
    simulator.setOriginOutage(false);

    // Assess: both gates pass once the origin is back, and no instance was abandoned.
    const results = await Promise.all(running.map((id) => client.workflow.getHandle(id).result() as Promise<LaunchGateResult>));
    expect(results.map((r) => [r.outcome, r.lifecycleActionResult])).toEqual([['synced', 'CONTINUE'], ['synced', 'CONTINUE']]);
    for (const r of results) expect(r.originUnavailableChecks).toBeGreaterThan(5);
    const launched = simulator.state().lifecycleActions.filter((a) => !before.has(a.instanceId) && a.autoScalingGroupName === group);
    expect(launched.map((a) => a.result)).toEqual(['CONTINUE', 'CONTINUE']);
  } finally {
    simulator.setOriginOutage(false);
  }
}, SCENARIO_TIMEOUT_MS);

async function setDesiredCapacity(group: string, desired: number): Promise<void> {
  const { AutoScalingClient, SetDesiredCapacityCommand } = await import('@aws-sdk/client-auto-scaling');
  const autoScaling = new AutoScalingClient({
    region: 'us-east-1',
    endpoint: e2e.stack.simulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: group, DesiredCapacity: desired }));
}
