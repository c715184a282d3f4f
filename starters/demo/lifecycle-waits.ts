import type { ScenarioContext } from './scenario';

/** Waits until the group has `count` instances InService (their launch gates let them in). */
export async function waitForInService(ctx: ScenarioContext, group: string, count: number, timeoutMs = 90_000): Promise<string[]> {
  return ctx.waitFor(`${count} instance(s) InService in ${group}`, timeoutMs, async () => {
    const asg = (await ctx.simState()).autoScalingGroups.find((g) => g.name === group);
    const inService = asg?.instances.filter((i) => i.lifecycleState === 'InService').map((i) => i.instanceId) ?? [];
    return inService.length === count && asg?.instances.length === count ? inService : undefined;
  });
}

/** A terminate lifecycle action: pending (Terminating:Wait) or already decided. */
export interface TerminateAction {
  instanceId: string;
  token: string;
}

/** Waits until `count` terminate lifecycle actions exist in the group, pending or decided. */
export async function waitForTerminateActions(ctx: ScenarioContext, group: string, count: number, timeoutMs = 60_000): Promise<TerminateAction[]> {
  return ctx.waitFor(`${count} terminate lifecycle action(s) in ${group}`, timeoutMs, async () => {
    const state = await ctx.simState();
    const decided = state.lifecycleActions
      .filter((a) => a.autoScalingGroupName === group && a.transition === 'autoscaling:EC2_INSTANCE_TERMINATING')
      .map((a) => ({ instanceId: a.instanceId, token: a.token }));
    const pending = (state.autoScalingGroups.find((g) => g.name === group)?.instances ?? []).flatMap((i) =>
      i.pendingActions.filter((a) => a.lifecycleHookName === 'terminate').map((a) => ({ instanceId: i.instanceId, token: a.token })),
    );
    const all = [...decided, ...pending.filter((p) => !decided.some((d) => d.token === p.token))];
    return all.length >= count ? all : undefined;
  });
}
