import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { SimulatorState } from '../../simulator';
import type { LocalStack } from '../local-stack';

/** One checked statement about the end of a scenario: the AWS state or a workflow's result. */
export interface Expectation {
  what: string;
  ok: boolean;
  /** What was seen instead, when it failed (or a useful detail when it held). */
  detail?: string;
}

/** What one workflow run did, in a line an operator reads. */
export interface WorkflowSummary {
  workflowId: string;
  type: string;
  status: string;
  /** The result's outcome, or the failure. */
  outcome: string;
  /** The result's own sentence (reason / summary). */
  text: string;
}

export interface ScenarioReport {
  name: ScenarioName;
  title: string;
  ok: boolean;
  seconds: number;
  workflows: WorkflowSummary[];
  expectations: Expectation[];
  /** Set when the scenario could not be played to its end (a wait timed out, an AWS call failed). */
  error?: string;
}

import type { ScenarioName } from './scenario-names';

export { SCENARIO_NAMES, type ScenarioName } from './scenario-names';

/** AWS as the scenario's "operators" and "AWS itself" use it: the real SDK clients against the simulator. */
export interface ScenarioAws {
  autoScaling: AutoScalingClient;
  ec2: EC2Client;
  ssm: SSMClient;
}

export interface ScenarioContext {
  stack: LocalStack;
  aws: ScenarioAws;
  client: Client;
  progress(line: string): void;
  /** GET /_sim/state, as a person (or CI) would read it. */
  simState(): Promise<SimulatorState>;
  /** Polls until `check` returns a value (not undefined); throws naming `what` after `timeoutMs`. */
  waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined): Promise<T>;
}

export interface Scenario {
  name: ScenarioName;
  title: string;
  /** What it shows, for the summary. */
  story: string;
  play(ctx: ScenarioContext, check: Checker): Promise<WorkflowSummary[]>;
}

/** Collects expectations as the scenario states them. */
export class Checker {
  readonly expectations: Expectation[] = [];

  that(what: string, ok: boolean, detail?: string): boolean {
    this.expectations.push({ what, ok, detail });
    return ok;
  }

  equal(what: string, actual: unknown, expected: unknown): boolean {
    const ok = JSON.stringify(actual) === JSON.stringify(expected);
    return this.that(what, ok, ok ? undefined : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function scenarioAws(stack: LocalStack): ScenarioAws {
  const env = stack.simulator.awsEnvironment();
  const config = {
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
  };
  return { autoScaling: new AutoScalingClient(config), ec2: new EC2Client(config), ssm: new SSMClient(config) };
}

export function scenarioContext(stack: LocalStack, progress: (line: string) => void): ScenarioContext {
  return {
    stack,
    aws: scenarioAws(stack),
    client: stack.client,
    progress,
    async simState() {
      const response = await fetch(`${stack.simulator.url}/_sim/state`);
      if (!response.ok) throw new Error(`GET /_sim/state answered HTTP ${response.status}`);
      return (await response.json()) as SimulatorState;
    },
    async waitFor(what, timeoutMs, check) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  };
}

/** Runs listed by a visibility query (the dev server's is immediate enough for polling). */
export async function listRuns(client: Client, query: string): Promise<WorkflowExecutionInfo[]> {
  const runs: WorkflowExecutionInfo[] = [];
  for await (const run of client.workflow.list({ query })) runs.push(run);
  return runs;
}

/** The run's result, or its failure, as a summary line; `describe` picks the outcome and the sentence. */
export async function summarise<R>(
  client: Client,
  workflowId: string,
  describe: (result: R) => { outcome: string; text: string },
): Promise<WorkflowSummary & { result?: R }> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  try {
    const result = (await handle.result()) as R;
    return { workflowId, type: description.type, status: 'COMPLETED', ...describe(result), result };
  } catch (err) {
    const cause = (err as { cause?: Error }).cause;
    return { workflowId, type: description.type, status: (await handle.describe()).status.name, outcome: 'failed', text: (cause ?? (err as Error)).message };
  }
}

/** The summary without the result object it was made from. */
export function plain(summary: WorkflowSummary & { result?: unknown }): WorkflowSummary {
  const { workflowId, type, status, outcome, text } = summary;
  return { workflowId, type, status, outcome, text };
}
