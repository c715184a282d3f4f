import type { EcsPlan } from '../../common/ecs-plan';

/** Observing runs carry `mode: observe` from the start, so `observe report` finds them before they record anything. */
export function ecsRunMemo(plan: EcsPlan): Record<string, string> {
  return { plan: plan.name, cluster: plan.cluster, ...(plan.mode === 'observe' ? { mode: plan.mode } : {}) };
}
