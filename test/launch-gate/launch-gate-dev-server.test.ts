import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { LAUNCH_GATE_SEARCH_ATTRIBUTES } from '../../common/launch-gate';
import { workflowIds } from '../../common/workflow-ids';
import { requireInstalled, temporalCliPath } from '../helpers/temporal-servers';
import { eventually } from '../helpers/wait';
import { gateInput, instanceId, resetFleet, runGateOn, waitForProgress } from './gate-harness';
import { startSite, type TestSite } from './http-fixtures';

// The documented operator commands, run with the real `temporal` CLI against the real dev server.
const run = promisify(execFile);
let env: TestWorkflowEnvironment;
const sites: TestSite[] = [];

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed in this worker process by an earlier test file: keep that one.
  }
  // Not createLocalEnv(): this server also registers the gate's optional search attributes.
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireInstalled(temporalCliPath) },
      ip: '127.0.0.1',
      searchAttributes: [
        defineSearchAttributeKey(LAUNCH_GATE_SEARCH_ATTRIBUTES.autoScalingGroupName, SearchAttributeType.KEYWORD),
        defineSearchAttributeKey(LAUNCH_GATE_SEARCH_ATTRIBUTES.instanceId, SearchAttributeType.KEYWORD),
      ],
    },
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
  await env?.teardown();
});

beforeEach(() => resetFleet());

function temporal(...args: string[]) {
  return run(temporalCliPath, [...args, '--address', env.address, '--namespace', 'default'], { timeout: 20_000 });
}

test('a waiting gate is found by instance id or ASG name, inspected and abandoned with the temporal CLI', async () => {
  // Prepare: a replica that never syncs keeps the gate waiting.
  const origin = await startSite({ '/': { body: 'new' } });
  const replica = await startSite({ '/': { body: 'old' } });
  sites.push(origin, replica);
  const input = gateInput(origin, replica, {}, { upsertSearchAttributes: true });
  const workflowId = workflowIds.launchGate(instanceId, input.action.lifecycleActionToken!);
  const seen: { byInstance?: string; byGroup?: string; described?: string; progress?: string } = {};

  const { result } = await runGateOn(env, input, async (handle) => {
    await waitForProgress(handle, (p) => p.phase === 'waiting');

    // Act
    seen.byInstance = await eventually(async () => {
      const { stdout } = await temporal('workflow', 'list', '--query', `WorkflowId STARTS_WITH "launch-gate/${instanceId}"`, '--output', 'json');
      return stdout.includes(workflowId) ? stdout : undefined;
    });
    seen.byGroup = await eventually(async () => {
      const { stdout } = await temporal('workflow', 'list', '--query', `${LAUNCH_GATE_SEARCH_ATTRIBUTES.autoScalingGroupName} = "web-asg"`, '--output', 'json');
      return stdout.includes(workflowId) ? stdout : undefined;
    });
    seen.described = (await temporal('workflow', 'describe', '--workflow-id', workflowId, '--output', 'json')).stdout;
    seen.progress = (await temporal('workflow', 'query', '--workflow-id', workflowId, '--name', 'progress', '--output', 'json')).stdout;
    await temporal(
      'workflow', 'signal', '--workflow-id', workflowId, '--name', 'abandon',
      '--input', JSON.stringify({ by: 'oncall@example.com', reason: 'replica disk full' }),
    );
  });
  const outcome = { ...seen, result };

  // Assess
  expect(outcome.byInstance).toContain('launchGateWorkflowV2');
  expect(outcome.byGroup).toContain(workflowId);
  expect(outcome.described).toContain('web-asg');
  expect(JSON.parse(outcome.progress!)).toMatchObject({
    queryResult: [expect.objectContaining({ phase: 'waiting', checks: 1, instanceId })],
  });
  expect(outcome.result).toMatchObject({
    outcome: 'operator-override',
    lifecycleActionResult: 'ABANDON',
    override: { by: 'oncall@example.com', reason: 'replica disk full', decision: 'ABANDON' },
  });
});

// The time-skipping server cannot take this case (it fails the workflow task when a cancelled
// activity completes afterwards), so it runs here, on the real dev server, cancelled the way an
// operator cancels: `temporal workflow cancel`.
test('cancelled with the temporal CLI while a check is in flight: the gate completes with its give-up result', async () => {
  // Prepare: the first check finds stale content; the second finds the replica hanging.
  const origin = await startSite({ '/': { body: 'new' } });
  const replica = await startSite({ '/': (n: number) => (n === 1 ? { body: 'old' } : { hang: true }) });
  sites.push(origin, replica);
  const input = gateInput(origin, replica, { checkIntervalSeconds: 1, requestTimeoutMs: 3_000 });

  const { result, handle } = await runGateOn(env, input, async (gate) => {
    await waitForProgress(gate, (p) => p.phase === 'checking' && p.checks === 2 && replica.seen.length >= 2);

    // Act
    await temporal('workflow', 'cancel', '--workflow-id', gate.workflowId);
  });

  // Assess: the run completed (not cancelled) and Auto Scaling got the fleet's give-up result.
  expect(result).toMatchObject({ outcome: 'cancelled', lifecycleActionResult: 'ABANDON', completion: 'done' });
  expect(result.reason).toContain('cancelled while checking');
  const describe = await handle.describe();
  expect(describe.status.name).toBe('COMPLETED');
}, 60_000);
