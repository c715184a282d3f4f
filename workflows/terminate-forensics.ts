import { log, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { ForensicsActivities } from '../activities/forensics';
import type { LifecycleActionRef } from '../common/lifecycle';
import type { Notification, NotificationTargets } from '../common/notifications';
import type { ForensicsReport, ForensicsSettings, TerminationDecision } from '../common/terminate';
import { TERMINATE_SETTINGS } from '../common/settings/terminate';
import { withSummaries } from './activity-summaries';
import { failureMessage, rethrowCancellation } from './failures';
import { countOutcome } from './metrics';
import { notifyOrRecord } from './notify';
import type { ObservedWrites } from './observe';

export const DEFAULT_IMAGE_TIMEOUT_MINUTES: number = TERMINATE_SETTINGS.forensics.imageTimeoutMinutes.default;
export const DEFAULT_IMAGE_POLL_INTERVAL_SECONDS: number = TERMINATE_SETTINGS.forensics.imagePollIntervalSeconds.default;

// CreateImage is guarded by its tag, so retrying it is safe; a short retry covers a lost answer.
const { createForensicImage } = withSummaries(
  proxyActivities<ForensicsActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
  }),
  { createForensicImage: (req) => `CreateImage ${req.instanceId} NoReboot=${req.noReboot}` },
);

const { describeForensicImage } = proxyActivities<ForensicsActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

const TERMINAL_FAILURE = new Set(['failed', 'invalid', 'error', 'deregistered', 'disabled']);

/** AMI names allow letters, digits, spaces and ( ) [ ] . / - ' @ _ ; at most 128 characters. */
export function forensicImageName(workflowId: string): string {
  return `forensics/${workflowId}`.replace(/[^A-Za-z0-9()[\] ./\-'@_]/g, '_').slice(0, 128);
}

export interface ForensicsRun {
  ref: LifecycleActionRef;
  fleetName: string;
  decision: TerminationDecision;
  settings: ForensicsSettings;
  notifications?: NotificationTargets;
  /** Workflow time by which the wait must end whatever imageTimeoutMinutes says (the hook's global timeout). */
  waitNoLaterThanMs?: number;
  /** Acting: the image is created and people are told; observing: both are only recorded. */
  observed: ObservedWrites;
  onProgress(report: ForensicsReport): void;
}

function notificationFields(run: ForensicsRun) {
  const cause = run.decision.evidence.scalingActivity?.cause ?? 'unknown';
  return { instance: run.ref.instanceId, asg: run.ref.autoScalingGroupName, cause, decision: run.decision.reason };
}

/** Sends the notification; observing, records it once, against the instance, with the channels it would have gone to. */
async function tell(run: ForensicsRun, notification: Notification): Promise<void> {
  await notifyOrRecord(run.notifications, notification, run.observed, (names) => ({
    target: run.ref.instanceId,
    detail: `${notification.title} (${names.map((name) => (name === 'slack' ? 'Slack' : 'SNS')).join(', ')})`,
  }));
}

/** Creates the forensic image once and waits on durable timers until it is available, failed or too slow. */
export async function runForensics(run: ForensicsRun): Promise<ForensicsReport> {
  const started = await startForensicImage(run);
  return started.status === 'waiting' ? waitForForensicImage(run, started) : started;
}

/**
 * CreateImage fixes the image's point in time when it returns: what follows (the drain) no
 * longer changes what the image holds. Returns 'waiting' with the image id, or 'error'.
 */
export async function startForensicImage(run: ForensicsRun): Promise<ForensicsReport> {
  const { ref, decision } = run;
  const workflowId = workflowInfo().workflowId;
  const name = forensicImageName(workflowId);
  const fields = notificationFields(run);
  const cause = fields.cause;

  const noReboot = run.settings.noReboot ?? true;
  if (run.observed.observing) {
    run.observed.record({
      call: 'CreateImage',
      target: ref.instanceId,
      detail: `${name}, NoReboot=${noReboot}: ${decision.kind}/${decision.reason}, ${cause}`,
    });
    await tell(run, { title: `Forensics started: ${ref.instanceId}`, outcome: 'warning', fields, text: decision.explanation });
    return { status: 'skipped', skippedBecause: 'observe mode: CreateImage recorded, not sent', imageName: name };
  }

  let report: ForensicsReport;
  try {
    const image = await createForensicImage({
      region: ref.region,
      instanceId: ref.instanceId,
      workflowId,
      name,
      noReboot,
      description: `Forensic image of ${ref.instanceId} (${ref.autoScalingGroupName}): unexpected termination, ${cause}`,
      tags: {
        'fleet-workflows:instance-id': ref.instanceId,
        'fleet-workflows:asg': ref.autoScalingGroupName,
        'fleet-workflows:fleet': run.fleetName,
        'fleet-workflows:cause': cause,
        'fleet-workflows:decision': `${decision.kind}/${decision.reason}`,
        'fleet-workflows:explanation': decision.explanation,
      },
    });
    report = { status: 'waiting', imageId: image.imageId, imageName: image.name, reused: image.reused };
  } catch (err) {
    rethrowCancellation(err);
    report = { status: 'error', imageName: name, error: `CreateImage: ${failureMessage(err)}` };
    countOutcome({ action: 'forensic_image', outcome: 'failed' });
    log.error('forensic image not created', { instanceId: ref.instanceId, error: report.error });
    await tell(run, {
      title: `Forensics failed: ${ref.instanceId}`,
      outcome: 'failure',
      fields: { ...fields, error: report.error },
    });
    return report;
  }

  await tell(run, {
    title: `Forensics started: ${ref.instanceId}`,
    outcome: 'warning',
    fields: { ...fields, ami: report.imageId },
    text: decision.explanation,
  });
  run.onProgress({ ...report, status: 'waiting' });
  return report;
}

/** Waits on durable timers for a created image to become available, fail or run out of time. */
export async function waitForForensicImage(run: ForensicsRun, created: ForensicsReport): Promise<ForensicsReport> {
  const { ref } = run;
  const fields = notificationFields(run);
  let report = created;
  const started = Date.now();
  const ownDeadline = started + (run.settings.imageTimeoutMinutes ?? DEFAULT_IMAGE_TIMEOUT_MINUTES) * 60_000;
  const deadline = Math.min(ownDeadline, run.waitNoLaterThanMs ?? Infinity);
  const pollMs = (run.settings.imagePollIntervalSeconds ?? DEFAULT_IMAGE_POLL_INTERVAL_SECONDS) * 1000;
  let lastState = 'pending';
  for (;;) {
    try {
      const state = await describeForensicImage({ region: ref.region, imageId: report.imageId! });
      lastState = state.state;
      if (state.state === 'available') {
        report = { ...report, status: 'available' };
        break;
      }
      if (TERMINAL_FAILURE.has(state.state)) {
        report = { ...report, status: 'failed', stateReason: state.stateReason ?? state.state };
        break;
      }
    } catch (err) {
      rethrowCancellation(err);
      // Keep waiting: the deadline bounds it, and one failed look says nothing about the image.
      log.warn('DescribeImages failed while waiting', { error: failureMessage(err) });
    }
    if (Date.now() >= deadline) {
      const cutShort = deadline < ownDeadline;
      report = {
        ...report,
        status: 'timed-out',
        stateReason: cutShort ? `still ${lastState} when the hook's global timeout came near` : `still ${lastState}`,
        ...(cutShort ? { cutShortByGlobalTimeout: true } : {}),
      };
      break;
    }
    await sleep(Math.min(pollMs, Math.max(1000, deadline - Date.now())));
  }
  report.waitedSeconds = Math.round((Date.now() - started) / 1000);
  countOutcome({ action: 'forensic_image', outcome: report.status === 'available' ? 'created' : 'failed' });

  await tell(run, {
    title: `Forensics ended: ${ref.instanceId} image ${report.status}`,
    outcome: report.status === 'available' ? 'success' : 'failure',
    fields: { ...fields, ami: report.imageId, state: report.status, waitedSeconds: report.waitedSeconds, reason: report.stateReason },
  });
  return report;
}
