import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompleteLifecycleActionCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateImageCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from './clock';
import type { EventBridgeEvent } from './events/eventbridge';
import { simulatorClients } from './sdk-clients';
import { startSimulator, type Simulator } from './simulator';

// The endpoint's fault injection, its event delivery over HTTP, and its JSON control API.
const SECOND = 1000;
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({
    clock: new ManualClock(),
    timings: { instanceBootMs: 10 * SECOND },
    fleet: {
      launchTemplates: [{ name: 'web-lt' }],
      autoScalingGroups: [{ name: 'web-asg', launchTemplateName: 'web-lt', maxSize: 4, desiredCapacity: 1, hooks: [{ name: 'launch-gate', transition: 'launching' }] }],
      ecs: [{ cluster: 'c', services: [{ name: 's', desiredCount: 1 }] }],
    },
  });
  await sim.advance(10 * SECOND);
});

afterEach(async () => {
  await sim.stop();
});

async function control(path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}/_sim/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

test('a queued throttle fails exactly the next calls of that operation; the SDK retries through it', async () => {
  const once = simulatorClients(sim.url, { maxAttempts: 1 });
  sim.failNext({ operation: 'DescribeAutoScalingGroups', kind: 'throttle', count: 1 });
  await expect(once.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
  await expect(once.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).resolves.toBeDefined();

  const retrying = simulatorClients(sim.url, { maxAttempts: 3 });
  sim.failNext({ operation: 'ec2:DescribeInstances', kind: 'throttle', count: 2 });
  const out = await retrying.ec2.send(new DescribeInstancesCommand({}));
  expect(out.$metadata.attempts).toBe(3);
  expect(sim.state().calls.filter((c) => c.operation === 'DescribeInstances').map((c) => c.error)).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded', undefined]);
});

test('random 5xx and throttling at configured rates, per service in its own error format', async () => {
  const once = simulatorClients(sim.url, { maxAttempts: 1 });
  sim.setFaults({ serverErrorRate: 1, operations: ['DescribeServices', 'DescribeInstances'] });
  await expect(once.ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['s'] }))).rejects.toMatchObject({ name: 'ServerException', $metadata: { httpStatusCode: 500 } });
  await expect(once.ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500 } });
  // Operations not listed are untouched.
  await expect(once.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).resolves.toBeDefined();

  sim.setFaults({ throttleRate: 0.5, seed: 7 });
  const outcomes: string[] = [];
  for (let i = 0; i < 40; i += 1) {
    outcomes.push(await once.autoScaling.send(new DescribeAutoScalingGroupsCommand({})).then(() => 'ok', (err: Error) => err.name));
  }
  expect(new Set(outcomes)).toEqual(new Set(['ok', 'Throttling']));
  sim.setFaults({});
});

test('injected latency delays the answer without failing it', async () => {
  const once = simulatorClients(sim.url, { maxAttempts: 1 });
  sim.setFaults({ latencyMs: 300, latencyRate: 1, operations: ['DescribeAutoScalingGroups'] });
  const started = Date.now();
  await once.autoScaling.send(new DescribeAutoScalingGroupsCommand({}));
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test('events are POSTed as JSON to a loopback URL sink', async () => {
  const received: EventBridgeEvent[] = [];
  const sink: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as EventBridgeEvent);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  try {
    const { status } = await control('event-sink', { url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/events` });
    expect(status).toBe(200);
    const clients = simulatorClients(sim.url, { maxAttempts: 1 });
    const [instance] = (await clients.ec2.send(new DescribeInstancesCommand({}))).Reservations![0]!.Instances!;
    await clients.ec2.send(new CreateImageCommand({ InstanceId: instance!.InstanceId, Name: 'backup', Description: 'EC2_BACKUP' }));
    await sim.settled();
    expect(received).toEqual([expect.objectContaining({ source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail' })]);
    expect(sim.state().events.at(-1)?.delivery).toBe('delivered');
  } finally {
    sink.closeAllConnections();
    await new Promise((resolve) => sink.close(resolve));
  }
});

test('nothing outside 127.0.0.0/8: the simulator refuses a non-loopback host or event sink', async () => {
  await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  await expect(startSimulator({ host: '10.0.0.5' })).rejects.toThrow(/loopback/);
  expect(() => sim.setEventSink({ url: 'http://192.168.1.10/events' })).toThrow(/loopback/);
  const { status, json } = await control('event-sink', { url: 'http://10.1.2.3:8080/' });
  expect(status).toBe(400);
  expect(json.error).toMatch(/loopback/);
  await expect(startSimulator({ firstInstanceIp: '172.16.0.10' })).rejects.toThrow(/loopback/);
});

test('the control API: JSON state, scaling, content sync, and clear errors for bad requests', async () => {
  const { json: state } = await control('state');
  const instances = state.instances as Array<{ instanceId: string; privateIpAddress: string; state: string }>;
  expect(instances).toHaveLength(1);
  expect(instances[0]!.privateIpAddress).toBe('127.0.0.2');
  expect(state).toMatchObject({ url: sim.url, replicaPort: sim.port, originUrl: sim.originUrl });

  expect((await control('asg/web-asg/desired-capacity', { desiredCapacity: 3 })).status).toBe(200);
  expect(sim.state().autoScalingGroups[0]!.instances).toHaveLength(3);
  expect((await control('asg/web-asg/desired-capacity', { desiredCapacity: 9 })).json.error).toMatch(/above max value 4/);
  expect((await control('asg/nope/desired-capacity', { desiredCapacity: 1 })).status).toBe(400);

  expect((await control(`instances/${instances[0]!.instanceId}/content-sync`, { delayMs: null })).status).toBe(200);
  expect(sim.state().instances[0]!.content?.syncAt).toBeNull();
  expect((await control(`instances/${instances[0]!.instanceId}/content-sync`, { delayMs: -5 })).json.error).toMatch(/delayMs/);
  expect((await control('ssm/command-outcome', { status: 'Exploded' })).status).toBe(400);
  expect((await control('no-such-thing', {})).status).toBe(404);

  expect((await control('fail-next', { operation: 'CompleteLifecycleAction', kind: 'error', code: 'ValidationError', message: 'No active Lifecycle Action found with token x' })).status).toBe(200);
  const clients = simulatorClients(sim.url, { maxAttempts: 1 });
  await expect(
    clients.autoScaling.send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: 'web-asg', LifecycleHookName: 'launch-gate', InstanceId: instances[0]!.instanceId, LifecycleActionResult: 'CONTINUE' })),
  ).rejects.toMatchObject({ name: 'ValidationError' });
});

test('a request that is not an AWS call gets an AWS error, not a crash', async () => {
  const response = await fetch(sim.url, { method: 'POST', body: 'Action=Frobnicate&Version=2011-01-01', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  const json = await fetch(sim.url, { method: 'POST', body: '{not json', headers: { 'x-amz-target': 'AmazonSSM.GetParameter', 'content-type': 'application/x-amz-json-1.1' } });
  expect(json.status).toBe(400);
  expect(await json.json()).toEqual({ __type: 'SerializationException', message: 'Request body is not valid JSON' });
  expect((await control('health')).json).toMatchObject({ ok: true });
});

test("an instance whose web server cannot start says why in the state, and the fleet goes on", async () => {
  const blocker: Server = createServer((_req, res) => res.end('someone else'));
  // An address range of its own, so no other test's instances can be hit.
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.9.2', resolve));
  const taken = (blocker.address() as AddressInfo).port;
  const own = await startSimulator({
    clock: new ManualClock(),
    replicaPort: taken,
    firstInstanceIp: '127.0.9.2',
    timings: { instanceBootMs: 1000 },
    fleet: { launchTemplates: [{ name: 'web-lt' }], autoScalingGroups: [{ name: 'web-asg', launchTemplateName: 'web-lt', desiredCapacity: 2 }] },
  });
  try {
    await own.advance(1000);
    const [first, second] = own.state().instances;
    expect(first!.content?.error).toMatch(/EADDRINUSE/);
    expect(second!.content).toMatchObject({ url: `http://127.0.9.3:${taken}` });
    expect(second!.content?.error).toBeUndefined();
  } finally {
    await own.stop();
    await new Promise((resolve) => blocker.close(resolve));
  }
});
