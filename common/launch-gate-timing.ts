import { AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS, hookGlobalTimeoutSeconds } from './lifecycle';

/** The two clocks Auto Scaling keeps on a lifecycle action. */
export interface HookTimeouts {
  heartbeatTimeoutSeconds: number;
  globalTimeoutSeconds: number;
}

/** What DescribeLifecycleHooks says of a hook's clocks (the global one only when AWS reports it). */
export interface HookClock {
  heartbeatTimeoutSeconds: number;
  globalTimeoutSeconds?: number;
}

/** The configured heartbeat timeout, else the hook's own clocks, else AWS's defaults. */
export function hookTimeouts(configuredHeartbeatTimeoutSeconds: number | undefined, hook: HookClock | undefined): HookTimeouts {
  const heartbeatTimeoutSeconds = configuredHeartbeatTimeoutSeconds ?? hook?.heartbeatTimeoutSeconds ?? AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS;
  const globalTimeoutSeconds =
    configuredHeartbeatTimeoutSeconds === undefined && hook?.globalTimeoutSeconds !== undefined
      ? hook.globalTimeoutSeconds
      : hookGlobalTimeoutSeconds(heartbeatTimeoutSeconds);
  return { heartbeatTimeoutSeconds, globalTimeoutSeconds };
}

/** Room kept before the hook's global timeout for the completion and its retries. */
const GLOBAL_TIMEOUT_MARGIN_MS = 60_000;

/**
 * When a gate must heartbeat first and decide by, counted from the action's start. Shared by
 * the workflow and the first-look activity, which must agree on whether a check fits before both.
 */
export interface GateClock {
  /** Half the heartbeat timeout leaves room for one failed heartbeat and its retry. */
  heartbeatEveryMs: number;
  firstHeartbeatAt: number;
  globalDeadline: number;
  /** A check cannot heartbeat the hook while it runs: the longest one it may take. */
  longestCheckMs: number;
  /** Decide before Auto Scaling applies the hook's default on its own: no wait is planned past this. */
  decideBy: number;
}

export function gateClock(startedAtMs: number, timeouts: HookTimeouts, check: { paths: number; requestTimeoutMs: number }): GateClock {
  const heartbeatEveryMs = (timeouts.heartbeatTimeoutSeconds * 1000) / 2;
  const globalDeadline = startedAtMs + timeouts.globalTimeoutSeconds * 1000;
  const longestCheckMs = check.paths * check.requestTimeoutMs + 5_000;
  return {
    heartbeatEveryMs,
    firstHeartbeatAt: startedAtMs + heartbeatEveryMs,
    globalDeadline,
    longestCheckMs,
    decideBy: globalDeadline - longestCheckMs - GLOBAL_TIMEOUT_MARGIN_MS,
  };
}

/** Whether a check started at `now` ends before the first heartbeat is due and before the decision is. */
export function firstCheckFits(clock: GateClock, now: number): boolean {
  return now < clock.decideBy && now + clock.longestCheckMs < clock.firstHeartbeatAt;
}
