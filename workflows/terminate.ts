import {
  ApplicationFailure,
  CancellationScope,
  defineQuery,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';
import type { FleetActivities } from '../activities/fleet';
import type { ForensicsActivities } from '../activities/forensics';
import type { LifecycleActionActivities } from '../activities/lifecycle-actions';
import type { LifecycleActionRef, LifecycleCallOutcome } from '../common/lifecycle';
import {
  TERMINATE_QUERIES,
  type AutoScalingGroupEvidence,
  type DrainReport,
  type FleetEvidence,
  type ForensicsReport,
  type HookCheck,
  type ScalingActivityEvidence,
  type TerminateInput,
  type TerminateProgress,
  type TerminateResult,
  type TerminationDecision,
} from '../common/terminate';
import { decideTermination } from './terminate-decision';
import { runDrain } from './terminate-drain';
import { runForensics } from './terminate-forensics';
import { checkHook, recordLifecycleActionHeartbeat, startHookHeartbeats, type HeartbeatStats } from './terminate-hook';
import { actionProblems, settingsProblems } from './terminate-validate';

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
const { completeLifecycleAction } = proxyActivities<LifecycleActionActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

function failureMessage(err: unknown): string {
  const e = err as Error;
  return e.cause instanceof Error ? e.cause.message : e.message;
}

const skippedDrain: DrainReport = { status: 'skipped', command: { status: 'skipped' }, monitoring: { status: 'skipped' } };

/**
 * A terminating instance (EC2_INSTANCE_TERMINATING hook): decide whether the termination
 * was planned, keep a forensic image when it was not, drain the instance, then
 * CompleteLifecycleAction CONTINUE on every path while the action is kept alive.
 */
export async function terminateWorkflow(input: TerminateInput): Promise<TerminateResult> {
  const badAction = actionProblems(input?.action);
  if (badAction.length > 0) {
    throw ApplicationFailure.nonRetryable(`invalid terminate input: ${badAction.join('; ')}`, 'InvalidInput');
  }
  const ref: LifecycleActionRef = input.action;
  const badSettings = settingsProblems(input.settings);
  if (badSettings.length > 0) {
    // The action itself is fine: release the instance rather than hold it until the hook times out.
    await completeLifecycleAction(ref, 'CONTINUE').catch(() => undefined);
    throw ApplicationFailure.nonRetryable(`invalid terminate input: ${badSettings.join('; ')}`, 'InvalidInput');
  }
  const settings = input.settings;

  const progress: TerminateProgress = { phase: 'checking-hook', heartbeatsSent: 0 };
  const live: { heartbeats?: HeartbeatStats } = {};
  setHandler(terminateProgressQuery, () => ({ ...progress, heartbeatsSent: live.heartbeats?.sent ?? 0 }));
  upsertMemo({ instanceId: ref.instanceId, autoScalingGroupName: ref.autoScalingGroupName, fleet: settings.fleetName });

  // The first heartbeat proves the action is still pending before any evidence is gathered.
  const first = await recordLifecycleActionHeartbeat(ref).catch(() => 'done' as LifecycleCallOutcome);
  const hook: HookCheck = await checkHook(ref, settings);
  if (first === 'action-not-found') {
    return finish(ref, {
      outcome: 'action-gone',
      hook,
      forensics: { status: 'skipped', skippedBecause: 'the lifecycle action was already gone' },
      drain: skippedDrain,
      heartbeats: { sent: 0, failed: 0, actionGone: true },
    });
  }

  const beating = startHookHeartbeats(ref, hook.intervalSeconds);
  live.heartbeats = beating.stats;
  let decision: TerminationDecision | undefined;
  let forensics: ForensicsReport = { status: 'skipped' };
  let drain: DrainReport = skippedDrain;
  let failure: unknown;
  try {
    progress.phase = 'deciding';
    decision = await decide(ref, settings.fleetName);
    progress.decision = decision;
    upsertMemo({ decision: `${decision.kind}/${decision.reason}` });
    log.info('termination decided', { instanceId: ref.instanceId, decision: decision.kind, reason: decision.reason });

    if (decision.kind === 'planned') {
      forensics = { status: 'skipped', skippedBecause: `planned termination (${decision.reason})` };
    } else if (settings.forensics?.enabled === false) {
      forensics = { status: 'skipped', skippedBecause: 'forensics disabled for this fleet' };
    } else {
      progress.phase = 'forensics';
      forensics = await runForensics({
        ref,
        fleetName: settings.fleetName,
        decision,
        settings: settings.forensics ?? {},
        notifications: settings.notifications,
        onProgress: (report) => void (progress.forensics = report),
      });
      upsertMemo({ imageId: forensics.imageId ?? null });
    }
    progress.forensics = forensics;

    progress.phase = 'draining';
    drain = await runDrain({
      ref,
      settings: settings.drain ?? {},
      actionGone: () => beating.stats.actionGone,
      onProgress: (report) => void (progress.drain = { ...progress.drain, ...report }),
    });
    progress.drain = drain;
  } catch (err) {
    // Not expected (every step reports its own failures), but the action must still be completed.
    failure = err;
    log.error('terminate work failed', { error: failureMessage(err) });
  }
  const stats = await beating.stop();

  progress.phase = 'completing';
  // Completion must happen even when the workflow was cancelled.
  const completion = await CancellationScope.nonCancellable(() => completeLifecycleAction(ref, 'CONTINUE'));
  if (failure !== undefined) throw failure;
  const result = finish(ref, {
    outcome: completion === 'done' && !stats.actionGone ? 'completed' : 'action-gone',
    decision,
    hook,
    forensics,
    drain,
    heartbeats: stats,
  });
  progress.phase = 'done';
  return result;
}

async function decide(ref: LifecycleActionRef, fleetName: string): Promise<TerminationDecision> {
  const errors: string[] = [];
  const [fleet, autoScalingGroup, scalingActivity] = await Promise.all([
    askFleet(fleetName).catch((err): FleetEvidence => ({ status: 'unavailable', error: failureMessage(err) })),
    describeAutoScalingGroupStatus(ref).catch((err): AutoScalingGroupEvidence | undefined => {
      errors.push(`DescribeAutoScalingGroups: ${failureMessage(err)}`);
      return undefined;
    }),
    describeTerminationActivity(ref).catch((err): ScalingActivityEvidence | undefined => {
      errors.push(`DescribeScalingActivities: ${failureMessage(err)}`);
      return undefined;
    }),
  ]);
  return decideTermination({ autoScalingGroupName: ref.autoScalingGroupName, fleet, autoScalingGroup, scalingActivity, errors });
}

function finish(
  ref: LifecycleActionRef,
  parts: Omit<TerminateResult, 'instanceId' | 'autoScalingGroupName' | 'summary' | 'heartbeats'> & { heartbeats: HeartbeatStats },
): TerminateResult {
  const sentences: string[] = [];
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
  sentences.push(
    parts.outcome === 'completed'
      ? 'Lifecycle action completed with CONTINUE.'
      : 'The lifecycle action was already gone (completed, abandoned or expired).',
  );
  upsertMemo({ outcome: parts.outcome });
  return {
    ...parts,
    instanceId: ref.instanceId,
    autoScalingGroupName: ref.autoScalingGroupName,
    summary: sentences.join(' '),
  };
}
