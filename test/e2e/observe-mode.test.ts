import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { parseDocument } from 'yaml';
import type { LaunchGateResult } from '../../common/launch-gate';
import { sameClientsForEveryRegion } from '../../activities/aws-clients';
import { listRuns } from '../../starters/demo/scenario';
import { observeReport } from '../../starters/observe/observe-report';
import { renderReport } from '../../starters/observe/render-report';
import { loadFleetSpec } from '../../starters/local-stack';
import type { FleetSpec } from '../../simulator/setup';
import { simulatorClients } from '../../simulator/sdk-clients';
import { SCENARIO_TIMEOUT_MS, useE2eStack, waitUntil } from './e2e-stack';

// Issue 18: the demo's fleets, every one in observe mode. A scale-out is decided exactly as in
// act mode (the same checks against the same replicas), but nothing is written to AWS: the
// simulator's record of calls holds reads only, and Auto Scaling's hooks decide by timing out.
const GROUP = 'web-scale-out-asg';
const FLEET = 'web-scale-out';
const LAUNCHES = 5;
/** The shortest heartbeat timeout Auto Scaling accepts, so the hooks time out within the test. */
const HOOK_TIMEOUT_SECONDS = 30;

function observeEverywhere(): string {
  // Edited as a document, so the stack's ${…} placeholders stay where they are, unquoted.
  const doc = parseDocument(readFileSync(join(__dirname, '..', '..', 'examples', 'demo-fleet-config.yaml'), 'utf8'));
  const fleets = (doc.toJS() as { fleets: unknown[] }).fleets;
  fleets.forEach((_, index) => doc.setIn(['fleets', index, 'mode'], 'observe'));
  const path = join(mkdtempSync(join(tmpdir(), 'observe-config-')), 'fleet-config.yaml');
  writeFileSync(path, doc.toString());
  return path;
}

/** The demo's fleet, but the scale-out group's launch hook (default result ABANDON) times out in 30 s. */
function quickLaunchHook(): FleetSpec {
  const fleet = loadFleetSpec();
  const group = fleet.autoScalingGroups!.find((g) => g.name === GROUP)!;
  group.hooks = group.hooks!.map((hook) => (hook.transition === 'launching' ? { ...hook, heartbeatTimeoutSeconds: HOOK_TIMEOUT_SECONDS } : hook));
  return fleet;
}

const e2e = useE2eStack({ fleetConfigPath: observeEverywhere(), fleet: quickLaunchHook() });

const isRead = (operation: string) => /^(Describe|List|Get)/.test(operation);

test('observe mode: a scale-out of 5 is decided as in act mode, sends no write to AWS: its hooks time out to their default, and the report lists each decision against that', async () => {
  // Prepare
  const { simulator, client } = e2e.stack;
  const aws = simulatorClients(simulator.url);
  const since = new Date();

  // Act: the group grows to 5 (the 4th instance never syncs its content, as in the act scenario).
  await aws.autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: GROUP, DesiredCapacity: LAUNCHES }));
  const query = `WorkflowType = "launchGateWorkflow" AND FleetAutoScalingGroupName = "${GROUP}" AND ExecutionStatus != "Running"`;
  const closed = await waitUntil(async () => {
    const runs = await listRuns(client, query);
    return runs.length >= LAUNCHES ? runs : undefined;
  }, 120_000);
  const results = await Promise.all(closed.map((run) => client.workflow.getHandle(run.workflowId, run.runId).result() as Promise<LaunchGateResult>));

  // Assess: the decisions act mode makes, none of them sent.
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
  // Nobody completes the actions, so Auto Scaling applies the hook's default when it times out.
  const instanceIds = results.map((r) => r.instanceId);
  const launches = await waitUntil(() => {
    const decided = simulator.state().lifecycleActions.filter((a) => instanceIds.includes(a.instanceId) && a.result);
    return decided.length === LAUNCHES ? decided : undefined;
  }, 120_000);
  expect(launches.map((a) => [a.result, a.decidedBy])).toEqual(Array(LAUNCHES).fill(['ABANDON', 'heartbeat-timeout']));
  const writes = simulator.state().calls.filter((call) => !isRead(call.operation) && call.operation !== 'SetDesiredCapacity');
  expect(writes).toEqual([]);

  // Act: the report, as `fleet-workflows observe report --fleet web-scale-out` prints it.
  const report = await observeReport({ temporal: client, clientsFor: sameClientsForEveryRegion(aws), since, fleet: FLEET });

  // Assess: the four CONTINUEs disagree with what happened (the hook's ABANDON), and come first; the ABANDON agrees.
  const gates = report.runs.filter((run) => instanceIds.some((id) => run.workflowId.includes(id)));
  expect(gates.map((run) => run.verdict)).toEqual(['disagree', 'disagree', 'disagree', 'disagree', 'agree']);
  expect(report.runs.slice(0, 4)).toEqual(gates.slice(0, 4));
  const abandoned = results.find((r) => r.lifecycleActionResult === 'ABANDON')!.instanceId;
  expect(gates[4]!.workflowId).toContain(abandoned);
  const text = renderReport(report);
  expect(text).toMatch(new RegExp(`≠ would have CONTINUEd i-[0-9a-f]+ at [0-9:]+; its launch ended Failed`));
  expect(text).toContain(`= would have ABANDONed ${abandoned} at `);
}, SCENARIO_TIMEOUT_MS);
