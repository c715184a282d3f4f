// The worker's Prometheus endpoint, read over HTTP on 127.0.0.1 as a scraper would. In its own
// file because Runtime.install happens once per process, and here it must be the worker's own.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { createLogger } from '../../common/logger';
import { installRuntime } from '../../worker/runtime';
import { requireInstalled, testServerPath } from '../helpers/temporal-servers';
import { uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { ec2, gateActivities, gateInput, instanceAnswer, resetFleet } from '../launch-gate/gate-harness';
import { startSite, type TestSite } from '../launch-gate/http-fixtures';
import { launchGateWorkflowV2 } from '../../workflows/launch-gate';
import { samples } from './prometheus-text';

let env: TestWorkflowEnvironment;
let metricsAddress: string;
const sites: TestSite[] = [];

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  metricsAddress = `127.0.0.1:${await freeLoopbackPort()}`;
  installRuntime(createLogger('metrics-test', 'ERROR'), 'ERROR', metricsAddress);
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireInstalled(testServerPath) } },
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
  await env?.teardown();
});

test('the worker exposes the SDK metrics and one fleet_action_outcomes sample per gate outcome', async () => {
  // Prepare: a replica in sync with its origin, and an instance EC2 reports as terminated
  resetFleet();
  const origin = await startSite({ '/': { body: 'release 42' } });
  const replica = await startSite({ '/': { body: 'release 42' } });
  sites.push(origin, replica);
  const taskQueue = uniqueTaskQueue('metrics');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: gateActivities(),
  });

  // Act
  const results = await worker.runUntil(async () => {
    const synced = await env.client.workflow.execute(launchGateWorkflowV2, {
      taskQueue,
      workflowId: 'metrics-gate-synced',
      args: [gateInput(origin, replica)],
    });
    ec2.on(DescribeInstancesCommand).resolves(instanceAnswer('terminated'));
    const terminated = await env.client.workflow.execute(launchGateWorkflowV2, {
      taskQueue,
      workflowId: 'metrics-gate-terminated',
      args: [gateInput(origin, replica)],
    });
    return [synced, terminated];
  });
  const response = await fetch(`http://${metricsAddress}/metrics`);
  const text = await response.text();

  // Assess
  expect(results.map((r) => r.outcome)).toEqual(['synced', 'instance-terminated']);
  expect(response.status).toBe(200);
  const outcomes = samples(text, 'fleet_action_outcomes');
  const gate = (outcome: string) =>
    outcomes.filter((s) => s.labels.action === 'launch_gate' && s.labels.outcome === outcome && s.labels.taskQueue === taskQueue);
  expect(gate('passed').map((s) => s.value)).toEqual([1]);
  expect(gate('abandoned').map((s) => s.value)).toEqual([1]);
  expect(gate('passed')[0]?.labels.workflowType).toBe('launchGateWorkflowV2');
  // The SDK's own worker metrics are on the same endpoint.
  expect(samples(text, 'temporal_workflow_completed').filter((s) => s.labels.task_queue === taskQueue).map((s) => s.value)).toEqual([2]);
  expect(text).toMatch(/^temporal_activity_execution_latency/m);
}, 120_000);
