import type { LaunchTemplateVersions } from '../activities/golden-image/launch-template-versions';
import type { DefaultImage } from '../common/golden-image';
import { goldenImageActivities as act } from './golden-image-activities';

/** True when EC2 dates both images and `current` was created after `candidate`. */
export function isNewerImage(current: string | undefined, candidate: string | undefined): boolean {
  const currentAt = current === undefined ? Number.NaN : Date.parse(current);
  const candidateAt = candidate === undefined ? Number.NaN : Date.parse(candidate);
  return !Number.isNaN(currentAt) && !Number.isNaN(candidateAt) && currentAt > candidateAt;
}

/**
 * The template's default image when it was created after the candidate: rolling the candidate
 * out would put an older image back (two backups for one template, the older one available
 * later). When either date is unknown (a deregistered default, say), the candidate goes ahead.
 */
export async function newerDefaultImage(
  region: string,
  versions: LaunchTemplateVersions,
  candidate: { imageId: string; creationDate?: string },
): Promise<DefaultImage | undefined> {
  const current = versions.versions.find((v) => v.versionNumber === versions.defaultVersion);
  if (!current?.imageId || current.imageId === candidate.imageId || !candidate.creationDate) return undefined;
  const image = await act.describeImageState(region, current.imageId);
  if (!image.creationDate || !isNewerImage(image.creationDate, candidate.creationDate)) return undefined;
  return { version: current.versionNumber, imageId: current.imageId, creationDate: image.creationDate };
}
