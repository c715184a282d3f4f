import { defineQuery, log, patched, setHandler, sleep, upsertMemo, workflowInfo } from '@temporalio/workflow';
import {
  DEFAULT_BACKUP_MARKER,
  GOLDEN_IMAGE_PROGRESS_QUERY,
  GOLDEN_IMAGE_QUERIES,
  hasBackupMarker,
  type GoldenImageInput,
  type GoldenImageOutcome,
  type GoldenImageProgress,
  type GoldenImageResult,
  type ImageStateReport,
} from '../common/golden-image';
import { GOLDEN_IMAGE_SETTINGS } from '../common/settings/golden-image';
import { goldenImageActivities as act } from './golden-image-activities';
import { asWorkflowFailure } from './golden-image-failures';
import {
  LAUNCH_TEMPLATE_LOCK_WAIT_SECONDS,
  acquireLaunchTemplateLock,
  releaseLaunchTemplateLock,
  type LaunchTemplateLock,
} from './golden-image-lock';
import { notifyGoldenImageOutcome } from './golden-image-notification';
import { observedDecisionReason } from './golden-image-observed-reason';
import { refreshInstances } from './golden-image-refresh';
import { recordInstanceRefreshes } from './golden-image-refresh-observed';
import { imageSourceMismatch } from './golden-image-source-check';
import { rollIntoTemplate, type TemplateUpdate } from './golden-image-template';
import { validateGoldenImageInput } from './golden-image-validation';
import { ObservedWrites } from './observe';

// The lock workflow is started as a child, so the worker must register it with the rollout.
export { launchTemplateLockWorkflow } from './golden-image-lock';

/** `progress` is the name every workflow answers; `goldenImageProgress` keeps working for existing clients. */
export const goldenImageProgressQuery = defineQuery<GoldenImageProgress>(GOLDEN_IMAGE_QUERIES.progress);
export const legacyGoldenImageProgressQuery = defineQuery<GoldenImageProgress>(GOLDEN_IMAGE_PROGRESS_QUERY);

const DEFAULT_IMAGE_TIMEOUT_MINUTES: number = GOLDEN_IMAGE_SETTINGS.imageTimeoutMinutes.default;
const DEFAULT_IMAGE_POLL_SECONDS: number = GOLDEN_IMAGE_SETTINGS.imagePollIntervalSeconds.default;
const SERIALIZED_ROLLOUTS_PATCH = 'golden-image-serialized-rollouts';

const IMAGE_END_STATES: Partial<Record<ImageStateReport['state'], GoldenImageOutcome>> = {
  failed: 'image-failed',
  error: 'image-failed',
  invalid: 'image-failed',
  disabled: 'image-failed',
  deregistered: 'image-deregistered',
};

/**
 * Rolls a DLM backup AMI into the fleet's launch template: waits for the AMI to be
 * `available`, adds a template version with it (once), makes it the default, prunes old
 * versions, and optionally refreshes the groups that follow the template. In observe mode it
 * reads and decides the same, and records each of those writes instead of sending it.
 */
export async function goldenImageWorkflow(input: GoldenImageInput): Promise<GoldenImageResult> {
  const progress: GoldenImageProgress = { phase: 'starting', imageChecks: 0 };
  setHandler(goldenImageProgressQuery, () => progress);
  setHandler(legacyGoldenImageProgressQuery, () => progress);
  validateGoldenImageInput(input);

  const { region, imageId, settings } = input;
  const writes = new ObservedWrites(settings.mode);
  const result: GoldenImageResult = { outcome: 'rolled-out', reason: '', region, imageId, imageChecks: 0, createdVersion: false };
  const finish = async (outcome: GoldenImageOutcome, reason: string): Promise<GoldenImageResult> => {
    progress.phase = 'done';
    Object.assign(result, { outcome, reason, imageChecks: progress.imageChecks });
    // Shown by `temporal workflow describe` and the Web UI's run list without opening the result.
    upsertMemo({
      outcome,
      ...(result.launchTemplateId ? { launchTemplateId: result.launchTemplateId } : {}),
      ...(result.launchTemplateVersion !== undefined ? { launchTemplateVersion: result.launchTemplateVersion } : {}),
    });
    log.info('golden image run finished', { imageId, region, outcome });
    if (settings.notifications) await notifyGoldenImageOutcome(settings.notifications, result, writes);
    Object.assign(result, writes.resultFields());
    return result;
  };

  const marker = settings.marker ?? DEFAULT_BACKUP_MARKER;
  if (!hasBackupMarker(input.description, marker)) {
    return finish('skipped-no-marker', `the image description does not contain the marker "${marker}": not a backup image`);
  }

  let step = 'DescribeImages';
  try {
    // 1. The original updated the template while the AMI could still be pending.
    progress.phase = 'waiting-for-image';
    const image = await waitForImage(region, imageId, settings.imageTimeoutMinutes, settings.imagePollIntervalSeconds, progress);
    result.imageState = image.state;
    if (image.state !== 'available') {
      const outcome: GoldenImageOutcome =
        image.state === 'missing' ? 'image-missing' : image.state === 'pending' || image.state === 'transient' ? 'image-timeout' : (IMAGE_END_STATES[image.state] ?? 'image-failed');
      const reason =
        outcome === 'image-timeout'
          ? `the image was still ${image.state} after ${settings.imageTimeoutMinutes ?? DEFAULT_IMAGE_TIMEOUT_MINUTES} minutes`
          : outcome === 'image-missing'
            ? 'the image does not exist (deregistered or never created)'
            : `the image is ${image.state}${image.reason ? `: ${image.reason}` : ''}`;
      return finish(outcome, `${reason}; the launch template was not changed`);
    }

    // The bridge chose this fleet from the image's source group: EC2 is asked again before any template is read.
    step = 'DescribeImages and DescribeInstances (image source)';
    const notThisFleet = await imageSourceMismatch(region, imageId, input.source);
    if (notThisFleet) return finish('skipped-other-fleet', `${notThisFleet}; the launch template was not changed`);

    // 2.
    progress.phase = 'reading-parameter';
    step = 'GetParameter';
    const launchTemplateId = await act.readLaunchTemplateId(region, settings.launchTemplateIdParameter);
    result.launchTemplateId = progress.launchTemplateId = launchTemplateId;

    // 3. to 5. Two backups of one template could race, and the older image, available later,
    // became the default. Rollouts of a template now take turns, and the one holding the turn
    // leaves a newer default alone. Runs started before this read and wrote unserialized.
    const serialized = patched(SERIALIZED_ROLLOUTS_PATCH);
    let lock: LaunchTemplateLock | undefined;
    // An observing run changes nothing, so it needs no turn, and holding one would hold up a rollout that acts.
    if (serialized && !writes.observing) {
      lock = await acquireLaunchTemplateLock(region, launchTemplateId, workflowInfo().workflowId, () => {
        progress.phase = 'waiting-for-other-rollout';
      });
      if (!lock) {
        const minutes = LAUNCH_TEMPLATE_LOCK_WAIT_SECONDS / 60;
        return finish('template-busy', `another rollout held launch template ${launchTemplateId} for ${minutes} minutes; the launch template was not changed`);
      }
    }
    let update: TemplateUpdate;
    try {
      update = await rollIntoTemplate(
        { region, launchTemplateId, imageId, imageCreationDate: image.creationDate, settings, keepNewerDefault: serialized, writes },
        result,
        progress,
        (name) => {
          step = name;
        },
      );
    } finally {
      if (lock) await releaseLaunchTemplateLock(lock);
    }
    const newer = update.newerDefault;
    if (newer) {
      result.newerDefault = newer;
      return finish(
        'skipped-older-image',
        `the default version ${newer.version} of ${launchTemplateId} uses ${newer.imageId}, created ${newer.creationDate}, after this image (${image.creationDate}); the launch template was not changed`,
      );
    }
    const references = update.references;

    // 6. Only groups that follow the template pick the new AMI up; refreshing a pinned one would change nothing.
    if (settings.instanceRefresh?.enabled) {
      progress.phase = 'refreshing-instances';
      step = 'StartInstanceRefresh';
      const following = [...new Set(references.filter((r) => !/^\d+$/.test(r.version) && r.via !== 'override').map((r) => r.autoScalingGroupName))];
      result.instanceRefreshes = writes.observing
        ? recordInstanceRefreshes(following, settings.instanceRefresh, writes)
        : await refreshInstances(region, following, settings.instanceRefresh, (reports) => {
            progress.instanceRefreshes = reports;
          });
    }
  } catch (err) {
    throw asWorkflowFailure(err, step);
  }

  if (result.decision) return finish(result.decision.newVersion ? 'rolled-out' : 'already-current', observedDecisionReason(result.decision, result.instanceRefreshes?.length ?? 0));
  const pruned = result.pruning;
  const pruneSummary = pruned
    ? `; pruned ${pruned.deleted.length} old version(s)${pruned.errors.length > 0 ? `, ${pruned.errors.length} could not be deleted` : ''}`
    : '';
  if (result.createdVersion) {
    return finish('rolled-out', `version ${result.launchTemplateVersion} of ${result.launchTemplateId} uses ${imageId} and is the default${pruneSummary}`);
  }
  return finish('already-current', `$Latest (version ${result.launchTemplateVersion}) already used ${imageId}: no new version created${pruneSummary}`);
}

/** Polls with durable timers until the image leaves `pending`, the wait times out, or it is gone twice in a row. */
async function waitForImage(
  region: string,
  imageId: string,
  timeoutMinutes = DEFAULT_IMAGE_TIMEOUT_MINUTES,
  pollSeconds = DEFAULT_IMAGE_POLL_SECONDS,
  progress: GoldenImageProgress,
): Promise<ImageStateReport> {
  // Counted in polls rather than clock readings, so the number of checks is exact and replay-stable.
  const maxWaits = Math.ceil((timeoutMinutes * 60) / pollSeconds);
  let waits = 0;
  let missingInARow = 0;
  for (;;) {
    const image = await act.describeImageState(region, imageId);
    progress.imageChecks += 1;
    progress.imageState = image.state;
    if (image.state === 'available') return image;
    if (image.state === 'missing') {
      // A just-created image can be briefly invisible to DescribeImages; twice means gone.
      missingInARow += 1;
      if (missingInARow >= 2) return image;
    } else if (image.state !== 'pending' && image.state !== 'transient') {
      return image;
    } else {
      missingInARow = 0;
    }
    if (waits >= maxWaits) return image;
    waits += 1;
    await sleep(pollSeconds * 1000);
  }
}
