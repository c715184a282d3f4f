import {
  ApplicationFailure,
  CancellationScope,
  defineQuery,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';
import type { FleetActivities } from '../activities/fleet';
import type { ForensicsActivities } from '../activities/forensics';
import type { LifecycleActionActivities } from '../activities/lifecycle-actions';
import { actionStartMs, type LifecycleActionRef, type LifecycleCallOutcome } from '../common/lifecycle';
import {
  DEFAULT_CAUSE_POLICY,
  TERMINATE_QUERIES,
  WARM_POOL_DRAIN_COMMANDS,
  type AutoScalingGroupEvidence,
  type DrainReport,
  type FleetEvidence,
  type ForensicsReport,
  type HookCheck,
  type ScalingActivityEvidence,
  type TerminateInput,
  type TerminatePhase,
  type TerminateProgress,
  type TerminateResult,
  type TerminateSettings,
  type TerminationDecision,
} from '../common/terminate';
import { withSummaries } from './activity-summaries';
import { failureMessage, rethrowCancellation } from './failures';
import { ObservedWrites } from './observe';
import { decideTermination } from './terminate-decision';
import { runDrain } from './terminate-drain';
import { runForensics, startForensicImage, waitForForensicImage, type ForensicsRun } from './terminate-forensics';
import {
  checkHook,
  DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS,
  proveAction,
  proveActionByMembership,
  recordLifecycleActionHeartbeat,
  startHookHeartbeats,
  withoutHookHeartbeats,
  type HeartbeatStats,
} from './terminate-hook';
import { actionProblems, runModeOf, settingsProblems } from './terminate-validate';

export const terminateProgressQuery = defineQuery<TerminateProgress>(TERMINATE_QUERIES.progress);

const { askFleet } = proxyActivities<FleetActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

const { describeAutoScalingGroupStatus, describeTerminationActivity } = proxyActivities<ForensicsActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 4 },
});

// Completing is what releases the instance: retry longer than anything else.
const { completeLifecycleAction } = withSummaries(
  proxyActivities<LifecycleActionActivities>({
    startToCloseTimeout: '15 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
  }),
  { completeLifecycleAction: (ref, result) => `CompleteLifecycleAction ${ref.instanceId} ${result}` },
);

/** Changes to the run's commands, each kept apart so runs started before them replay. */
const PATCHES = {
  /** A failed first heartbeat is no longer taken as proof that the action exists. */
  proveAction: 'terminate-prove-action',
  /** The drain starts once CreateImage returns, beside the wait for `available`. */
  drainBesideImageWait: 'terminate-drain-beside-image-wait',
  /** The fleet's policy over Auto Scaling's causes takes part in the decision. */
  causePolicy: 'terminate-cause-policy',
  /** A return to the warm pool is not a termination. */
  warmPoolReturn: 'terminate-warm-pool-return',
} as const;

/** Room kept before the hook's global timeout for the drain's end and the completion. */
const GLOBAL_TIMEOUT_MARGIN_MS = 5 * 60_000;

const skippedDrain: DrainReport = { status: 'skipped', command: { status: 'skipped' }, monitoring: { status: 'skipped' } };

/**
 * A terminating instance (EC2_INSTANCE_TERMINATING hook): prove the action exists, decide
 * whether the termination was planned, keep a forensic image when it was not, drain the
 * instance, then CompleteLifecycleAction CONTINUE on every path while the action is kept
 * alive, cancellation included. An instance going back into the warm pool is only drained of its logs.
 * In observe mode the same decisions are made from the same reads, and every write is recorded
 * instead of sent: no heartbeat, image, command, monitoring change, notification or completion.
 */
export async function terminateWorkflow(input: TerminateInput): Promise<TerminateResult> {
  const badAction = actionProblems(input?.action);
  if (badAction.length > 0) {
    throw ApplicationFailure.nonRetryable(`invalid terminate input: ${badAction.join('; ')}`, 'InvalidInput');
  }
  const ref: LifecycleActionRef = input.action;
  const observed = new ObservedWrites(runModeOf(input.settings));
  const badSettings = settingsProblems(input.settings);
  if (badSettings.length > 0) {
    // The action itself is fine: release the instance rather than hold it until the hook times out.
    await observed.write(
      { call: 'CompleteLifecycleAction', target: ref.instanceId, detail: 'CONTINUE' },
      () => completeLifecycleAction(ref, 'CONTINUE', 'terminate').catch(() => undefined),
      undefined,
    );
    throw ApplicationFailure.nonRetryable(`invalid terminate input: ${badSettings.join('; ')}`, 'InvalidInput');
  }
  const settings = input.settings;
  const workflowStartMs = Date.now();

  const progress: TerminateProgress = { phase: 'checking-hook', heartbeatsSent: 0 };
  const live: { heartbeats?: HeartbeatStats } = {};
  setHandler(terminateProgressQuery, () => ({ ...progress, heartbeatsSent: live.heartbeats?.sent ?? 0 }));
  upsertMemo({ instanceId: ref.instanceId, autoScalingGroupName: ref.autoScalingGroupName, fleet: settings.fleetName });
  const returningToWarmPool = input.destination === 'WarmPool' && patched(PATCHES.warmPoolReturn);

  let cancelledDuring: TerminatePhase | undefined;
  const noteCancellation = (err: unknown) => {
    if (!isCancellation(err)) throw err;
    cancelledDuring ??= progress.phase;
    log.warn(observed.observing ? 'terminate cancelled while observing: nothing more recorded' : 'terminate cancelled: completing the action with CONTINUE', {
      phase: cancelledDuring,
    });
  };

  let hook: HookCheck = { source: 'unknown', configuredIntervalSeconds: 0, intervalSeconds: 0, ok: false, message: 'not checked' };
  let releasedElsewhere: string | undefined;
  const notProven = (why: string, failedHeartbeats: number) =>
    finish(ref, observed, {
      outcome: 'action-unproven',
      hook,
      forensics: { status: 'skipped', skippedBecause: `the lifecycle action could not be proven: ${why}` },
      drain: skippedDrain,
      heartbeats: { sent: 0, failed: failedHeartbeats, actionGone: false },
    });
  try {
    if (observed.observing) {
      const proof = await proveActionByMembership(ref);
      hook = await checkHook(ref, settings);
      if (!proof.proven) {
        log.warn('lifecycle action not proven: nothing decided', { instanceId: ref.instanceId, why: proof.why });
        return notProven(proof.why, 0);
      }
      if (proof.releasedElsewhere) releasedElsewhere = proof.why;
      observed.record({
        call: 'RecordLifecycleActionHeartbeat',
        target: ref.instanceId,
        detail: `every ${hook.intervalSeconds} s until the action is completed`,
      });
    } else {
      // The first heartbeat proves the action is still pending before any evidence is gathered.
      let heartbeatError: unknown;
      const first = await recordLifecycleActionHeartbeat(ref).catch((err: unknown) => {
        if (isCancellation(err)) throw err;
        heartbeatError = err;
        return 'done' as const;
      });
      hook = await checkHook(ref, settings);
      if (first === 'action-not-found') {
        return finish(ref, observed, {
          outcome: 'action-gone',
          hook,
          forensics: { status: 'skipped', skippedBecause: 'the lifecycle action was already gone' },
          drain: skippedDrain,
          heartbeats: { sent: 0, failed: 0, actionGone: true },
        });
      }
      if (heartbeatError !== undefined && patched(PATCHES.proveAction)) {
        const proof = await proveAction(ref, heartbeatError);
        if (!proof.proven) {
          log.warn('lifecycle action not proven: nothing touched', { instanceId: ref.instanceId, why: proof.why });
          return notProven(proof.why, 1);
        }
      }
    }
  } catch (err) {
    noteCancellation(err);
  }

  // A run cancelled before its hook was checked still heartbeats at the default until it completes.
  const beating = observed.observing
    ? withoutHookHeartbeats()
    : startHookHeartbeats(ref, hook.intervalSeconds || DEFAULT_HOOK_HEARTBEAT_INTERVAL_SECONDS);
  live.heartbeats = beating.stats;
  let decision: TerminationDecision | undefined;
  let forensics: ForensicsReport = { status: 'skipped' };
  let drain: DrainReport = skippedDrain;
  let failure: unknown;
  const drainRun = (drainSettings: TerminateSettings['drain']) => ({
    ref,
    settings: drainSettings ?? {},
    actionGone: () => beating.stats.actionGone,
    observed,
    onProgress: (report: Partial<DrainReport>) => void (progress.drain = { ...progress.drain, ...report }),
  });
  try {
    if (cancelledDuring !== undefined) {
      forensics = { status: 'skipped', skippedBecause: 'the run was cancelled' };
    } else if (returningToWarmPool) {
      forensics = { status: 'skipped', skippedBecause: 'going back into the warm pool, not terminating' };
      progress.phase = 'draining';
      // It comes back: flush its logs, keep its agents and its monitoring host.
      drain = await runDrain(drainRun({ ...settings.drain, commands: WARM_POOL_DRAIN_COMMANDS, monitoring: { kind: 'none' } }));
    } else {
      progress.phase = 'deciding';
      decision = await decide(ref, settings);
      progress.decision = decision;
      upsertMemo({ decision: `${decision.kind}/${decision.reason}` });
      log.info('termination decided', { instanceId: ref.instanceId, decision: decision.kind, reason: decision.reason });

      const imageWanted = decision.kind === 'unexpected' && settings.forensics?.enabled !== false;
      if (decision.kind === 'planned') {
        forensics = { status: 'skipped', skippedBecause: `planned termination (${decision.reason})` };
      } else if (!imageWanted) {
        forensics = { status: 'skipped', skippedBecause: 'forensics disabled for this fleet' };
      }
      const forensicsRun: ForensicsRun | undefined = imageWanted
        ? {
            ref,
            fleetName: settings.fleetName,
            decision,
            settings: settings.forensics ?? {},
            notifications: settings.notifications,
            observed,
            onProgress: (report) => void (progress.forensics = report),
          }
        : undefined;
      if (forensicsRun && patched(PATCHES.drainBesideImageWait)) {
        // The image's point in time is fixed when CreateImage returns: the drain need not wait
        // for `available`, which can take hours and let the action expire first.
        progress.phase = 'forensics';
        const created = await startForensicImage(forensicsRun);
        progress.forensics = created;
        upsertMemo({ imageId: created.imageId ?? null });
        progress.phase = 'draining';
        const globalDeadline = actionStartMs(input.actionStartedAt, workflowStartMs) + (hook.globalTimeoutSeconds ?? Infinity) * 1000;
        [forensics, drain] = await Promise.all([
          created.status === 'waiting'
            ? waitForForensicImage({ ...forensicsRun, waitNoLaterThanMs: globalDeadline - GLOBAL_TIMEOUT_MARGIN_MS }, created)
            : Promise.resolve(created),
          runDrain(drainRun(settings.drain)),
        ]);
        progress.drain = drain;
      } else {
        if (forensicsRun) {
          progress.phase = 'forensics';
          forensics = await runForensics(forensicsRun);
          upsertMemo({ imageId: forensics.imageId ?? null });
        }
        progress.forensics = forensics;
        progress.phase = 'draining';
        drain = await runDrain(drainRun(settings.drain));
        progress.drain = drain;
      }
      progress.forensics = forensics;
    }
  } catch (err) {
    if (isCancellation(err)) {
      noteCancellation(err);
      if (progress.forensics) forensics = { ...progress.forensics, status: progress.forensics.imageId ? progress.forensics.status : 'skipped' };
    } else {
      // Not expected (every step reports its own failures), but the action must still be completed.
      failure = err;
      log.error('terminate work failed', { error: failureMessage(err) });
    }
  }
  const stats = await CancellationScope.nonCancellable(() => beating.stop());

  progress.phase = 'completing';
  let completion: LifecycleCallOutcome | undefined;
  if (!observed.observing) {
    // Completion must happen even when the workflow was cancelled.
    completion = await CancellationScope.nonCancellable(() => completeLifecycleAction(ref, 'CONTINUE', 'terminate'));
  } else if (cancelledDuring === undefined) {
    // A cancelled observing run stops where it is: its record ends with what it had decided.
    // The detail is the result alone, as `observe report` reads it; the reason is the decision.
    observed.record({ call: 'CompleteLifecycleAction', target: ref.instanceId, detail: 'CONTINUE' });
  }
  if (failure !== undefined) throw failure;
  const result = finish(ref, observed, {
    outcome: observed.observing ? 'observed' : completion !== 'action-not-found' && !stats.actionGone ? 'completed' : 'action-gone',
    decision,
    hook,
    forensics,
    drain,
    heartbeats: stats,
    ...(cancelledDuring ? { cancelledDuring } : {}),
    ...(returningToWarmPool ? { returningToWarmPool } : {}),
    ...(forensics.cutShortByGlobalTimeout ? { cutShortByGlobalTimeout: true } : {}),
  }, releasedElsewhere);
  progress.phase = 'done';
  return result;
}

async function decide(ref: LifecycleActionRef, settings: TerminateSettings): Promise<TerminationDecision> {
  const fleetName = settings.fleetName;
  const errors: string[] = [];
  const [fleet, autoScalingGroup, scalingActivity] = await Promise.all([
    askFleet(fleetName).catch((err): FleetEvidence => {
      rethrowCancellation(err);
      return { status: 'unavailable', error: failureMessage(err) };
    }),
    describeAutoScalingGroupStatus(ref).catch((err): AutoScalingGroupEvidence | undefined => {
      rethrowCancellation(err);
      errors.push(`DescribeAutoScalingGroups: ${failureMessage(err)}`);
      return undefined;
    }),
    describeTerminationActivity(ref).catch((err): ScalingActivityEvidence | undefined => {
      rethrowCancellation(err);
      errors.push(`DescribeScalingActivities: ${failureMessage(err)}`);
      return undefined;
    }),
  ]);
  const causePolicy = patched(PATCHES.causePolicy) ? { ...DEFAULT_CAUSE_POLICY, ...settings.causes } : undefined;
  return decideTermination({ autoScalingGroupName: ref.autoScalingGroupName, fleet, autoScalingGroup, scalingActivity, errors, causePolicy });
}

function finish(
  ref: LifecycleActionRef,
  observed: ObservedWrites,
  parts: Omit<TerminateResult, 'instanceId' | 'autoScalingGroupName' | 'summary' | 'heartbeats' | 'mode' | 'observed'> & { heartbeats: HeartbeatStats },
  /** Observe mode: how the action stood when the run found it already released by the system that acts. */
  releasedElsewhere?: string,
): TerminateResult {
  const sentences: string[] = [];
  if (observed.observing) sentences.push(`Observe mode: nothing was sent to AWS; ${observed.wouldHave.length} write(s) recorded instead.`);
  if (releasedElsewhere) sentences.push(`When this run started ${releasedElsewhere}.`);
  if (parts.cancelledDuring) sentences.push(`Cancelled while ${parts.cancelledDuring}: the remaining steps were skipped.`);
  if (parts.returningToWarmPool) sentences.push('Going back into the warm pool: not a termination.');
  if (parts.decision) sentences.push(`${parts.decision.kind === 'planned' ? 'Planned' : 'Unexpected'} termination: ${parts.decision.explanation}.`);
  if (parts.forensics.status === 'skipped') {
    sentences.push(`No forensic image (${parts.forensics.skippedBecause ?? 'skipped'}).`);
  } else {
    sentences.push(`Forensic image ${parts.forensics.imageId ?? '(none)'}: ${parts.forensics.status}${parts.forensics.error ? ` (${parts.forensics.error})` : ''}.`);
  }
  sentences.push(
    `Drain ${parts.drain.status}: command ${parts.drain.command.status}, monitoring ${parts.drain.monitoring.status}.`,
  );
  if (!parts.hook.ok) sentences.push(`Hook: ${parts.hook.message}.`);
  sentences.push(outcomeSentence(parts.outcome, parts.cancelledDuring !== undefined));
  upsertMemo({ outcome: parts.outcome });
  return {
    ...parts,
    instanceId: ref.instanceId,
    autoScalingGroupName: ref.autoScalingGroupName,
    summary: sentences.join(' '),
    ...observed.resultFields(),
  };
}

function outcomeSentence(outcome: TerminateResult['outcome'], cancelled: boolean): string {
  switch (outcome) {
    case 'completed':
      return 'Lifecycle action completed with CONTINUE.';
    case 'action-unproven':
      return 'Nothing proved this lifecycle action exists, so nothing was touched and nothing was completed.';
    case 'action-gone':
      return 'The lifecycle action was already gone (completed, abandoned or expired).';
    case 'observed':
      return cancelled ? 'The lifecycle action was left to the system that acts; no completion recorded.' : 'CompleteLifecycleAction CONTINUE recorded, not sent.';
  }
}
