import { condition, log, proxyActivities } from '@temporalio/workflow';
import type { LifecycleActionActivities } from '../activities/lifecycle-actions';
import type { LifecycleActionRef } from '../common/lifecycle';
import type { HookCheck, TerminateSettings } from '../common/terminate';

export const DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS = 60;
const MIN_INTERVAL_SECONDS = 5;

// A heartbeat is quick or useless: a few fast attempts, well within one interval.
const { recordLifecycleActionHeartbeat } = proxyActivities<LifecycleActionActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '4 seconds', maximumAttempts: 3 },
});

const { describeLifecycleHook } = proxyActivities<LifecycleActionActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 4 },
});

export { recordLifecycleActionHeartbeat };

/**
 * The interval must be well inside the hook's heartbeat timeout (at most half of it), or one
 * slow heartbeat lets the action expire mid-forensics. When it is not, say so and shorten it.
 */
export async function checkHook(ref: LifecycleActionRef, settings: TerminateSettings): Promise<HookCheck> {
  const configured = settings.hookHeartbeatIntervalSeconds ?? DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS;
  let timeout = settings.hookHeartbeatTimeoutSeconds;
  let source: HookCheck['source'] = timeout !== undefined ? 'settings' : 'unknown';
  let lookupProblem: string | undefined;
  if (timeout === undefined) {
    try {
      const hook = await describeLifecycleHook(ref);
      if (hook) {
        timeout = hook.heartbeatTimeoutSeconds;
        source = 'DescribeLifecycleHooks';
      } else {
        lookupProblem = `hook ${ref.lifecycleHookName} not found on ${ref.autoScalingGroupName}`;
      }
    } catch (err) {
      lookupProblem = `DescribeLifecycleHooks failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`;
    }
  }
  if (timeout === undefined) {
    const message = `cannot check the heartbeat interval (${lookupProblem ?? 'timeout unknown'}); heartbeating every ${configured} s`;
    log.warn(message);
    return { source, configuredIntervalSeconds: configured, intervalSeconds: configured, ok: false, message };
  }
  if (configured * 2 <= timeout) {
    return {
      heartbeatTimeoutSeconds: timeout,
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
  return { heartbeatTimeoutSeconds: timeout, source, configuredIntervalSeconds: configured, intervalSeconds: interval, ok: false, message };
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
        // One missed heartbeat is survivable (the interval is at most half the timeout); keep going.
        stats.failed += 1;
        log.warn('lifecycle heartbeat failed', { error: (err as Error).message });
      }
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
