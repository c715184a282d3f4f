import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompleteLifecycleActionCommand, SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { parseDocument } from 'yaml';
import { sameClientsForEveryRegion } from '../../activities/aws-clients';
import type { LaunchGateResult } from '../../common/launch-gate';
import { listRuns } from '../../starters/demo/scenario';
import { observeReport } from '../../starters/observe/observe-report';
import { renderReport } from '../../starters/observe/render-report';
import { simulatorClients } from '../../simulator/sdk-clients';
import { SCENARIO_TIMEOUT_MS, useE2eStack, waitUntil } from './e2e-stack';

// Issue 18, a cut-over as it happens: the demo's fleets all observe while the old system still
// acts. A scale-out is decided exactly as in act mode (the same checks against the same
// replicas), but the simulator's record of calls holds reads only; then the old system (here
// the test, as the old Lambda that does not look at content) completes every action with
// CONTINUE, and the report sets each gate's decision beside that.
const GROUP = 'web-scale-out-asg';
const FLEET = 'web-scale-out';
const LAUNCHES = 5;

function observeEverywhere(): string {
  // Edited as a document, so the stack's ${…} placeholders stay where they are, unquoted.
  const doc = parseDocument(readFileSync(join(__dirname, '..', '..', 'examples', 'demo-fleet-config.yaml'), 'utf8'));
  const fleets = (doc.toJS() as { fleets: unknown[] }).fleets;
  fleets.forEach((_, index) => doc.setIn(['fleets', index, 'mode'], 'observe'));
  const path = join(mkdtempSync(join(tmpdir(), 'observe-config-')), 'fleet-config.yaml');
  writeFileSync(path, doc.toString());
  return path;
}

const e2e = useE2eStack({ fleetConfigPath: observeEverywhere() });

const isRead = (operation: string) => /^(Describe|List|Get)/.test(operation);

test('observe mode: a scale-out of 5 is decided as in act mode and sends no write; the report sets each decision beside what the old system did', async () => {
  // Prepare
  const { simulator, client } = e2e.stack;
  const aws = simulatorClients(simulator.url);
  const since = new Date();

  // Act: the group grows to 5 (the 4th instance never syncs its content, as in the act scenario).
  await aws.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: GROUP, DesiredCapacity: LAUNCHES }));
  const query = `WorkflowType = "launchGateWorkflowV2" AND FleetAutoScalingGroupName = "${GROUP}" AND ExecutionStatus != "Running"`;
  const closed = await waitUntil(async () => {
    const runs = await listRuns(client, query);
    return runs.length >= LAUNCHES ? runs : undefined;
  }, 120_000);
  const results = await Promise.all(closed.map((run) => client.workflow.getHandle(run.workflowId, run.runId).result() as Promise<LaunchGateResult>));

  // Assess: the decisions act mode makes, none of them sent; the instances still wait.
  expect(results.map((r) => `${r.outcome} ${r.lifecycleActionResult}`).sort()).toEqual([
    'gave-up ABANDON',
    'synced CONTINUE',
    'synced CONTINUE',
    'synced CONTINUE',
    'synced CONTINUE',
  ]);
  for (const result of results) {
    expect(result).toMatchObject({ mode: 'observe', completion: 'not-sent', heartbeatsSent: 0 });
    expect(result.observed?.at(-1)).toMatchObject({ call: 'CompleteLifecycleAction', target: result.instanceId });
  }
  const state = simulator.state();
  expect(state.calls.filter((call) => !isRead(call.operation) && call.operation !== 'SetDesiredCapacity')).toEqual([]);
  const instanceIds = results.map((r) => r.instanceId);
  expect(state.lifecycleActions.filter((a) => instanceIds.includes(a.instanceId))).toEqual([]);
  const group = state.autoScalingGroups.find((g) => g.name === GROUP)!;
  expect(group.instances.filter((i) => instanceIds.includes(i.instanceId)).map((i) => i.lifecycleState)).toEqual(Array(LAUNCHES).fill('Pending:Wait'));

  // Act: the old system completes every launch with CONTINUE (the token is in each gate's workflow id).
  for (const run of closed) {
    const [, instanceId, token] = run.workflowId.split('/');
    await aws.autoScaling.send(
      new CompleteLifecycleActionCommand({
        AutoScalingGroupName: GROUP,
        LifecycleHookName: 'launch-gate',
        InstanceId: instanceId,
        LifecycleActionToken: token,
        LifecycleActionResult: 'CONTINUE',
      }),
    );
  }
  await waitUntil(() => {
    const now = simulator.state().autoScalingGroups.find((g) => g.name === GROUP)!;
    return now.instances.filter((i) => instanceIds.includes(i.instanceId) && i.lifecycleState === 'InService').length === LAUNCHES || undefined;
  });

  // Act: the report, as `fleet-workflows observe report --fleet web-scale-out` makes it.
  const report = await observeReport({ temporal: client, clientsFor: sameClientsForEveryRegion(aws), since, fleet: FLEET });

  // Assess: the ABANDON the old system overrode is listed first; the four CONTINUEs agree.
  const abandoned = results.find((r) => r.lifecycleActionResult === 'ABANDON')!.instanceId;
  expect(report.runs.map((run) => [run.verdict, run.workflowId.split('/')[1]])).toEqual([
    ['disagree', abandoned],
    ...instanceIds.filter((id) => id !== abandoned).map(() => ['agree', expect.any(String)]),
  ]);
  expect(report.counts).toMatchObject({ disagree: 1, agree: 4, unknown: 0 });
  const text = renderReport(report);
  expect(text).toMatch(new RegExp(`≠ would have ABANDONed ${abandoned} at [0-9:]+; it went InService at [0-9:]+`));
  expect(text.match(/= would have CONTINUEd i-[0-9a-f]+ at [0-9:]+; it went InService/g)).toHaveLength(4);
}, SCENARIO_TIMEOUT_MS);
