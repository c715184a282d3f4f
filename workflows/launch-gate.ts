import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { LaunchGateActivities } from '../activities/launch-gate';
import type { LifecycleActionActivities } from '../activities/lifecycle-actions';
import {
  LAUNCH_GATE_QUERIES,
  LAUNCH_GATE_SEARCH_ATTRIBUTES,
  LAUNCH_GATE_SIGNALS,
  type ContentSyncedNotice,
  type LaunchGateCheck,
  type LaunchGateInput,
  type LaunchGateOutcome,
  type LaunchGateProgress,
  type LaunchGateResult,
  type OperatorOverride,
} from '../common/launch-gate';
import type { LifecycleActionResult, LifecycleCallOutcome } from '../common/lifecycle';
import { resolveLaunchGateSettings } from './launch-gate-settings';
import { countOutcome, type ActionOutcome } from './metrics';

export const proceedSignal = defineSignal<[OperatorOverride]>(LAUNCH_GATE_SIGNALS.proceed);
export const abandonSignal = defineSignal<[OperatorOverride]>(LAUNCH_GATE_SIGNALS.abandon);
export const contentSyncedSignal = defineSignal<[ContentSyncedNotice?]>(LAUNCH_GATE_SIGNALS.contentSynced);
export const launchGateProgressQuery = defineQuery<LaunchGateProgress>(LAUNCH_GATE_QUERIES.progress);

/** Used when DescribeLifecycleHooks finds no hook: Auto Scaling's own default. */
const AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 3600;
/** Pushed checks beyond this are ignored: a chatty sync job must not grow the history without bound. */
const MAX_PUSHED_CHECKS = 100;

// Auto Scaling calls: throttling and 5xx retry with backoff; by the time these attempts are spent
// (about 5 minutes) something is wrong beyond a blip.
const lifecycle = proxyActivities<LifecycleActionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 15 },
});

// Short on purpose: a failed lookup makes one check "cannot compare", the next check tries again.
const addressLookupOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 6 },
} as const;
const lifecycleLookupOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 15 },
} as const;
type Lookups = Pick<LaunchGateActivities, 'describeInstanceAddress'> & Pick<LifecycleActionActivities, 'describeLifecycleHook'>;

/**
 * The gate's read-only lookups (hook timeout, instance address) run as local activities: they
 * are short and idempotent, and as activity tasks they were half of a gate's server round trips,
 * the limit of a scale-out burst. Gates started before this change replay with activity tasks.
 */
const LOCAL_LOOKUPS_PATCH = 'launch-gate-local-lookups';
const localLookups: Lookups = {
  describeInstanceAddress: proxyLocalActivities<LaunchGateActivities>(addressLookupOptions).describeInstanceAddress,
  describeLifecycleHook: proxyLocalActivities<LifecycleActionActivities>(lifecycleLookupOptions).describeLifecycleHook,
};
const remoteLookups: Lookups = {
  describeInstanceAddress: proxyActivities<LaunchGateActivities>(addressLookupOptions).describeInstanceAddress,
  describeLifecycleHook: lifecycle.describeLifecycleHook,
};

/**
 * Holds a launching instance in `Pending:Wait` until every configured path serves the same
 * bytes as the origin, then completes the lifecycle action with CONTINUE; gives up after
 * `maxChecks` scheduled checks with `onGiveUp`. Operators can proceed or abandon by signal,
 * the instance can push `contentSynced` to be checked at once.
 */
export async function launchGateWorkflow(input: LaunchGateInput): Promise<LaunchGateResult> {
  const settings = resolveLaunchGateSettings(input);
  const ref = input.action;
  const { describeInstanceAddress, describeLifecycleHook } = patched(LOCAL_LOOKUPS_PATCH) ? localLookups : remoteLookups;
  upsertMemo({
    autoScalingGroupName: ref.autoScalingGroupName,
    instanceId: ref.instanceId,
    lifecycleHookName: ref.lifecycleHookName,
  });
  if (input.upsertSearchAttributes) {
    upsertSearchAttributes([
      {
        key: defineSearchAttributeKey(LAUNCH_GATE_SEARCH_ATTRIBUTES.autoScalingGroupName, SearchAttributeType.KEYWORD),
        value: ref.autoScalingGroupName,
      },
      {
        key: defineSearchAttributeKey(LAUNCH_GATE_SEARCH_ATTRIBUTES.instanceId, SearchAttributeType.KEYWORD),
        value: ref.instanceId,
      },
    ]);
  }

  const progress: LaunchGateProgress = {
    phase: 'validating',
    autoScalingGroupName: ref.autoScalingGroupName,
    instanceId: ref.instanceId,
    checks: 0,
    scheduledChecks: 0,
    maxChecks: settings.maxChecks,
    heartbeatsSent: 0,
  };
  let pushPending = false;
  let pushedChecks = 0;
  setHandler(launchGateProgressQuery, () => progress);
  const onOverride = (decision: LifecycleActionResult) => (override: OperatorOverride) => {
    if (progress.override) {
      log.warn('operator override ignored: one was already recorded', { decision, by: override?.by });
      return;
    }
    progress.override = {
      decision,
      by: typeof override?.by === 'string' && override.by ? override.by : 'unknown',
      reason: typeof override?.reason === 'string' ? override.reason : '',
    };
  };
  setHandler(proceedSignal, onOverride('CONTINUE'));
  setHandler(abandonSignal, onOverride('ABANDON'));
  setHandler(contentSyncedSignal, (notice) => {
    if (pushedChecks >= MAX_PUSHED_CHECKS) {
      log.warn('contentSynced ignored: too many pushed checks', { pushedChecks });
      return;
    }
    pushPending = true;
    log.info('content synced signal received', { note: notice?.note });
  });

  const finish = async (
    outcome: LaunchGateOutcome,
    result: LifecycleActionResult | 'HOOK_DEFAULT',
    reason: string,
  ): Promise<LaunchGateResult> => {
    let completion: LifecycleCallOutcome | 'not-sent' = 'not-sent';
    if (result !== 'HOOK_DEFAULT') {
      progress.phase = 'completing';
      completion = await lifecycle.completeLifecycleAction(ref, result);
      if (completion === 'action-not-found' && outcome !== 'instance-terminated') {
        outcome = 'action-gone';
        reason = `${reason}; but Auto Scaling says the lifecycle action was already completed or expired, so ${result} was not applied`;
      }
    }
    progress.phase = 'done';
    progress.nextCheckAt = undefined;
    countOutcome({ action: 'launch_gate', outcome: gateMetricOutcome(outcome, result) });
    const { checks, scheduledChecks, heartbeatsSent, lastCheck, override } = progress;
    log.info('launch gate finished', { outcome, result, completion, checks });
    return {
      outcome,
      lifecycleActionResult: result,
      completion,
      reason,
      autoScalingGroupName: ref.autoScalingGroupName,
      instanceId: ref.instanceId,
      checks,
      scheduledChecks,
      heartbeatsSent,
      lastCheck,
      override,
    };
  };
  const finishByOverride = () => {
    const o = progress.override!;
    return finish('operator-override', o.decision, `${o.by} chose ${o.decision}${o.reason ? `: ${o.reason}` : ''}`);
  };

  // A warm pool instance is stopped or hibernated: it has nothing to serve, and it is gated
  // again when it later leaves the pool for the group.
  if (input.destination === 'WarmPool') {
    return finish('warm-pool-entry', 'CONTINUE', `going into the warm pool (from ${input.origin ?? 'EC2'}): not gated`);
  }

  const hookTimeoutSeconds = settings.hookHeartbeatTimeoutSeconds ?? (await readHookHeartbeatTimeout(ref, describeLifecycleHook));
  progress.hookHeartbeatTimeoutSeconds = hookTimeoutSeconds;
  // Half the timeout leaves room for the delay between the launch and this workflow's start.
  const heartbeatEveryMs = (hookTimeoutSeconds * 1000) / 2;
  let nextHeartbeatAt = Date.now() + heartbeatEveryMs;

  const compareContent = proxyActivities<LaunchGateActivities>({
    // Paths are compared one after another, origin and replica in parallel, each bounded by the request timeout.
    startToCloseTimeout: settings.paths.length * settings.requestTimeoutMs + 30_000,
    heartbeatTimeout: settings.requestTimeoutMs + 30_000,
    retry: { initialInterval: '1 second', maximumAttempts: 2 },
  }).compareContent;

  const runCheck = async (trigger: LaunchGateCheck['trigger']): Promise<LaunchGateCheck | { gone: string }> => {
    progress.phase = 'checking';
    progress.nextCheckAt = undefined;
    pushPending = false;
    progress.checks += 1;
    if (trigger === 'scheduled') progress.scheduledChecks += 1;
    else pushedChecks += 1;
    const check: LaunchGateCheck = { number: progress.checks, trigger, at: '', inSync: false, paths: [] };
    try {
      const address = await describeInstanceAddress(ref);
      if (address.kind === 'gone') return { gone: address.state };
      check.privateIp = address.privateIp;
      check.paths = await compareContent({
        originBaseUrl: settings.originBaseUrl,
        hostHeader: settings.hostHeader,
        paths: settings.paths,
        replicaIp: address.privateIp,
        replicaScheme: settings.replicaScheme,
        replicaPort: settings.replicaPort,
        requestTimeoutMs: settings.requestTimeoutMs,
        maxBodyBytes: settings.maxBodyBytes,
      });
      check.inSync = check.paths.every((p) => p.result === 'in-sync');
    } catch (err) {
      // A check that cannot run is "cannot compare", never "in sync"; the next one tries again.
      check.error = failureMessage(err);
      log.warn('launch gate check could not run', { check: check.number, error: check.error });
    }
    check.at = new Date().toISOString();
    progress.lastCheck = check;
    return check;
  };

  const sendHookHeartbeat = async (): Promise<'ok' | 'action-gone'> => {
    try {
      const outcome = await lifecycle.recordLifecycleActionHeartbeat(ref);
      if (outcome === 'action-not-found') return 'action-gone';
      progress.heartbeatsSent += 1;
      progress.lastHeartbeatAt = new Date().toISOString();
      nextHeartbeatAt = Date.now() + heartbeatEveryMs;
    } catch (err) {
      // Try again well before the hook would expire rather than failing the gate.
      log.warn('lifecycle heartbeat failed', { error: failureMessage(err) });
      nextHeartbeatAt = Date.now() + Math.min(heartbeatEveryMs / 4, 60_000);
    }
    return 'ok';
  };
  const actionGoneWhileWaiting = () =>
    finish('action-gone', 'HOOK_DEFAULT', 'Auto Scaling says the lifecycle action was already completed or expired while the gate waited');

  let trigger: LaunchGateCheck['trigger'] = 'scheduled';
  let nextCheckAtMs = 0;
  // A check cannot heartbeat the hook while it runs, so one that might outlast the next due heartbeat goes after it.
  const longestCheckMs = settings.paths.length * settings.requestTimeoutMs + 5_000;
  for (;;) {
    if (progress.override) return finishByOverride();
    if (Date.now() + longestCheckMs >= nextHeartbeatAt && (await sendHookHeartbeat()) === 'action-gone') {
      return actionGoneWhileWaiting();
    }
    const check = await runCheck(trigger);
    if ('gone' in check) {
      return finish('instance-terminated', 'ABANDON', `EC2 reports the instance as ${check.gone}`);
    }
    if (progress.override) return finishByOverride();
    if (check.inSync) {
      const pathWord = settings.paths.length === 1 ? 'path matches' : `${settings.paths.length} paths match`;
      return finish('synced', 'CONTINUE', `content in sync on check ${check.number}: every ${pathWord} the origin`);
    }
    if (trigger === 'scheduled' && progress.scheduledChecks >= settings.maxChecks) {
      const why = `content not in sync after ${progress.scheduledChecks} scheduled checks (${describeCheck(check)})`;
      return settings.onGiveUp === 'HOOK_DEFAULT'
        ? finish('gave-up', 'HOOK_DEFAULT', `${why}; left to the hook's default result`)
        : finish('gave-up', settings.onGiveUp, `${why}; completed with ${settings.onGiveUp}`);
    }
    // A pushed check does not move the schedule: the give-up time stays where it was.
    if (trigger === 'scheduled') nextCheckAtMs = Date.now() + settings.checkIntervalSeconds * 1000;
    progress.phase = 'waiting';
    progress.nextCheckAt = new Date(nextCheckAtMs).toISOString();
    for (;;) {
      if (Date.now() >= nextHeartbeatAt && (await sendHookHeartbeat()) === 'action-gone') return actionGoneWhileWaiting();
      const wakeAt = Math.min(nextCheckAtMs, nextHeartbeatAt);
      const woken = await condition(() => progress.override !== undefined || pushPending, Math.max(wakeAt - Date.now(), 1));
      if (woken) {
        trigger = progress.override ? 'scheduled' : 'content-synced-signal';
        break;
      }
      if (Date.now() >= nextCheckAtMs) {
        trigger = 'scheduled';
        break;
      }
    }
  }
}

function gateMetricOutcome(
  outcome: LaunchGateOutcome,
  result: LifecycleActionResult | 'HOOK_DEFAULT',
): Extract<ActionOutcome, { action: 'launch_gate' }>['outcome'] {
  if (outcome === 'action-gone') return 'action_gone';
  if (result === 'HOOK_DEFAULT') return 'left_to_hook';
  if (result === 'ABANDON') return 'abandoned';
  return outcome === 'gave-up' ? 'continued_on_give_up' : 'passed';
}

async function readHookHeartbeatTimeout(
  ref: LaunchGateInput['action'],
  describeLifecycleHook: Lookups['describeLifecycleHook'],
): Promise<number> {
  try {
    const hook = await describeLifecycleHook(ref);
    if (hook) return hook.heartbeatTimeoutSeconds;
    log.warn('lifecycle hook not found; assuming the AWS default heartbeat timeout', { hook: ref.lifecycleHookName });
  } catch (err) {
    log.warn('DescribeLifecycleHooks failed; assuming the AWS default heartbeat timeout', { error: failureMessage(err) });
  }
  return AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS;
}

function describeCheck(check: LaunchGateCheck): string {
  if (check.error) return `last check: ${check.error}`;
  return check.paths
    .filter((p) => p.result !== 'in-sync')
    .map((p) => `${p.path}: ${p.detail}`)
    .join('; ');
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof ApplicationFailure || err instanceof Error) return err.message;
  return String(err);
}
