import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { Logger } from '@aws-lambda-powertools/logger';
import { createBridge, type Bridge, type EventOutcome } from '../../starters/bridge/bridge';
import { createClientProvider, type ClientProvider } from '../../starters/temporal/client-provider';
import { createLocalEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { exampleConfig, fixture } from './fixtures';
import { finishSignal, progressQuery } from './test-workflows';

const workflowsPath = require.resolve('./test-workflows');
const config = exampleConfig();
// Expected failures (malformed records, Temporal down) would fill the test output otherwise.
const logger = new Logger({ serviceName: 'bridge-test', logLevel: 'SILENT' });
let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
let taskQueue: string;
const providers: ClientProvider[] = [];

beforeAll(async () => {
  env = await createLocalEnv();
  taskQueue = uniqueTaskQueue('bridge');
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(workflowsPath) });
  workerRun = worker.run();
}, 120_000);

afterAll(async () => {
  await Promise.all(providers.map((p) => p.close()));
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
});

function provider(address = env.address): ClientProvider {
  const p = createClientProvider({ namespace: 'default', connectionOptions: () => ({ address }) });
  providers.push(p);
  return p;
}

function bridgeWith(clients: ClientProvider, startTimeoutMs = 5_000): Bridge {
  return createBridge({ config, clients, logger, defaultTaskQueue: taskQueue, startTimeoutMs, lookupStackName: async () => null });
}

/** A provider that fails the test if anything asks it for a connection. */
const noConnection: ClientProvider = {
  get: () => Promise.reject(new Error('no Temporal call expected')),
  reset: async () => undefined,
  close: async () => undefined,
};

/** Auto Scaling's tokens are 36 characters: a readable label, padded to that length. */
function token(label: string): string {
  return label.padEnd(36, '0');
}

function withToken<T>(name: string, token: string): T {
  const event = fixture<{ detail: Record<string, string> }>(name);
  event.detail.LifecycleActionToken = token;
  return event as T;
}

test('a duplicated EventBridge launch starts one launch gate and reaches the fleet entity', async () => {
  // Prepare
  const bridge = bridgeWith(provider());
  const event = withToken('eventbridge-launch-lifecycle-action.json', token('aaaa0001-dup-launch-'));

  // Act
  const first = (await bridge.handle(event)) as EventOutcome;
  const second = (await bridge.handle(structuredClone(event))) as EventOutcome;

  // Assess
  const gateId = `launch-gate/i-0598c7d356eba48d7/${token('aaaa0001-dup-launch-')}`;
  expect(first.started?.map((s) => [s.workflowId, s.outcome])).toEqual([
    [gateId, 'running'],
    ['fleet/web-prod', 'signaled'],
  ]);
  expect(second.started?.[0]?.runId).toBe(first.started?.[0]?.runId);
  const described = await env.client.workflow.getHandle(gateId).describe();
  expect(described.runId).toBe(first.started?.[0]?.runId);
  expect(described.memo).toMatchObject({ fleet: 'web-prod', trigger: 'launch lifecycle action via eventbridge' });
  const fleet = (await env.client.workflow.getHandle('fleet/web-prod').query(progressQuery)) as { signals: { name: string }[] };
  expect(fleet.signals.filter((s) => s.name === 'launchObserved').length).toBeGreaterThanOrEqual(2);
});

test('the same terminate through EventBridge and SQS starts one run; after it closed a redelivery starts nothing', async () => {
  // Prepare
  const bridge = bridgeWith(provider());
  const both = token('bbbb0002-both-transports-');
  const viaEventBridge = withToken('eventbridge-terminate-lifecycle-action.json', both);
  const sqsBatch = fixture<{ Records: { body: string }[] }>('sqs-lifecycle-notification.json');
  sqsBatch.Records[0]!.body = JSON.stringify({ ...JSON.parse(sqsBatch.Records[0]!.body), LifecycleActionToken: both });
  const workflowId = `terminate/i-0598c7d356eba48d7/${both}`;

  // Act
  const first = (await bridge.handle(viaEventBridge)) as EventOutcome;
  const batch = await bridge.handle(sqsBatch);
  const handle = env.client.workflow.getHandle(workflowId);
  await handle.signal(finishSignal);
  await handle.result();
  const afterClose = (await bridge.handle(structuredClone(viaEventBridge))) as EventOutcome;
  const batchAfterClose = await bridge.handle(structuredClone(sqsBatch));

  // Assess
  expect(batch).toEqual({ batchItemFailures: [] });
  expect(afterClose.started).toEqual([{ workflowType: 'terminateWorkflow', workflowId, outcome: 'already-closed' }]);
  expect(batchAfterClose).toEqual({ batchItemFailures: [] });
  const described = await handle.describe();
  expect(described.runId).toBe(first.started?.[0]?.runId);
  expect(described.status.name).toBe('COMPLETED');
});

test('a hook notification wrapped by SNS joins the run its direct SQS delivery started', async () => {
  // Prepare
  const bridge = bridgeWith(provider());
  const shared = token('bbbb0009-via-sns-');
  const direct = fixture<{ Records: { body: string }[] }>('sqs-lifecycle-notification.json').Records[0]!;
  const directBody = { ...JSON.parse(direct.body), LifecycleActionToken: shared };
  const viaSns = fixture<{ Records: { body: string }[] }>('sqs-sns-lifecycle-notification.json').Records[0]!;
  const envelope = JSON.parse(viaSns.body) as { Message: string };
  envelope.Message = JSON.stringify({ ...JSON.parse(envelope.Message), LifecycleActionToken: shared });
  const origin = { messageId: 'm-1', awsRegion: 'ap-northeast-1' };

  // Act
  const first = await bridge.handleEvent(directBody, origin);
  const second = await bridge.handleEvent(envelope, { ...origin, messageId: 'm-2' });

  // Assess
  const workflowId = `terminate/i-0598c7d356eba48d7/${shared}`;
  expect(first.started).toEqual([expect.objectContaining({ workflowId, outcome: 'running' })]);
  expect(second.started).toEqual([expect.objectContaining({ workflowId, outcome: 'running', runId: first.started?.[0]?.runId })]);
});

test('a new lifecycle action for the same instance starts a new run', async () => {
  const bridge = bridgeWith(provider());

  const a = (await bridge.handle(withToken('eventbridge-terminate-lifecycle-action.json', token('cccc0003-first-')))) as EventOutcome;
  const b = (await bridge.handle(withToken('eventbridge-terminate-lifecycle-action.json', token('cccc0004-second-')))) as EventOutcome;

  expect(a.started?.[0]?.outcome).toBe('running');
  expect(b.started?.[0]?.outcome).toBe('running');
  expect(b.started?.[0]?.workflowId).not.toBe(a.started?.[0]?.workflowId);
});

test('a partial SQS batch reports only the malformed record; the good ones start', async () => {
  // Prepare
  const bridge = bridgeWith(provider());
  const batch = fixture<{ Records: { messageId: string; body: string }[] }>('sqs-batch-mixed.json');
  const batchToken = token('dddd0005-batch-');
  batch.Records[0]!.body = JSON.stringify({ ...JSON.parse(batch.Records[0]!.body), LifecycleActionToken: batchToken });
  const launch = JSON.parse(batch.Records[3]!.body) as { detail: Record<string, string> };
  launch.detail.LifecycleActionToken = batchToken;
  batch.Records[3]!.body = JSON.stringify(launch);

  // Act
  const response = await bridge.handle(batch);

  // Assess
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'a3d7c9e1-5b2f-4e8a-9c6d-1f0e2d3c4b5a' }] });
  await expect(env.client.workflow.getHandle(`terminate/i-0598c7d356eba48d7/${batchToken}`).describe()).resolves.toMatchObject({
    status: { name: 'RUNNING' },
  });
  await expect(env.client.workflow.getHandle(`launch-gate/i-0598c7d356eba48d7/${batchToken}`).describe()).resolves.toMatchObject({
    status: { name: 'RUNNING' },
  });
});

test('test notifications and unknown events are acknowledged without touching Temporal', async () => {
  const bridge = bridgeWith(noConnection);

  await expect(bridge.handle(fixture('sqs-test-notification.json'))).resolves.toEqual({ batchItemFailures: [] });
  await expect(bridge.handle(fixture('eventbridge-instance-state-change.json'))).resolves.toMatchObject({
    ignored: expect.stringContaining('EC2 Instance State-change Notification'),
  });
});

test('a malformed EventBridge event is rejected naming the field and event id, and starts nothing', async () => {
  const bridge = bridgeWith(noConnection);

  await expect(bridge.handle(fixture('malformed-eventbridge-launch-missing-instance-id.json'))).rejects.toThrow(
    'malformed event 12345678-1234-1234-1234-123456789012: detail.EC2InstanceId',
  );
});

test('when Temporal is unreachable the invocation fails so AWS redelivers', async () => {
  // Prepare: a port on which nothing listens.
  const closedPort = await freePort();
  const bridge = bridgeWith(provider(`127.0.0.1:${closedPort}`), 1_000);

  // Act + Assess
  await expect(bridge.handle(withToken('eventbridge-terminate-lifecycle-action.json', token('eeee0006-down-')))).rejects.toThrow();
  const batch = fixture<{ Records: { messageId: string }[] }>('sqs-lifecycle-notification.json');
  await expect(bridge.handle(batch)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: batch.Records[0]!.messageId }] });
});

test('a connection gone stale (a frozen container) is replaced and the event still starts', async () => {
  // Prepare: the first connection goes to a peer that accepts TCP and then never answers,
  // as a connection silently dropped during a Lambda freeze behaves.
  const { bridge, blackhole, connectionsMade } = await bridgeWithStaleFirstConnection();

  try {
    // Act
    const outcome = (await bridge.handle(withToken('eventbridge-terminate-lifecycle-action.json', token('ffff0007-stale-')))) as EventOutcome;

    // Assess
    expect(connectionsMade()).toBe(2);
    expect(outcome.started?.[0]).toMatchObject({ workflowId: `terminate/i-0598c7d356eba48d7/${token('ffff0007-stale-')}`, outcome: 'running' });
  } finally {
    await blackhole.close();
  }
});

test('concurrent starts on a connection gone stale replace it once and all succeed', async () => {
  // Prepare: ten events of one SQS batch in flight together when the connection dies.
  const { bridge, blackhole, connectionsMade } = await bridgeWithStaleFirstConnection();

  try {
    // Act
    const outcomes = (await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        bridge.handle(withToken('eventbridge-terminate-lifecycle-action.json', token(`ffff0008-burst-${i}-`))),
      ),
    )) as EventOutcome[];

    // Assess: one replacement connection, every start landed, nothing thrown out of gRPC.
    expect(connectionsMade()).toBe(2);
    expect(outcomes.map((o) => o.started?.[0]?.outcome)).toEqual(Array(10).fill('running'));
  } finally {
    await blackhole.close();
  }
});

/** A bridge whose first connection goes to a silent peer (stale) and later ones to the dev server. */
async function bridgeWithStaleFirstConnection() {
  const blackhole = await startBlackhole();
  const addresses = [`127.0.0.1:${blackhole.port}`, env.address];
  let made = 0;
  const clients = createClientProvider({
    namespace: 'default',
    connectionOptions: () => ({ address: addresses[Math.min(made++, 1)]! }),
  });
  providers.push(clients);
  return { bridge: bridgeWith(clients, 1_500), blackhole, connectionsMade: () => made };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startBlackhole(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
