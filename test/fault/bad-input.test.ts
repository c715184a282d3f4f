// Bad input corpus through both edges: the bridge handler (as EventBridge and as SQS would
// deliver it) and the CLI binary (`fleet-workflows route|start --event -`). Every entry must be
// turned away with a message naming the problem, nothing may start, and nothing may crash.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createBridge, type Bridge, type EventOutcome } from '../../starters/bridge/bridge';
import { createClientProvider, type ClientProvider } from '../../starters/temporal/client-provider';
import type { SQSBatchResponse } from 'aws-lambda';
import { createLocalEnv } from '../helpers/time-skipping';
import { cli } from '../starters/cli-io';
import { exampleConfig, exampleConfigPath, fixture } from '../starters/fixtures';
import { badInputs, parsesAsJson, type BadInput } from './bad-input-corpus';
import { recordingLogger, type LoggedLine } from './recording-logger';

const repo = join(__dirname, '..', '..');
let env: TestWorkflowEnvironment;
let clients: ClientProvider;
let bridge: Bridge;
const logged: LoggedLine[] = [];

beforeAll(async () => {
  env = await createLocalEnv();
  clients = createClientProvider({ namespace: 'default', connectionOptions: () => ({ address: env.address }) });
  bridge = createBridge({
    config: exampleConfig(),
    clients,
    logger: recordingLogger(logged).logger,
    defaultTaskQueue: 'bad-input',
    startTimeoutMs: 5_000,
    lookupStackName: async () => null,
  });
}, 120_000);

afterAll(async () => {
  await clients?.close();
  await env?.teardown();
});

async function workflowIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of env.client.workflow.list()) ids.push(execution.workflowId);
  return ids.sort();
}

function sqsBatch(entry: BadInput, index: number) {
  return {
    Records: [
      {
        messageId: `bad-input-${index}`,
        receiptHandle: 'handle',
        body: entry.text,
        attributes: {},
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:ap-northeast-1:123456789012:web-prod-lifecycle',
        awsRegion: 'ap-northeast-1',
      },
    ],
  };
}

/** The CLI as an operator runs it: the bin in a fresh process, the event on stdin. */
function runBin(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, 'bin', 'fleet-workflows.js'), ...args], {
      env: { PATH: process.env.PATH, FLEET_CONFIG: exampleConfigPath, TEMPORAL_ADDRESS: env.address },
      cwd: repo,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

describe.each(badInputs.map((entry, index) => [entry.name, entry, index] as const))('%s', (_name, entry, index) => {
  test('the bridge turns it away, as an EventBridge event and as an SQS message', async () => {
    // Act
    const direct = parsesAsJson(entry.text)
      ? await bridge.handle(JSON.parse(entry.text)).then(
          (outcome) => ({ outcome: outcome as EventOutcome }),
          (err: Error) => ({ error: err }),
        )
      : undefined;
    const before = logged.length;
    const batch = (await bridge.handle(sqsBatch(entry, index))) as SQSBatchResponse;
    const lines = logged.slice(before);

    // Assess
    if ('rejected' in entry.expected) {
      if (direct) expect('error' in direct && direct.error.message).toMatch(entry.expected.rejected);
      expect(batch.batchItemFailures).toEqual([{ itemIdentifier: `bad-input-${index}` }]);
      expect(lines.filter((l) => l.level === 'error').map((l) => l.detail)).toEqual([expect.stringMatching(entry.expected.rejected)]);
    } else {
      if (direct) expect('outcome' in direct && direct.outcome.ignored).toMatch(entry.expected.ignored);
      expect(batch.batchItemFailures).toEqual([]);
      expect(lines.filter((l) => l.message === 'event ignored').map((l) => l.detail)).toEqual([expect.stringMatching(entry.expected.ignored)]);
    }
  });

  test('the CLI says what is wrong, in one line, for route (the bin) and start', async () => {
    // Act
    const route = await runBin(['route', '--event', '-'], entry.text);
    const start = await cli(['start', '--event', '-'], { FLEET_CONFIG: exampleConfigPath, TEMPORAL_ADDRESS: env.address }, entry.text);

    // Assess
    for (const run of [route, start]) {
      if ('rejected' in entry.expected) {
        expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
        expect(run.stderr).toMatch(entry.expected.rejected);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(/^fleet-workflows: /);
      } else {
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
        expect((JSON.parse(run.stdout) as { ignored: string }).ignored).toMatch(entry.expected.ignored);
      }
    }
  }, 60_000);
});

test('after the whole corpus nothing was started, and the same bridge still starts a good event', async () => {
  // Assess: nothing from the corpus
  expect(await workflowIds()).toEqual([]);

  // Act: a good event through the bridge that saw every bad one
  const outcome = (await bridge.handle(fixture('eventbridge-launch-lifecycle-action.json'))) as EventOutcome;

  // Assess: visibility shows exactly its workflows, so the empty list above was not blindness
  expect(outcome.started?.map((s) => s.outcome)).toEqual(['running', 'signaled']);
  const expected = outcome.started!.map((s) => s.workflowId).sort();
  const until = Date.now() + 15_000;
  let ids = await workflowIds();
  while (ids.length < expected.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    ids = await workflowIds();
  }
  expect(ids).toEqual(expected);
});
