/**
 * Identifies one pending Auto Scaling lifecycle action: what every hook-driven
 * workflow must eventually complete (or knowingly leave to the hook's default result).
 */
export interface LifecycleActionRef {
  /** AWS region of the Auto Scaling group; the worker's default region when absent. */
  region?: string;
  autoScalingGroupName: string;
  lifecycleHookName: string;
  instanceId: string;
  lifecycleActionToken?: string;
}

export type LifecycleActionResult = 'CONTINUE' | 'ABANDON';

/**
 * How a call about a lifecycle action ended, when it did not throw. `applied-earlier`: a
 * retried completion found the action gone, and the instance's state shows that our
 * result took effect (an earlier attempt was accepted but its reply was lost).
 */
export type LifecycleCallOutcome = 'done' | 'action-not-found' | 'applied-earlier';

/** Auto Scaling's own default when a hook names no heartbeat timeout. */
export const AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 3600;

/**
 * How long Auto Scaling keeps an instance waiting on one action at most, whatever the
 * heartbeats: 100 times the heartbeat timeout or 48 hours, whichever is smaller.
 */
export function hookGlobalTimeoutSeconds(heartbeatTimeoutSeconds: number): number {
  return Math.min(100 * heartbeatTimeoutSeconds, 48 * 3600);
}

export type LifecycleTransitionKind = 'launch' | 'terminate';

/**
 * When the action started, by the workflow clock: the event's time when the bridge passed
 * one that is not in the future, else `now`. A workflow that starts late (worker down, an
 * SQS backlog) must keep the action's deadlines, not its own.
 */
export function actionStartMs(actionStartedAt: string | undefined, now: number): number {
  const at = actionStartedAt === undefined ? NaN : Date.parse(actionStartedAt);
  return Number.isFinite(at) && at <= now ? at : now;
}

/** Where an instance stands in its group (DescribeAutoScalingInstances); `gone` when the group no longer lists it. */
export type GroupMembership = { kind: 'member'; lifecycleState: string; autoScalingGroupName: string } | { kind: 'gone' };

/**
 * Whether an instance's state shows a completion with `result` took effect. A launch that
 * went on is Pending:Proceed or InService; an abandoned one is terminating or gone. A
 * terminating instance goes on either way.
 */
export function membershipShowsResult(
  membership: GroupMembership,
  transition: LifecycleTransitionKind,
  result: LifecycleActionResult,
): boolean {
  if (membership.kind === 'gone') return transition === 'terminate' || result === 'ABANDON';
  const state = membership.lifecycleState;
  if (state.endsWith(':Wait')) return false;
  const terminating = /Terminat/.test(state);
  if (transition === 'terminate') return terminating || state.startsWith('Warmed:');
  if (result === 'ABANDON') return terminating;
  return !terminating && (state === 'Pending:Proceed' || state === 'InService' || state.startsWith('Warmed:'));
}
