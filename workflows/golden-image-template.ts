import type { TemplateReference } from '../activities/golden-image/auto-scaling-groups';
import type { DefaultImage, GoldenImageProgress, GoldenImageResult, GoldenImageSettings, PruneReport } from '../common/golden-image';
import { GOLDEN_IMAGE_SETTINGS } from '../common/settings/golden-image';
import { goldenImageActivities as act } from './golden-image-activities';
import { newerDefaultImage } from './golden-image-ordering';
import { chunk, planPruning } from './golden-image-pruning';
import { countOutcome } from './metrics';
import type { ObservedWrites } from './observe';

const DEFAULT_KEEP_VERSIONS: number = GOLDEN_IMAGE_SETTINGS.keepVersions.default;
const DEFAULT_VERSION_DESCRIPTION: string = GOLDEN_IMAGE_SETTINGS.versionDescription.default;
/** The only batch size DeleteLaunchTemplateVersions accepts. */
const MAX_VERSIONS_PER_DELETE = 200;

export interface TemplateRollout {
  region: string;
  launchTemplateId: string;
  imageId: string;
  /** The candidate's CreationDate, from the look that found it available. */
  imageCreationDate?: string;
  settings: GoldenImageSettings;
  /** Leave the template alone when its default image is newer (runs started before this check did not). */
  keepNewerDefault: boolean;
  /** Sends the template's writes, or in observe mode records them. */
  writes: ObservedWrites;
}

export interface TemplateUpdate {
  /** Set when the default's image is newer: nothing was changed. */
  newerDefault?: DefaultImage;
  references: TemplateReference[];
}

/**
 * Adds a version with the image (once), makes it the default and prunes old versions, filling
 * in `result` and `progress` as it goes; `atStep` names the AWS call a failure came from.
 */
export async function rollIntoTemplate(
  rollout: TemplateRollout,
  result: GoldenImageResult,
  progress: GoldenImageProgress,
  atStep: (step: string) => void,
): Promise<TemplateUpdate> {
  const { region, launchTemplateId, imageId, settings, writes } = rollout;
  progress.phase = 'updating-template';
  atStep('DescribeLaunchTemplateVersions');
  const before = await act.describeLaunchTemplateVersions(region, launchTemplateId);
  if (rollout.keepNewerDefault) {
    atStep('DescribeImages');
    const newerDefault = await newerDefaultImage(region, before, { imageId, creationDate: rollout.imageCreationDate });
    if (newerDefault) return { newerDefault, references: [] };
  }

  const latest = before.versions[0];
  const newVersion = !(latest && latest.imageId === imageId);
  let version: number;
  if (!newVersion) {
    version = latest.versionNumber;
  } else {
    atStep('CreateLaunchTemplateVersion');
    const versionDescription = settings.versionDescription ?? DEFAULT_VERSION_DESCRIPTION;
    // EC2 numbers a new version one past the newest; only a deleted newest version would make it higher.
    const nextVersion = before.latestVersion + 1;
    const created = await writes.write(
      { call: 'CreateLaunchTemplateVersion', target: launchTemplateId, detail: `version ${nextVersion} from $Latest with ${imageId}` },
      () => act.createLaunchTemplateVersion(region, launchTemplateId, imageId, versionDescription),
      { versionNumber: nextVersion, warnings: [] },
    );
    version = created.versionNumber;
    if (!writes.observing) {
      result.createdVersion = true;
      countOutcome({ action: 'launch_template_version', outcome: 'created' });
    }
    if (created.warnings.length > 0) result.warnings = created.warnings;
  }
  // An observing run reports only versions that exist and defaults it set; what it would have done is its decision.
  if (!newVersion || !writes.observing) result.launchTemplateVersion = progress.launchTemplateVersion = version;
  if (before.defaultVersion !== version) {
    atStep('ModifyLaunchTemplate');
    await writes.write(
      {
        call: 'ModifyLaunchTemplate',
        target: launchTemplateId,
        detail: `version ${version} (${imageId}) as default, instead of ${before.defaultVersion ?? 'none'}`,
      },
      () => act.setDefaultLaunchTemplateVersion(region, launchTemplateId, version),
      undefined,
    );
  }
  if (!writes.observing) result.defaultVersion = version;

  progress.phase = 'pruning';
  atStep('DescribeAutoScalingGroups');
  const references = await act.findAutoScalingGroupsUsingTemplate(region, launchTemplateId, before.launchTemplateName);
  const allVersions = [...new Set([version, ...before.versions.map((v) => v.versionNumber)])];
  const keepVersions = settings.keepVersions ?? DEFAULT_KEEP_VERSIONS;
  const plan = planPruning(allVersions, keepVersions, version, references);
  const pruning: PruneReport = { keepVersions, kept: plan.kept, protected: plan.protected, deleted: [], errors: [] };
  atStep('DeleteLaunchTemplateVersions');
  for (const batch of chunk(plan.toDelete, MAX_VERSIONS_PER_DELETE)) {
    const outcome = await writes.write(
      { call: 'DeleteLaunchTemplateVersions', target: launchTemplateId, detail: `delete versions ${batch.join(',')}` },
      () => act.deleteLaunchTemplateVersions(region, launchTemplateId, batch),
      { deleted: [], errors: [] },
    );
    pruning.deleted.push(...outcome.deleted);
    pruning.errors.push(...outcome.errors);
    if (outcome.deleted.length > 0) countOutcome({ action: 'launch_template_version', outcome: 'pruned' }, outcome.deleted.length);
    if (outcome.errors.length > 0) countOutcome({ action: 'launch_template_version', outcome: 'prune_failed' }, outcome.errors.length);
  }
  result.pruning = pruning;
  if (writes.observing) {
    result.decision = {
      launchTemplateId,
      imageId,
      newVersion,
      defaultVersion: version,
      defaultVersionBefore: before.defaultVersion,
      deleteVersions: plan.toDelete,
    };
  }
  return { references };
}
