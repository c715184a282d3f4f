// Every event delivered three times, in a shuffled order, through the bridge (as EventBridge
// and as SQS would deliver it) to a real dev server: one workflow execution per event.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { Logger } from '@aws-lambda-powertools/logger';
import { createBridge, type EventOutcome } from '../../starters/bridge/bridge';
import { createClientProvider, type ClientProvider } from '../../starters/temporal/client-provider';
import type { SQSBatchResponse } from 'aws-lambda';
import { createLocalEnv, uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { exampleConfig, fixture } from '../starters/fixtures';
import { seededRandom, shuffled } from './seeded-random';
import { launchObservedCount } from './stand-in-workflows';

const SEED = 20261124;
const PER_KIND = 6;
let env: TestWorkflowEnvironment;
let clients: ClientProvider;

beforeAll(async () => {
  env = await createLocalEnv();
  clients = createClientProvider({ namespace: 'default', connectionOptions: () => ({ address: env.address }) });
}, 120_000);

afterAll(async () => {
  await clients?.close();
  await env?.teardown();
});

type Event = Record<string, unknown> & { id: string; detail: Record<string, unknown> };
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const uuid = (kind: number, n: number) => `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;

/** Distinct events of every routed kind, each with its own business key. */
function distinctEvents(): Event[] {
  const events: Event[] = [];
  for (let n = 0; n < PER_KIND; n++) {
    const launch = fixture<Event>('eventbridge-launch-lifecycle-action.json');
    launch.id = uuid(1, n);
    launch.detail.EC2InstanceId = `i-0598c7d356eba4${hex(n, 3)}`;
    launch.detail.LifecycleActionToken = uuid(11, n);
    const terminate = fixture<Event>('eventbridge-terminate-lifecycle-action.json');
    terminate.id = uuid(2, n);
    terminate.detail.EC2InstanceId = `i-0598c7d356ebb4${hex(n, 3)}`;
    terminate.detail.LifecycleActionToken = uuid(12, n);
    const image = fixture<Event>('cloudtrail-create-image.json');
    image.id = uuid(3, n);
    image.detail.eventID = uuid(13, n);
    (image.detail.responseElements as Record<string, unknown>).imageId = `ami-0c55b159cbfa${hex(n, 4)}`;
    const group = fixture<Event>('cloudtrail-create-auto-scaling-group.json');
    group.id = uuid(4, n);
    group.detail.eventID = uuid(14, n);
    (group.detail.requestParameters as Record<string, unknown>).autoScalingGroupName = `api-prod-ApiAsg-${hex(n, 12).toUpperCase()}`;
    events.push(launch, terminate, image, group);
  }
  return events;
}

function asSqsRecord(event: Event, copy: number) {
  return {
    messageId: `${event.id}-copy-${copy}`,
    receiptHandle: 'handle',
    body: JSON.stringify(event),
    attributes: {},
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-northeast-1:123456789012:fleet-events',
    awsRegion: 'ap-northeast-1',
  };
}

test('three shuffled deliveries of every event start exactly one workflow per event', async () => {
  // Prepare
  const taskQueue = uniqueTaskQueue('duplicates');
  const bridge = createBridge({
    config: exampleConfig(),
    clients,
    logger: new Logger({ serviceName: 'duplicates-test', logLevel: 'SILENT' }),
    defaultTaskQueue: taskQueue,
    startTimeoutMs: 10_000,
    lookupStackName: async () => null,
    lookupSourceGroup: async () => 'web-prod-WebAsg-1A2B3C4D5E6F',
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(require.resolve('./stand-in-workflows')),
  });
  const events = distinctEvents();
  // Copy 0 and 2 come as EventBridge targets, copy 1 as an SQS message; order shuffled.
  const deliveries = shuffled(
    events.flatMap((event) => [0, 1, 2].map((copy) => ({ event, copy }))),
    seededRandom(SEED),
  );

  // Act: four deliveries in flight at a time, as concurrent Lambda invocations would be
  const outcomes: { event: Event; outcome: EventOutcome | SQSBatchResponse }[] = [];
  const launchesSeenByFleet = await worker.runUntil(async () => {
    for (let i = 0; i < deliveries.length; i += 4) {
      await Promise.all(
        deliveries.slice(i, i + 4).map(async ({ event, copy }) => {
          const outcome = await bridge.handle(copy === 1 ? { Records: [asSqsRecord(event, copy)] } : structuredClone(event));
          outcomes.push({ event, outcome: outcome as EventOutcome | SQSBatchResponse });
        }),
      );
    }
    return env.client.workflow.getHandle('fleet/web-prod').query(launchObservedCount);
  });

  // Assess
  const expectedWorkflows = PER_KIND * 4 + 1;
  let runsById = new Map<string, number>();
  // Visibility is eventually consistent: wait until it shows at least every expected workflow.
  for (const until = Date.now() + 15_000; ; ) {
    runsById = new Map<string, number>();
    for await (const execution of env.client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
      runsById.set(execution.workflowId, (runsById.get(execution.workflowId) ?? 0) + 1);
    }
    if (runsById.size >= expectedWorkflows || Date.now() > until) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const kinds = (prefix: string) => [...runsById.keys()].filter((id) => id.startsWith(prefix)).length;
  const direct = outcomes.map((o) => o.outcome).filter((o): o is EventOutcome => 'eventId' in o);
  const startOutcomes = direct.flatMap((o) => o.started ?? []).map((s) => s.outcome);
  const failedSqs = outcomes.map((o) => o.outcome).filter((o): o is SQSBatchResponse => 'batchItemFailures' in o).flatMap((o) => o.batchItemFailures);
  const tally = (k: string) => startOutcomes.filter((o) => o === k).length;
  process.stdout.write(
    `duplicates: tried ${deliveries.length} deliveries (${events.length} events x 3, shuffled, seed ${SEED}); ` +
      `survived as ${runsById.size} workflows, ${[...runsById.values()].filter((n) => n > 1).length} with a second run; ` +
      `direct starts: ${tally('running')} running, ${tally('already-closed')} already-closed, ${tally('signaled')} signaled\n`,
  );
  expect(failedSqs).toEqual([]);
  expect([...runsById.entries()].filter(([, runs]) => runs !== 1)).toEqual([]);
  expect({
    launchGates: kinds('launch-gate/'),
    terminations: kinds('terminate/'),
    goldenImages: kinds('golden-image/'),
    pinLatest: kinds('pin-latest/'),
    fleets: kinds('fleet/'),
  }).toEqual({ launchGates: PER_KIND, terminations: PER_KIND, goldenImages: PER_KIND, pinLatest: PER_KIND, fleets: 1 });
  // The fleet entity saw every delivery of every launch: duplicates are its business, not a new run.
  expect(launchesSeenByFleet).toBe(PER_KIND * 3);
}, 120_000);
