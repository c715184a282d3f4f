// A scale-out burst on the local stack, for the fault tests that stop workers or the server
// mid-burst. Instances serve the origin from their first moment, so a gate passes its first
// check and every delay seen is the fault's. Every worker's AWS calls go through a proxy that
// says which worker sent what (aws-call-proxy.ts); events reach the bridge as EventBridge and
// SQS would bring them, failures redelivered (bridge-deliveries.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetSpec } from '../../simulator';
import { startLocalStack, type LocalStack } from '../../starters/local-stack';
import { waitUntil } from '../helpers/wait';
import { workflowBundleFile } from '../helpers/workflow-bundles';
import { perInstance, startAwsCallProxy, type AwsCallProxy, type ProxiedCall } from './aws-call-proxy';
import { deliverThroughBridge, type BridgeDeliveries } from './bridge-deliveries';
import { startWorkerChild, type WorkerChild } from './worker-child';

export { waitUntil };

export const BURST_GROUP = 'fault-burst-asg';
const BURST_FLEET_CONFIG = join(__dirname, 'burst-fleet-config.yaml');
const BURST_FLEET: FleetSpec = {
  launchTemplates: [{ name: 'fault-burst-lt' }],
  autoScalingGroups: [
    {
      name: BURST_GROUP,
      launchTemplateName: 'fault-burst-lt',
      maxSize: 200,
      contentSyncMs: 0,
      // Long enough that no action expires while a fault test runs: a lost gate shows as a run that never closes.
      hooks: [{ name: 'launch-gate', transition: 'launching', heartbeatTimeoutSeconds: 600, defaultResult: 'ABANDON' }],
    },
  ],
};
/** Concurrent bridge invocations, as Lambda's concurrency for the event source would allow. */
const BRIDGE_CONCURRENCY = 20;
const GATES = 'WorkflowType = "launchGateWorkflowV2"';

export interface BurstStack {
  readonly stack: LocalStack;
  /** Every AWS call of every worker, in the order they began. */
  readonly calls: ProxiedCall[];
  readonly deliveries: BridgeDeliveries;
  /** What happened, with the time since the start; printed with the outcome. */
  readonly lines: string[];
  say(line: string): void;
  /** One more worker process on the stack's task queue, its AWS calls marked `name`. */
  startWorker(name: string): Promise<WorkerChild>;
  scaleOut(instances: number): Promise<void>;
  stop(): Promise<void>;
}

export interface BurstStackOptions {
  /** WORKER_SHUTDOWN_GRACE_TIME of every worker. */
  shutdownGraceTime: string;
}

/** The stack's own worker's AWS calls are marked `stack-worker`. */
export async function startBurstStack(name: string, options: BurstStackOptions): Promise<BurstStack> {
  const lines: string[] = [];
  const started = Date.now();
  const say = (line: string) => lines.push(`[${name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  const stateDir = mkdtempSync(join(tmpdir(), `fault-${name}-`));
  const workflowBundlePath = await workflowBundleFile(require.resolve('../../workflows'));
  const calls: ProxiedCall[] = [];
  let simulatorUrl = '';
  const proxies: AwsCallProxy[] = [await startAwsCallProxy('stack-worker', () => simulatorUrl, calls)];
  const workers: WorkerChild[] = [];
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      fleet: BURST_FLEET,
      fleetConfigPath: BURST_FLEET_CONFIG,
      simulator: { timings: { instanceBootMs: 0, contentSyncMs: 0 } },
      temporal: { uiPort: false },
      worker: { env: { AWS_ENDPOINT_URL: proxies[0]!.url, WORKFLOW_BUNDLE_PATH: workflowBundlePath, WORKER_SHUTDOWN_GRACE_TIME: options.shutdownGraceTime } },
      stateDir,
      bridgeLogLevel: 'ERROR',
      log: say,
    });
  } catch (err) {
    await proxies[0]!.close();
    throw err;
  }
  simulatorUrl = stack.simulator.url;
  const deliveries = deliverThroughBridge(stack, { limit: BRIDGE_CONCURRENCY, redeliverAfterMs: 1_000 });
  return {
    stack,
    calls,
    deliveries,
    lines,
    say,
    async startWorker(workerName) {
      const proxy = await startAwsCallProxy(workerName, () => simulatorUrl, calls);
      proxies.push(proxy);
      const worker = await startWorkerChild(stack, { name: workerName, awsEndpointUrl: proxy.url, workflowBundlePath, shutdownGraceTime: options.shutdownGraceTime });
      workers.push(worker);
      say(`worker ${workerName} started (pid ${worker.child.process.pid})`);
      return worker;
    },
    async scaleOut(instances) {
      const response = await fetch(`${simulatorUrl}/_sim/asg/${BURST_GROUP}/desired-capacity`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ desiredCapacity: instances }),
      });
      if (!response.ok) throw new Error(`scale-out of ${BURST_GROUP}: HTTP ${response.status} ${await response.text()}`);
      say(`${BURST_GROUP} scaled out to ${instances}`);
    },
    async stop() {
      await deliveries.stop();
      for (const worker of workers) await worker.child.stop('SIGTERM');
      await stack.stop();
      for (const proxy of proxies) await proxy.close();
    },
  };
}


/** Launch actions of the burst group that Auto Scaling accepted a CompleteLifecycleAction for. */
export function completedLaunches(b: BurstStack): number {
  return [...perInstance(b.calls, 'CompleteLifecycleAction').values()].filter((c) => c.accepted > 0).length;
}

export interface BurstOutcome {
  gates: number;
  /** Gate runs per outcome (`synced`, …, or the run's status when it did not complete). */
  outcomes: Record<string, number>;
  /** Workflow ids with more than one run. */
  secondRuns: string[];
  /** How each launch action of the group was decided: `CompleteLifecycleAction CONTINUE`, `heartbeat-timeout ABANDON`… */
  decided: Record<string, number>;
  /** CompleteLifecycleAction per instance: sent / accepted by Auto Scaling, as counts of instances. */
  completions: { sentOnce: number; sentTwiceOrMore: number; acceptedOnce: number; acceptedTwiceOrMore: number };
  /** CompleteLifecycleAction accepted, per worker that sent it. */
  acceptedBy: Record<string, number>;
  /** AWS calls sent, per operation, by every worker. */
  operations: Record<string, number>;
  /** `Operation instance` pairs of a write (not a read, not a keep-alive heartbeat) that Auto Scaling or EC2 accepted more than once. */
  repeatedWrites: string[];
  /** From the gates' histories: activity attempts that timed out, and attempts after the first. */
  activities: { timedOut: number; retried: number };
  /** Why each retried activity needed another attempt (its last failure). */
  retryCauses: string[];
}

const isReadOrKeepAlive = (operation: string) => /^(Describe|Get|List)/.test(operation) || operation === 'RecordLifecycleActionHeartbeat';

/** Waits until `instances` gates exist and none runs, then reads what happened from Temporal, the simulator and the proxies. */
export async function finishBurst(b: BurstStack, instances: number, timeoutMs: number): Promise<BurstOutcome> {
  const { client } = b.stack;
  await waitUntil(`${instances} gates closed`, timeoutMs, async () => {
    const [all, running] = await Promise.all([client.workflow.count(GATES), client.workflow.count(`${GATES} AND ExecutionStatus = "Running"`)]);
    return all.count >= instances && running.count === 0;
  }, 500);
  const runs: { workflowId: string; runId: string; status: string }[] = [];
  for await (const run of client.workflow.list({ query: GATES })) runs.push({ workflowId: run.workflowId, runId: run.runId, status: run.status.name });
  const outcomes: Record<string, number> = {};
  const activities = { timedOut: 0, retried: 0 };
  const retryCauses: string[] = [];
  await Promise.all(
    runs.map(async (run) => {
      const handle = client.workflow.getHandle(run.workflowId, run.runId);
      const key = run.status === 'COMPLETED' ? ((await handle.result()) as { outcome: string }).outcome : run.status;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      for (const event of (await handle.fetchHistory()).events ?? []) {
        if (event.activityTaskTimedOutEventAttributes) activities.timedOut += 1;
        const started = event.activityTaskStartedEventAttributes;
        if ((started?.attempt ?? 1) > 1) {
          activities.retried += 1;
          retryCauses.push(`${run.workflowId} attempt ${started!.attempt}: ${started!.lastFailure?.message ?? 'no failure recorded'}`);
        }
      }
    }),
  );
  const perId = new Map<string, number>();
  for (const run of runs) perId.set(run.workflowId, (perId.get(run.workflowId) ?? 0) + 1);
  const decided: Record<string, number> = {};
  for (const a of b.stack.simulator.state().lifecycleActions) {
    if (a.autoScalingGroupName !== BURST_GROUP || !a.transition.includes('LAUNCHING')) continue;
    const key = `${a.decidedBy} ${a.result}`;
    decided[key] = (decided[key] ?? 0) + 1;
  }
  const completions = [...perInstance(b.calls, 'CompleteLifecycleAction').values()];
  const acceptedBy: Record<string, number> = {};
  const operations: Record<string, number> = {};
  const acceptedWrites = new Map<string, number>();
  for (const call of b.calls) {
    operations[call.operation] = (operations[call.operation] ?? 0) + 1;
    if (call.status !== 200) continue;
    if (call.operation === 'CompleteLifecycleAction') acceptedBy[call.via] = (acceptedBy[call.via] ?? 0) + 1;
    if (!isReadOrKeepAlive(call.operation)) {
      const key = `${call.operation} ${call.instanceId ?? '(no instance)'}`;
      acceptedWrites.set(key, (acceptedWrites.get(key) ?? 0) + 1);
    }
  }
  return {
    gates: runs.length,
    outcomes,
    secondRuns: [...perId.entries()].filter(([, n]) => n > 1).map(([id]) => id),
    decided,
    completions: {
      sentOnce: completions.filter((c) => c.sent === 1).length,
      sentTwiceOrMore: completions.filter((c) => c.sent > 1).length,
      acceptedOnce: completions.filter((c) => c.accepted === 1).length,
      acceptedTwiceOrMore: completions.filter((c) => c.accepted > 1).length,
    },
    acceptedBy,
    operations,
    repeatedWrites: [...acceptedWrites.entries()].filter(([, n]) => n > 1).map(([key]) => key),
    activities,
    retryCauses,
  };
}

/** Prints what the test tried and what survived, with the lines said on the way. */
export function reportBurst(b: BurstStack, tried: string, outcome: BurstOutcome): void {
  process.stdout.write(
    [
      ...b.lines,
      `tried: ${tried}`,
      `survived: ${outcome.gates} gates ${JSON.stringify(outcome.outcomes)}, second runs ${outcome.secondRuns.length}; ` +
        `launch actions decided ${JSON.stringify(outcome.decided)}; CompleteLifecycleAction per instance ${JSON.stringify(outcome.completions)}, ` +
        `accepted by worker ${JSON.stringify(outcome.acceptedBy)}; ` +
        `AWS calls sent ${JSON.stringify(outcome.operations)}, writes accepted twice ${outcome.repeatedWrites.length}; ` +
        `activity attempts timed out ${outcome.activities.timedOut}, retried ${outcome.activities.retried}; bridge deliveries ${JSON.stringify(b.deliveries.counts())}`,
      ...outcome.retryCauses.map((cause) => `  retried: ${cause}`),
      '',
    ].join('\n'),
  );
}

/** Every gate ran once and passed, Auto Scaling took exactly one completion per instance, and no write was applied twice. */
export function expectEveryGateOnce(outcome: BurstOutcome, instances: number): void {
  expect(outcome.gates).toBe(instances);
  expect(outcome.secondRuns).toEqual([]);
  expect(outcome.outcomes).toEqual({ synced: instances });
  expect(outcome.decided).toEqual({ 'CompleteLifecycleAction CONTINUE': instances });
  expect(outcome.completions.acceptedOnce).toBe(instances);
  expect(outcome.completions.acceptedTwiceOrMore).toBe(0);
  expect(outcome.repeatedWrites).toEqual([]);
}
