import { isCancellation, log, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { FirstLook, FirstLookRequest, LaunchGateActivities } from '../activities/launch-gate';
import type { LifecycleActionActivities } from '../activities/lifecycle-actions';
import type { LaunchGateInput, LaunchGateProgress } from '../common/launch-gate';
import { hookTimeouts, type GateClock, type HookTimeouts } from '../common/launch-gate-timing';
import { withSummaries } from './activity-summaries';
import { failureMessage } from './failures';
import type { ObservedWrites } from './observe';

// Auto Scaling calls: throttling and 5xx retry with backoff; by the time these attempts are spent
// (about 5 minutes) something is wrong beyond a blip.
export const lifecycle = withSummaries(
  proxyActivities<LifecycleActionActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 15 },
  }),
  {
    completeLifecycleAction: (ref, result) => `CompleteLifecycleAction ${ref.instanceId} ${result}`,
    recordLifecycleActionHeartbeat: (ref) => `RecordLifecycleActionHeartbeat ${ref.instanceId}`,
  },
);

// Short on purpose: a failed lookup makes one check "cannot compare", the next check tries again.
const addressLookupOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 6 },
} as const;
const lifecycleLookupOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 15 },
} as const;
export type GateLookups = Pick<LaunchGateActivities, 'describeInstanceAddress'> &
  Pick<LifecycleActionActivities, 'describeLifecycleHook'>;

/**
 * The gate's read-only lookups (hook timeout, instance address) run as local activities: they
 * are short and idempotent, and as activity tasks they were half of a gate's server round trips,
 * the limit of a scale-out burst. Gates started before this change replay with activity tasks.
 */
export const LOCAL_LOOKUPS_PATCH = 'launch-gate-local-lookups';
export const localLookups: GateLookups = {
  describeInstanceAddress: proxyLocalActivities<LaunchGateActivities>(addressLookupOptions).describeInstanceAddress,
  describeLifecycleHook: proxyLocalActivities<LifecycleActionActivities>(lifecycleLookupOptions).describeLifecycleHook,
};
export const remoteLookups: GateLookups = {
  describeInstanceAddress: proxyActivities<LaunchGateActivities>(addressLookupOptions).describeInstanceAddress,
  describeLifecycleHook: lifecycle.describeLifecycleHook,
};

/**
 * The gate's first check compares content as a local activity too, in the workflow task that
 * starts the gate: in a scale-out burst most gates pass on that check, and as an activity task it
 * cost a gate an activity task and a workflow task (6 of 22 history events). Later checks stay
 * activity tasks, which heartbeat while they wait on slow replicas. Gates started before this
 * change replay as they ran (issue 19).
 */
export const FIRST_CHECK_LOCAL_PATCH = 'launch-gate-first-check-local';

/**
 * How a run looks things up. `first-look` (launchGateWorkflowV2): hook, address and first
 * comparison in one local activity. `local` and `remote`: the first version's patches.
 */
export interface GatePlan {
  lookups: GateLookups;
  firstCheck: 'first-look' | 'local' | 'remote';
}

/** The first version's plan for a run, by its patches: one patch marker per new run. */
export function gateLookups(): GatePlan {
  if (patched(FIRST_CHECK_LOCAL_PATCH)) return { lookups: localLookups, firstCheck: 'local' };
  return { lookups: patched(LOCAL_LOOKUPS_PATCH) ? localLookups : remoteLookups, firstCheck: 'remote' };
}

/**
 * The first look, or undefined when it failed after its retries: the gate then looks the hook
 * up on its own and runs its first check as later ones run, as before the fold.
 */
export async function takeFirstLook(request: FirstLookRequest): Promise<FirstLook | undefined> {
  const { firstLook } = proxyLocalActivities<LaunchGateActivities>({
    startToCloseTimeout: 60_000 + request.compare.paths.length * request.compare.requestTimeoutMs + 30_000,
    retry: addressLookupOptions.retry,
  });
  try {
    return await firstLook(request);
  } catch (err) {
    if (isCancellation(err)) throw err;
    log.warn('first look failed; looking up the hook and the address one by one', { error: failureMessage(err) });
    return undefined;
  }
}

/** The hook's timeouts from the settings, or from DescribeLifecycleHooks, or AWS's defaults. */
export async function readHookTimeouts(
  input: LaunchGateInput,
  configuredHeartbeatTimeoutSeconds: number | undefined,
  describeLifecycleHook: GateLookups['describeLifecycleHook'],
): Promise<HookTimeouts> {
  if (configuredHeartbeatTimeoutSeconds !== undefined) return hookTimeouts(configuredHeartbeatTimeoutSeconds, undefined);
  try {
    const hook = await describeLifecycleHook(input.action);
    if (hook) return hookTimeouts(undefined, hook);
    warnHookNotFound(input);
  } catch (err) {
    if (isCancellation(err)) throw err;
    warnHookLookupFailed(failureMessage(err));
  }
  return hookTimeouts(undefined, undefined);
}

/** The same, from what a first look found. */
export function hookTimeoutsFromLook(input: LaunchGateInput, configuredHeartbeatTimeoutSeconds: number | undefined, look: FirstLook): HookTimeouts {
  if (look.hookError !== undefined) warnHookLookupFailed(look.hookError);
  else if (configuredHeartbeatTimeoutSeconds === undefined && !look.hook) warnHookNotFound(input);
  return hookTimeouts(configuredHeartbeatTimeoutSeconds, look.hook ?? undefined);
}

function warnHookNotFound(input: LaunchGateInput): void {
  log.warn('lifecycle hook not found; assuming the AWS default heartbeat timeout', { hook: input.action.lifecycleHookName });
}

function warnHookLookupFailed(error: string): void {
  log.warn('DescribeLifecycleHooks failed; assuming the AWS default heartbeat timeout', { error });
}

/**
 * Heartbeats on the action's clock: the next one is due half a heartbeat timeout after the
 * last (or after the action's start), and a failed one is tried again well before expiry.
 */
export class HookHeartbeatSchedule {
  nextHeartbeatAt: number;
  readonly everyMs: number;

  constructor(
    private readonly input: LaunchGateInput,
    private readonly progress: LaunchGateProgress,
    clock: GateClock,
    private readonly observed: ObservedWrites,
  ) {
    this.everyMs = clock.heartbeatEveryMs;
    this.nextHeartbeatAt = clock.firstHeartbeatAt;
  }

  /** 'action-gone' when Auto Scaling no longer knows the action. */
  async send(): Promise<'ok' | 'action-gone'> {
    if (this.observed.observing) {
      this.observed.record({ call: 'RecordLifecycleActionHeartbeat', target: this.input.action.instanceId, detail: 'keep the action in Pending:Wait' });
      this.nextHeartbeatAt = Date.now() + this.everyMs;
      return 'ok';
    }
    try {
      const outcome = await lifecycle.recordLifecycleActionHeartbeat(this.input.action);
      if (outcome === 'action-not-found') return 'action-gone';
      this.progress.heartbeatsSent += 1;
      this.progress.lastHeartbeatAt = new Date().toISOString();
      this.nextHeartbeatAt = Date.now() + this.everyMs;
    } catch (err) {
      if (isCancellation(err)) throw err;
      // Try again well before the hook would expire rather than failing the gate.
      log.warn('lifecycle heartbeat failed', { error: failureMessage(err) });
      this.nextHeartbeatAt = Date.now() + Math.min(this.everyMs / 4, 60_000);
    }
    return 'ok';
  }
}
