import {
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  isCancellation,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { FirstLook, LaunchGateActivities } from '../activities/launch-gate';
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
  type PathComparison,
} from '../common/launch-gate';
import { gateClock, type HookTimeouts } from '../common/launch-gate-timing';
import { actionStartMs, type LifecycleActionResult, type LifecycleCallOutcome } from '../common/lifecycle';
import { withSummaries } from './activity-summaries';
import { failureMessage } from './failures';
import {
  gateLookups,
  HookHeartbeatSchedule,
  hookTimeoutsFromLook,
  lifecycle,
  localLookups,
  readHookTimeouts,
  takeFirstLook,
  type GatePlan,
} from './launch-gate-hook';
import { resolveLaunchGateSettings } from './launch-gate-settings';
import { countOutcome, type ActionOutcome } from './metrics';
import { ObservedWrites } from './observe';

export const proceedSignal = defineSignal<[OperatorOverride]>(LAUNCH_GATE_SIGNALS.proceed);
export const abandonSignal = defineSignal<[OperatorOverride]>(LAUNCH_GATE_SIGNALS.abandon);
export const contentSyncedSignal = defineSignal<[ContentSyncedNotice?]>(LAUNCH_GATE_SIGNALS.contentSynced);
export const launchGateProgressQuery = defineQuery<LaunchGateProgress>(LAUNCH_GATE_QUERIES.progress);

/** Pushed checks beyond this are ignored: a chatty sync job must not grow the history without bound. */
const MAX_PUSHED_CHECKS = 100;

/**
 * Holds a launching instance in `Pending:Wait` until every configured path serves the same
 * bytes as the origin, then completes the lifecycle action with CONTINUE; gives up after
 * `maxChecks` scheduled checks with `onGiveUp`. Operators can proceed or abandon by signal,
 * the instance can push `contentSynced` to be checked at once. Cancelled, it completes with
 * `onGiveUp` too, so no instance is left waiting on a gate nobody runs.
 */
export async function launchGateWorkflowV2(input: LaunchGateInput): Promise<LaunchGateResult> {
  return runLaunchGate(input, () => ({ lookups: localLookups, firstCheck: 'first-look' }));
}

/**
 * The gate as it ran before launchGateWorkflowV2 (issue 19): still registered, so gates started
 * under this type finish on it and their histories replay. Its patches pick the lookups of each run.
 */
export async function launchGateWorkflow(input: LaunchGateInput): Promise<LaunchGateResult> {
  return runLaunchGate(input, gateLookups);
}

/** `plan` is asked where the first version asked its patches, so old runs replay the same commands. */
async function runLaunchGate(input: LaunchGateInput, plan: () => GatePlan): Promise<LaunchGateResult> {
  const settings = resolveLaunchGateSettings(input);
  const ref = input.action;
  const observed = new ObservedWrites(settings.mode);
  const { lookups: { describeInstanceAddress, describeLifecycleHook }, firstCheck } = plan();
  labelRun(input, firstCheck === 'first-look');

  const progress: LaunchGateProgress = {
    phase: 'validating',
    autoScalingGroupName: ref.autoScalingGroupName,
    instanceId: ref.instanceId,
    checks: 0,
    scheduledChecks: 0,
    originUnavailableChecks: 0,
    maxChecks: settings.maxChecks,
    heartbeatsSent: 0,
  };
  let pushPending = false;
  let pushedChecks = 0;
  let cutShortByGlobalTimeout = false;
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
      // Once decided, the decision is sent even if the run is cancelled meanwhile.
      completion = await CancellationScope.nonCancellable(() =>
        observed.write<LifecycleCallOutcome | 'not-sent'>(
          { call: 'CompleteLifecycleAction', target: ref.instanceId, detail: result },
          () => lifecycle.completeLifecycleAction(ref, result, 'launch'),
          'not-sent',
        ),
      );
      if (completion === 'action-not-found' && outcome !== 'instance-terminated') {
        outcome = 'action-gone';
        reason = `${reason}; but Auto Scaling says the lifecycle action was already completed or expired, so ${result} was not applied`;
      }
    }
    progress.phase = 'done';
    progress.nextCheckAt = undefined;
    // The dashboard counts what happened to instances; an observing run's decision is counted as a would-have.
    if (!observed.observing) countOutcome({ action: 'launch_gate', outcome: gateMetricOutcome(outcome, result) });
    const { checks, scheduledChecks, originUnavailableChecks, heartbeatsSent, lastCheck, override } = progress;
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
      originUnavailableChecks,
      heartbeatsSent,
      lastCheck,
      override,
      ...(cutShortByGlobalTimeout ? { cutShortByGlobalTimeout } : {}),
      ...observed.resultFields(),
    };
  };
  const finishByOverride = () => {
    const o = progress.override!;
    return finish('operator-override', o.decision, `${o.by} chose ${o.decision}${o.reason ? `: ${o.reason}` : ''}`);
  };

  const gate = async (): Promise<LaunchGateResult> => {
    // A warm pool instance is stopped or hibernated: it has nothing to serve, and it is gated
    // again when it later leaves the pool for the group.
    if (input.destination === 'WarmPool') {
      return finish('warm-pool-entry', 'CONTINUE', `going into the warm pool (from ${input.origin ?? 'EC2'}): not gated`);
    }

    const compareRequest = {
      originBaseUrl: settings.originBaseUrl,
      hostHeader: settings.hostHeader,
      paths: settings.paths,
      replicaScheme: settings.replicaScheme,
      replicaPort: settings.replicaPort,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxBodyBytes: settings.maxBodyBytes,
    };
    let look: FirstLook | undefined;
    let timeouts: HookTimeouts;
    let startedAt: number;
    if (firstCheck === 'first-look') {
      startedAt = actionStartMs(input.actionStartedAt, Date.now());
      // Taken once, before the loop: its address and comparison are the first check's.
      look = await takeFirstLook({
        action: ref,
        hookHeartbeatTimeoutSeconds: settings.hookHeartbeatTimeoutSeconds,
        actionStartedAtMs: startedAt,
        workflowNowMs: Date.now(),
        compare: compareRequest,
      });
      timeouts = look
        ? hookTimeoutsFromLook(input, settings.hookHeartbeatTimeoutSeconds, look)
        : await readHookTimeouts(input, settings.hookHeartbeatTimeoutSeconds, describeLifecycleHook);
    } else {
      // Older runs read the clock after the hook lookup; replay must see the same start.
      timeouts = await readHookTimeouts(input, settings.hookHeartbeatTimeoutSeconds, describeLifecycleHook);
      startedAt = actionStartMs(input.actionStartedAt, Date.now());
    }
    progress.hookHeartbeatTimeoutSeconds = timeouts.heartbeatTimeoutSeconds;
    const clock = gateClock(startedAt, timeouts, { paths: settings.paths.length, requestTimeoutMs: settings.requestTimeoutMs });
    const heartbeats = new HookHeartbeatSchedule(input, progress, clock, observed);
    progress.hookGlobalDeadline = new Date(clock.globalDeadline).toISOString();

    // Paths are compared one after another, origin and replica in parallel, each bounded by the request timeout.
    const compareOptions = {
      startToCloseTimeout: settings.paths.length * settings.requestTimeoutMs + 30_000,
      retry: { initialInterval: '1 second', maximumAttempts: 2 },
    } as const;
    const { compareContent } = withSummaries(
      proxyActivities<LaunchGateActivities>({ ...compareOptions, heartbeatTimeout: settings.requestTimeoutMs + 30_000 }),
      { compareContent: (req) => `compare ${req.paths.join(' ')} on ${req.replicaIp} with the origin` },
    );
    const { compareContent: compareContentLocally } = proxyLocalActivities<LaunchGateActivities>(compareOptions);

    const runCheck = async (trigger: LaunchGateCheck['trigger']): Promise<LaunchGateCheck | { gone: string }> => {
      progress.phase = 'checking';
      progress.nextCheckAt = undefined;
      pushPending = false;
      progress.checks += 1;
      if (trigger !== 'scheduled') pushedChecks += 1;
      const check: LaunchGateCheck = { number: progress.checks, trigger, at: '', inSync: false, paths: [] };
      const prefetched = look;
      look = undefined;
      try {
        const address = prefetched?.address ?? (await describeInstanceAddress(ref));
        if (address.kind === 'gone') return { gone: address.state };
        check.privateIp = address.privateIp;
        if (prefetched?.compareError !== undefined) throw new Error(prefetched.compareError);
        const compare = firstCheck === 'local' && check.number === 1 ? compareContentLocally : compareContent;
        check.paths = prefetched?.paths ?? (await compare({ ...compareRequest, replicaIp: address.privateIp }));
        check.inSync = check.paths.every((p) => p.result === 'in-sync');
        if (!check.inSync && check.paths.some(originUnavailable)) check.originUnavailable = true;
      } catch (err) {
        if (isCancellation(err)) throw err;
        // A check that cannot run is "cannot compare", never "in sync"; the next one tries again.
        check.error = failureMessage(err);
        log.warn('launch gate check could not run', { check: check.number, error: check.error });
      }
      // An origin outage says nothing about this replica: it must not bring the give-up nearer,
      // or every instance launched during the outage is abandoned and replaced, again and again.
      if (check.originUnavailable) {
        progress.originUnavailableChecks += 1;
        countOutcome({ action: 'launch_gate_check', outcome: 'origin_unavailable' });
      } else if (trigger === 'scheduled') {
        progress.scheduledChecks += 1;
      }
      check.at = new Date().toISOString();
      progress.lastCheck = check;
      return check;
    };

    const actionGoneWhileWaiting = () =>
      finish('action-gone', 'HOOK_DEFAULT', 'Auto Scaling says the lifecycle action was already completed or expired while the gate waited');

    let trigger: LaunchGateCheck['trigger'] = 'scheduled';
    let nextCheckAtMs = 0;
    // A check cannot heartbeat the hook while it runs, so one that might outlast the next due heartbeat goes after it.
    const { longestCheckMs, decideBy } = clock;
    const giveUp = (why: string) =>
      settings.onGiveUp === 'HOOK_DEFAULT'
        ? finish('gave-up', 'HOOK_DEFAULT', `${why}; left to the hook's default result`)
        : finish('gave-up', settings.onGiveUp, `${why}; completed with ${settings.onGiveUp}`);
    for (;;) {
      if (progress.override) return finishByOverride();
      if (Date.now() >= decideBy) {
        cutShortByGlobalTimeout = true;
        const last = progress.lastCheck ? ` (${describeCheck(progress.lastCheck)})` : '';
        return giveUp(`the hook's global timeout ends at ${progress.hookGlobalDeadline} and content was not in sync${last}`);
      }
      if (Date.now() + longestCheckMs >= heartbeats.nextHeartbeatAt && (await heartbeats.send()) === 'action-gone') {
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
        return giveUp(`content not in sync after ${progress.scheduledChecks} scheduled checks (${describeCheck(check)})`);
      }
      // A pushed check does not move the schedule: the give-up time stays where it was.
      if (trigger === 'scheduled') nextCheckAtMs = Date.now() + settings.checkIntervalSeconds * 1000;
      progress.phase = 'waiting';
      progress.nextCheckAt = new Date(Math.min(nextCheckAtMs, decideBy)).toISOString();
      for (;;) {
        if (Date.now() >= heartbeats.nextHeartbeatAt && (await heartbeats.send()) === 'action-gone') return actionGoneWhileWaiting();
        const wakeAt = Math.min(nextCheckAtMs, heartbeats.nextHeartbeatAt, decideBy);
        const woken = await condition(() => progress.override !== undefined || pushPending, Math.max(wakeAt - Date.now(), 1));
        if (woken) {
          trigger = progress.override ? 'scheduled' : 'content-synced-signal';
          break;
        }
        if (Date.now() >= nextCheckAtMs || Date.now() >= decideBy) {
          trigger = 'scheduled';
          break;
        }
      }
    }
  };

  try {
    return await gate();
  } catch (err) {
    if (!isCancellation(err) || progress.phase === 'done') throw err;
    const phase = progress.phase;
    log.warn('launch gate cancelled', { phase });
    const why = `cancelled while ${phase}`;
    return CancellationScope.nonCancellable(() =>
      settings.onGiveUp === 'HOOK_DEFAULT'
        ? finish('cancelled', 'HOOK_DEFAULT', `${why}; left to the hook's default result`)
        : finish('cancelled', settings.onGiveUp, `${why}; completed with the fleet's give-up result ${settings.onGiveUp}`),
    );
  }
}

/**
 * Memo and search attributes that name the instance. The bridge sets them at start; a V2 run
 * started without them (a hand-made start) upserts them here, deciding by the start event, which
 * replays the same way. The first version always upserted, and still does.
 */
function labelRun(input: LaunchGateInput, skipWhatTheStartSet: boolean): void {
  const ref = input.action;
  const memo = { autoScalingGroupName: ref.autoScalingGroupName, instanceId: ref.instanceId, lifecycleHookName: ref.lifecycleHookName };
  const startMemo = workflowInfo().memo ?? {};
  const memoSet = skipWhatTheStartSet && Object.entries(memo).every(([key, value]) => startMemo[key] === value);
  if (!memoSet) upsertMemo(memo);
  if (!input.upsertSearchAttributes) return;
  const attributes = [
    { key: defineSearchAttributeKey(LAUNCH_GATE_SEARCH_ATTRIBUTES.autoScalingGroupName, SearchAttributeType.KEYWORD), value: ref.autoScalingGroupName },
    { key: defineSearchAttributeKey(LAUNCH_GATE_SEARCH_ATTRIBUTES.instanceId, SearchAttributeType.KEYWORD), value: ref.instanceId },
  ];
  const present = workflowInfo().typedSearchAttributes;
  const attributesSet = skipWhatTheStartSet && attributes.every(({ key, value }) => present.get(key) === value);
  if (!attributesSet) upsertSearchAttributes(attributes);
}

/** The origin itself could not answer (unreachable, 5xx or throttled): nothing to compare against. */
function originUnavailable(path: PathComparison): boolean {
  if (path.result !== 'cannot-compare') return false;
  return path.originStatus === undefined || path.originStatus >= 500 || path.originStatus === 429;
}

function gateMetricOutcome(
  outcome: LaunchGateOutcome,
  result: LifecycleActionResult | 'HOOK_DEFAULT',
): Extract<ActionOutcome, { action: 'launch_gate' }>['outcome'] {
  if (outcome === 'action-gone') return 'action_gone';
  if (outcome === 'cancelled') return 'cancelled';
  if (result === 'HOOK_DEFAULT') return 'left_to_hook';
  if (result === 'ABANDON') return 'abandoned';
  return outcome === 'gave-up' ? 'continued_on_give_up' : 'passed';
}

function describeCheck(check: LaunchGateCheck): string {
  if (check.error) return `last check: ${check.error}`;
  return check.paths
    .filter((p) => p.result !== 'in-sync')
    .map((p) => `${p.path}: ${p.detail}`)
    .join('; ');
}
