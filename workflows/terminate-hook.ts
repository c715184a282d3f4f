import { condition, isCancellation, log, proxyActivities } from '@temporalio/workflow';
import type { LifecycleActionActivities } from '../activities/lifecycle-actions';
import { hookGlobalTimeoutSeconds, type LifecycleActionRef } from '../common/lifecycle';
import { TERMINATE_SETTINGS } from '../common/settings/terminate';
import type { HookCheck, TerminateSettings } from '../common/terminate';
import { failureMessage } from './failures';

export const DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS: number = TERMINATE_SETTINGS.hookHeartbeatIntervalSeconds.default;
const MIN_INTERVAL_SECONDS = 5;

// A heartbeat is quick or useless: a few fast attempts, well within one interval.
const { recordLifecycleActionHeartbeat } = proxyActivities<LifecycleActionActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '4 seconds', maximumAttempts: 3 },
});

const { describeLifecycleHook, describeGroupMembership } = proxyActivities<LifecycleActionActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 4 },
});

export { recordLifecycleActionHeartbeat };

/**
 * Whether the action this run was started for exists: its first heartbeat was accepted, or,
 * when the heartbeat itself failed, the instance waits in Terminating:Wait in that group. A
 * forged or stale message proves neither and must not drain an instance in service.
 */
export async function proveAction(ref: LifecycleActionRef, heartbeatError: unknown): Promise<{ proven: boolean; why: string }> {
  const heartbeatProblem = failureMessage(heartbeatError);
  try {
    const membership = await describeGroupMembership(ref);
    if (membership.kind === 'gone') return { proven: false, why: `RecordLifecycleActionHeartbeat failed (${heartbeatProblem}) and no group lists ${ref.instanceId}` };
    if (membership.autoScalingGroupName !== ref.autoScalingGroupName || membership.lifecycleState !== 'Terminating:Wait') {
      return {
        proven: false,
        why: `RecordLifecycleActionHeartbeat failed (${heartbeatProblem}) and ${ref.instanceId} is ${membership.lifecycleState} in ${membership.autoScalingGroupName}, not Terminating:Wait in ${ref.autoScalingGroupName}`,
      };
    }
    return { proven: true, why: `${ref.instanceId} is in Terminating:Wait in ${ref.autoScalingGroupName}` };
  } catch (err) {
    if (isCancellation(err)) throw err;
    return { proven: false, why: `RecordLifecycleActionHeartbeat failed (${heartbeatProblem}) and DescribeAutoScalingInstances failed (${failureMessage(err)})` };
  }
}

/** Where an instance stands once its terminating action was completed. */
const RELEASED_STATES = new Set(['Terminating:Proceed', 'Terminated']);

/**
 * Observe mode sends no heartbeat, so only where the instance stands proves its action. An
 * instance already past Terminating:Wait in that group was released by the system that still
 * acts: the action was real, and deciding on it writes nothing, so the run goes on.
 */
export async function proveActionByMembership(ref: LifecycleActionRef): Promise<{ proven: boolean; releasedElsewhere: boolean; why: string }> {
  try {
    const membership = await describeGroupMembership(ref);
    if (membership.kind === 'gone') return { proven: false, releasedElsewhere: false, why: `no group lists ${ref.instanceId}` };
    const where = `${ref.instanceId} is ${membership.lifecycleState} in ${membership.autoScalingGroupName}`;
    if (membership.autoScalingGroupName === ref.autoScalingGroupName) {
      if (membership.lifecycleState === 'Terminating:Wait') return { proven: true, releasedElsewhere: false, why: where };
      if (RELEASED_STATES.has(membership.lifecycleState)) return { proven: true, releasedElsewhere: true, why: `${where}: released by another system` };
    }
    return { proven: false, releasedElsewhere: false, why: `${where}, not Terminating:Wait in ${ref.autoScalingGroupName}` };
  } catch (err) {
    if (isCancellation(err)) throw err;
    return { proven: false, releasedElsewhere: false, why: `DescribeAutoScalingInstances failed (${failureMessage(err)})` };
  }
}

/**
 * The interval must be well inside the hook's heartbeat timeout (at most half of it), or one
 * slow heartbeat lets the action expire mid-forensics. When it is not, say so and shorten it.
 */
export async function checkHook(ref: LifecycleActionRef, settings: TerminateSettings): Promise<HookCheck> {
  const configured = settings.hookHeartbeatIntervalSeconds ?? DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS;
  let timeout = settings.hookHeartbeatTimeoutSeconds;
  let source: HookCheck['source'] = timeout !== undefined ? 'settings' : 'unknown';
  let lookupProblem: string | undefined;
  let globalTimeout: number | undefined;
  if (timeout === undefined) {
    try {
      const hook = await describeLifecycleHook(ref);
      if (hook) {
        timeout = hook.heartbeatTimeoutSeconds;
        globalTimeout = hook.globalTimeoutSeconds;
        source = 'DescribeLifecycleHooks';
      } else {
        lookupProblem = `hook ${ref.lifecycleHookName} not found on ${ref.autoScalingGroupName}`;
      }
    } catch (err) {
      if (isCancellation(err)) throw err;
      lookupProblem = `DescribeLifecycleHooks failed: ${failureMessage(err)}`;
    }
  }
  if (timeout === undefined) {
    const message = `cannot check the heartbeat interval (${lookupProblem ?? 'timeout unknown'}); heartbeating every ${configured} s`;
    log.warn(message);
    return { source, configuredIntervalSeconds: configured, intervalSeconds: configured, ok: false, message };
  }
  const globalTimeoutSeconds = globalTimeout ?? hookGlobalTimeoutSeconds(timeout);
  if (configured * 2 <= timeout) {
    return {
      heartbeatTimeoutSeconds: timeout,
      globalTimeoutSeconds,
      source,
      configuredIntervalSeconds: configured,
      intervalSeconds: configured,
      ok: true,
      message: `heartbeat every ${configured} s is well inside the hook's heartbeat timeout of ${timeout} s`,
    };
  }
  const interval = Math.max(MIN_INTERVAL_SECONDS, Math.floor(timeout / 3));
  const message =
    `heartbeat interval ${configured} s is NOT well inside the hook's heartbeat timeout of ${timeout} s ` +
    `(needs at most ${Math.floor(timeout / 2)} s): heartbeating every ${interval} s instead; fix settings.hookHeartbeatIntervalSeconds`;
  log.warn(message);
  return { heartbeatTimeoutSeconds: timeout, globalTimeoutSeconds, source, configuredIntervalSeconds: configured, intervalSeconds: interval, ok: false, message };
}

export interface HeartbeatStats {
  sent: number;
  failed: number;
  actionGone: boolean;
}

export interface HookHeartbeats {
  readonly stats: HeartbeatStats;
  /** Ends the loop after any heartbeat in flight; resolves with the final counts. */
  stop(): Promise<HeartbeatStats>;
}

/** Keeps the lifecycle action alive on a durable timer while the work runs beside it. */
export function startHookHeartbeats(ref: LifecycleActionRef, intervalSeconds: number): HookHeartbeats {
  const stats: HeartbeatStats = { sent: 0, failed: 0, actionGone: false };
  let stopped = false;
  const loop = (async () => {
    try {
      while (!stopped && !stats.actionGone) {
        if (await condition(() => stopped, intervalSeconds * 1000)) break;
        try {
          const outcome = await recordLifecycleActionHeartbeat(ref);
          if (outcome === 'action-not-found') {
            stats.actionGone = true;
            log.warn('lifecycle action gone while heartbeating', { instanceId: ref.instanceId });
          } else {
            stats.sent += 1;
          }
        } catch (err) {
          if (isCancellation(err)) throw err;
          // One missed heartbeat is survivable (the interval is at most half the timeout); keep going.
          stats.failed += 1;
          log.warn('lifecycle heartbeat failed', { error: failureMessage(err) });
        }
      }
    } catch (err) {
      // Cancelled: the loop ends quietly so the workflow can still complete the action.
      if (!isCancellation(err)) throw err;
    }
  })();
  return {
    stats,
    async stop() {
      stopped = true;
      await loop;
      return stats;
    },
  };
}

/** Observe mode: the run sends no heartbeat, so nothing runs beside its work. */
export function withoutHookHeartbeats(): HookHeartbeats {
  const stats: HeartbeatStats = { sent: 0, failed: 0, actionGone: false };
  return { stats, stop: () => Promise.resolve(stats) };
}
