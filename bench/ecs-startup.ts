// ECS startup of the original's graph (examples/ecs-plan.yaml: A → B → C, D, E) against the
// simulator's ramp-up: wall time versus the critical-path lower bound.
import { join } from 'node:path';
import { ECS_STARTUP_WORKFLOW, type EcsPlan, type EcsRunResult } from '../common/ecs-plan';
import { workflowIds } from '../common/workflow-ids';
import { loadEcsPlanFile } from '../starters/ecs/plan-file';
import type { LocalStack } from '../starters/local-stack';
import { round } from './stats';

export interface EcsStartupResult {
  services: number;
  pollIntervalSeconds: number;
  rampUpMsPerService: number;
  longestChain: string[];
  lowerBoundMs: number;
  wallMs: number;
  overBoundMs: number;
  outcome: EcsRunResult['outcome'];
}

/** The longest dependency chain: each service on it must ramp up after the one before. */
export function longestChain(plan: EcsPlan): string[] {
  const byName = new Map(plan.services.map((s) => [s.name, s]));
  const memo = new Map<string, string[]>();
  const chainTo = (name: string): string[] => {
    const known = memo.get(name);
    if (known) return known;
    const deps = byName.get(name)?.dependsOn ?? [];
    const longest = deps.map(chainTo).reduce<string[]>((a, b) => (b.length > a.length ? b : a), []);
    const chain = [...longest, name];
    memo.set(name, chain);
    return chain;
  };
  return plan.services.map((s) => chainTo(s.name)).reduce<string[]>((a, b) => (b.length > a.length ? b : a), []);
}

export async function benchEcsStartup(stack: LocalStack, rampUpMs: number, log: (line: string) => void): Promise<EcsStartupResult> {
  const { plan } = loadEcsPlanFile(join(__dirname, '..', 'examples', 'ecs-plan.yaml'), { env: 'dev' });
  const chain = longestChain(plan);
  const handle = await stack.client.workflow.start(ECS_STARTUP_WORKFLOW, {
    taskQueue: stack.taskQueue,
    workflowId: workflowIds.ecsStartup(plan.name, `bench-${Date.now()}`),
    args: [{ plan }],
  });
  log(`ecs startup: ${plan.name}, ${plan.services.length} services, poll every ${plan.pollIntervalSeconds} s, longest chain ${chain.join(' → ')}`);
  const result = (await handle.result()) as EcsRunResult;
  const wallMs = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
  const lowerBoundMs = chain.length * rampUpMs;
  const out: EcsStartupResult = {
    services: plan.services.length,
    pollIntervalSeconds: plan.pollIntervalSeconds,
    rampUpMsPerService: rampUpMs,
    longestChain: chain,
    lowerBoundMs,
    wallMs: round(wallMs),
    overBoundMs: round(wallMs - lowerBoundMs),
    outcome: result.outcome,
  };
  log(`ecs startup: ${JSON.stringify(out)}`);
  return out;
}
