import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { route } from '../../starters/routing/route';
import { isIgnored, type RouteResult, type Routed } from '../../starters/routing/start-request';
import { startSummary } from '../../starters/temporal/start-summary';
import { executeStart } from '../../starters/temporal/start-workflows';
import { createLocalEnv } from '../helpers/time-skipping';
import { cli } from './cli-io';
import { exampleConfig, fixture } from './fixtures';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createLocalEnv();
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

function routed(result: RouteResult): Routed {
  if (isIgnored(result)) throw new Error(`expected starts, got ignored: ${result.ignored}`);
  return result;
}

test('every start of a launch event carries a static summary the Web UI lists, signal-with-start included', async () => {
  // Prepare
  const { starts } = routed(route(fixture('eventbridge-launch-lifecycle-action.json'), exampleConfig()));

  // Act
  for (const request of starts) await executeStart(env.client, request);

  // Assess
  const summaries = await Promise.all(
    starts.map(async (request) => (await env.client.workflow.getHandle(request.workflowId).describe()).staticSummary()),
  );
  expect(summaries).toEqual(['gate i-0598c7d356eba48d7 web-prod', 'fleet web-prod']);
});

test.each([
  ['eventbridge-terminate-lifecycle-action.json', /^terminate i-[0-9a-f]+ [\w-]+$/],
  ['cloudtrail-create-image.json', /^golden image ami-0c55b159cbfafe1f0 [\w-]+$/],
  ['cloudtrail-create-auto-scaling-group.json', /^pin \$Latest [\w-]+ [\w-]+$/],
])('a start routed from %s is summarised by what it acts on', (name, expected) => {
  const [request] = routed(route(fixture(name), exampleConfig(), { sourceGroup: 'web-prod-WebAsg-1A2B3C4D5E6F' })).starts;

  expect(startSummary(request!.workflowType, request!.workflowId, request!.memo)).toMatch(expected);
});

test('a workflow type with no wording, or a memo without its subject, falls back to type and id on one line', () => {
  expect(startSummary('someOtherWorkflow', 'other/1', { fleet: 'x' })).toBe('someOtherWorkflow other/1');
  expect(startSummary('launchGateWorkflow', 'launch-gate/i-1/t', undefined)).toBe('launchGateWorkflow launch-gate/i-1/t');
  expect(startSummary('fleetWorkflow', 'fleet/a', { fleet: 'line\nbreak' })).toBe('fleet line break');
});

test('the CLI words its own starts the same way: a release window, an ECS run', async () => {
  // Prepare
  const temporalEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: 'summary-cli' };

  // Act
  const open = await cli(['release-window', 'open', '--fleet', 'batch', '--ttl-minutes', '30', '--by', 'alice', '--reason', 'r'], temporalEnv);
  const ecs = await cli(['ecs', 'start', '--plan', require.resolve('../../examples/ecs-plan.yaml'), '--run-key', 'summary-test'], temporalEnv);

  // Assess
  expect([open.code, ecs.code]).toEqual([0, 0]);
  const summaryOf = async (workflowId: string) => (await env.client.workflow.getHandle(workflowId).describe()).staticSummary();
  expect(await summaryOf('fleet/batch')).toBe('fleet batch');
  expect(await summaryOf((ecs.json() as { workflowId: string }).workflowId)).toBe('ECS startup myapp-dev myapp-dev-cluster');
});
