import { Logger } from '@aws-lambda-powertools/logger';
import { createBridge, type Bridge } from '../../starters/bridge/bridge';
import type { ClientProvider } from '../../starters/temporal/client-provider';
import { exampleConfig, fixture } from './fixtures';

// Bad SQS records and unknown bodies, through the bridge handler: nothing here may reach Temporal.
const noConnection: ClientProvider = {
  get: () => Promise.reject(new Error('no Temporal call expected')),
  reset: async () => undefined,
  close: async () => undefined,
};

/** A bridge whose INFO-and-above log lines (Powertools JSON on stdout) are kept for the test to read. */
function bridgeWithLog(): { bridge: Bridge; lines: () => string[] } {
  const written: string[] = [];
  const logger = new Logger({ serviceName: 'bridge-input-test', logLevel: 'INFO' });
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  const bridge = createBridge({ config: exampleConfig(), clients: noConnection, logger, defaultTaskQueue: 'unused', startTimeoutMs: 1_000 });
  return { bridge, lines: () => written };
}

afterEach(() => {
  jest.restoreAllMocks();
});

test('a null record is a malformed record of the batch, not a crash, and the good records still count', async () => {
  const { bridge, lines } = bridgeWithLog();
  const batch = fixture<{ Records: unknown[] }>('sqs-test-notification.json');
  batch.Records.push(null);

  const response = await bridge.handle(batch);

  // Nothing names the null record, so it cannot be listed; it is logged as malformed instead.
  expect(response).toEqual({ batchItemFailures: [] });
  expect(lines().join('')).toContain('malformed event Records.1: Records.1: not an SQS record (null)');
});

test('Records: [null] alone is answered, not thrown', async () => {
  const { bridge } = bridgeWithLog();

  await expect(bridge.handle({ Records: [null] })).resolves.toEqual({ batchItemFailures: [] });
});

test("another service's records are not an SQS batch: acknowledged as an unknown event", async () => {
  const { bridge } = bridgeWithLog();
  const snsInvocation = { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: { Message: '{}' } }] };

  await expect(bridge.handle(snsInvocation)).resolves.toMatchObject({ ignored: expect.stringContaining('neither an EventBridge event') });
});

test('a record without a body is reported by its messageId, naming the field', async () => {
  const { bridge, lines } = bridgeWithLog();

  const response = await bridge.handle({ Records: [{ messageId: 'm-without-body', eventSource: 'aws:sqs', awsRegion: 'ap-northeast-1' }] });

  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-without-body' }] });
  expect(lines().join('')).toContain('Records.0.body');
});

test("an unknown body's keys and values never appear in the log at INFO", async () => {
  const { bridge, lines } = bridgeWithLog();
  const body = JSON.stringify({ 'customer-email': 'alice@example.com', apiToken: 'tok-hunter2' });
  const batch = { Records: [{ messageId: 'm-unknown', eventSource: 'aws:sqs', awsRegion: 'ap-northeast-1', body }] };

  const response = await bridge.handle(batch);

  expect(response).toEqual({ batchItemFailures: [] });
  const log = lines().join('');
  expect(log).toContain('event ignored');
  expect(log).not.toMatch(/customer-email|alice|apiToken|hunter2/);
});

test('a CreateImage for a config with golden-image fleets fails the event, saying what the bridge lacks, when it cannot look the instance up', async () => {
  const { bridge } = bridgeWithLog();

  await expect(bridge.handle(fixture('cloudtrail-create-image.json'))).rejects.toThrow("nothing can look up an image's source instance");
});

test('a CreateImage of an instance in no group is acknowledged with that reason and starts nothing', async () => {
  const bridge = createBridge({
    config: exampleConfig(),
    clients: noConnection,
    logger: new Logger({ serviceName: 'bridge-input-test', logLevel: 'SILENT' }),
    defaultTaskQueue: 'unused',
    startTimeoutMs: 1_000,
    lookupSourceGroup: async () => null,
  });

  await expect(bridge.handle(fixture('cloudtrail-create-image.json'))).resolves.toMatchObject({
    ignored: expect.stringContaining('the instance is in no Auto Scaling group'),
  });
});
