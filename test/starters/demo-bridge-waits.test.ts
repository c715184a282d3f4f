import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { waitForBridgeStart } from '../../starters/demo/bridge-waits';
import { scenarioContext, type ScenarioContext } from '../../starters/demo/scenario';
import type { LocalStack } from '../../starters/local-stack';

/** A scenario context whose client answers describe() from `answers`, one per call, counting the calls. */
function contextDescribing(answers: Array<'not-found' | 'found' | Error>): { ctx: ScenarioContext; calls: () => number } {
  let calls = 0;
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        describe: async () => {
          const answer = answers[Math.min(calls, answers.length - 1)]!;
          calls += 1;
          if (answer === 'not-found') throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
          if (answer instanceof Error) throw answer;
          return { workflowId };
        },
      }),
    },
  } as unknown as Client;
  const stack = { client, simulator: { awsEnvironment: () => ({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' }), url: 'http://127.0.0.1:1' } } as unknown as LocalStack;
  return { ctx: scenarioContext(stack, () => undefined), calls: () => calls };
}

test('a run the bridge has not started yet is waited for, not reported as a failed scenario', async () => {
  // Prepare: the start lands on the third look, as when the bridge is slower than the scenario
  const { ctx, calls } = contextDescribing(['not-found', 'not-found', 'found']);

  // Act
  await waitForBridgeStart(ctx, 'terminate/i-0123456789abcdef0/token', 5_000);

  // Assess
  expect(calls()).toBe(3);
});

test('a run that never starts fails the wait naming the workflow id', async () => {
  // Prepare
  const { ctx } = contextDescribing(['not-found']);

  // Act
  const wait = waitForBridgeStart(ctx, 'terminate/i-0123456789abcdef0/token', 600);

  // Assess
  await expect(wait).rejects.toThrow(/terminate\/i-0123456789abcdef0\/token to be started by the bridge/);
});

test('any other error is not waited out', async () => {
  // Prepare
  const { ctx, calls } = contextDescribing([new Error('connection refused')]);

  // Act
  const wait = waitForBridgeStart(ctx, 'terminate/i-0123456789abcdef0/token', 5_000);

  // Assess
  await expect(wait).rejects.toThrow('connection refused');
  expect(calls()).toBe(1);
});
