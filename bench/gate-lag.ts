// Gate lag: from the moment a replica is in sync to CompleteLifecycleAction, with the
// default 30 s polling and with the contentSynced push signal. Each instance is synced by
// the benchmark at a seeded random moment, as a CMS sync job finishing would.
import { LAUNCH_GATE_QUERIES, LAUNCH_GATE_SIGNALS, type LaunchGateProgress } from '../common/launch-gate';
import { workflowIds } from '../common/workflow-ids';
import type { LocalStack } from '../starters/local-stack';
import { seededRandom } from '../test/fault/seeded-random';
import { post, simState, waitUntil } from './bench-stack';
import { mean, percentile, round } from './stats';

export interface GateLagResult {
  samplesPerMode: number;
  checkIntervalSeconds: number;
  pollMs: { p50: number; mean: number; p99: number; max: number };
  pushMs: { p50: number; mean: number; p99: number; max: number };
}

const SAMPLES = 10;
const SEED = 9;
const INTERVAL_SECONDS = 30;
const GROUPS = { poll: 'bench-poll-asg', push: 'bench-push-asg' } as const;

interface Waiting {
  mode: 'poll' | 'push';
  instanceId: string;
  workflowId: string;
}

async function waitingGates(stack: LocalStack): Promise<Waiting[]> {
  const state = await simState(stack);
  return (Object.keys(GROUPS) as Array<keyof typeof GROUPS>).flatMap((mode) =>
    state.autoScalingGroups
      .find((g) => g.name === GROUPS[mode])!
      .instances.flatMap((i) => i.pendingActions.map((a) => ({ mode, instanceId: i.instanceId, workflowId: workflowIds.launchGate(i.instanceId, a.token) }))),
  );
}

export async function benchGateLag(stack: LocalStack, log: (line: string) => void): Promise<GateLagResult> {
  for (const group of Object.values(GROUPS)) await post(stack, `/_sim/asg/${group}/desired-capacity`, { desiredCapacity: SAMPLES });
  let gates: Waiting[] = [];
  // Every gate has made its first check (not in sync) and waits for the next one.
  await waitUntil('every gate waiting after its first check', 60_000, async () => {
    gates = await waitingGates(stack);
    if (gates.length < SAMPLES * 2) return false;
    const progress = await Promise.all(
      gates.map((g) => stack.client.workflow.getHandle(g.workflowId).query<LaunchGateProgress>(LAUNCH_GATE_QUERIES.progress).catch(() => undefined)),
    );
    return progress.every((p) => p?.phase === 'waiting' && p.checks >= 1);
  });
  log(`gate lag: ${gates.length} gates waiting; syncing each at a random moment within one ${INTERVAL_SECONDS} s interval`);

  const random = seededRandom(SEED);
  const syncedAt = new Map<string, number>();
  await Promise.all(
    gates.map(async (gate) => {
      await new Promise((resolve) => setTimeout(resolve, random() * INTERVAL_SECONDS * 1000));
      await post(stack, `/_sim/instances/${gate.instanceId}/content-sync`, { delayMs: 0 });
      syncedAt.set(gate.instanceId, Date.now());
      if (gate.mode === 'push') {
        await stack.client.workflow.getHandle(gate.workflowId).signal(LAUNCH_GATE_SIGNALS.contentSynced, { note: 'bench: sync finished' });
      }
    }),
  );
  await waitUntil('every gate completed', 2 * INTERVAL_SECONDS * 1000, async () => {
    const state = await simState(stack);
    return gates.every((g) => state.lifecycleActions.some((a) => a.instanceId === g.instanceId));
  });
  const state = await simState(stack);
  const lag = (mode: Waiting['mode']) =>
    gates
      .filter((g) => g.mode === mode)
      .map((g) => Date.parse(state.lifecycleActions.find((a) => a.instanceId === g.instanceId)!.endedAt) - syncedAt.get(g.instanceId)!);
  const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), mean: round(mean(values)), p99: round(percentile(values, 99)), max: round(Math.max(...values)) });
  const result = { samplesPerMode: SAMPLES, checkIntervalSeconds: INTERVAL_SECONDS, pollMs: summary(lag('poll')), pushMs: summary(lag('push')) };
  log(`gate lag: ${JSON.stringify(result)}`);
  return result;
}
