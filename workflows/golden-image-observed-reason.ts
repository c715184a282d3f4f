import type { GoldenImageDecision } from '../common/golden-image';

/** The operator's sentence for an observing run that reached a decision: what it would have changed, and that it changed nothing. */
export function observedDecisionReason(decision: GoldenImageDecision, refreshGroups: number): string {
  const { launchTemplateId, imageId, defaultVersion, defaultVersionBefore, deleteVersions } = decision;
  const parts = [
    decision.newVersion
      ? `would create version ${defaultVersion} of ${launchTemplateId} with ${imageId}`
      : `$Latest (version ${defaultVersion}) of ${launchTemplateId} already uses ${imageId}`,
    defaultVersionBefore === defaultVersion ? `version ${defaultVersion} is already the default` : `would make version ${defaultVersion} the default instead of ${defaultVersionBefore ?? 'none'}`,
  ];
  if (deleteVersions.length > 0) parts.push(`would delete old version(s) ${deleteVersions.join(', ')}`);
  if (refreshGroups > 0) parts.push(`would refresh ${refreshGroups} group(s)`);
  return `observe mode: ${parts.join('; ')}; nothing was sent`;
}
