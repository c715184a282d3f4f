import { proxyActivities } from '@temporalio/workflow';
import type { GoldenImageActivities } from '../activities/golden-image';
import { withSummaries } from './activity-summaries';

// Each call is one short AWS conversation; transient errors (throttling, 5xx) back off up to a
// few minutes, anything that can never work comes back non-retryable at once.
const activities = proxyActivities<GoldenImageActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Named by the AWS call each one makes, as the failures name their step. */
export const goldenImageActivities = withSummaries(activities, {
  describeImageState: (_region, imageId) => `DescribeImages ${imageId}`,
  readLaunchTemplateId: (_region, parameterName) => `GetParameter ${parameterName}`,
  describeLaunchTemplateVersions: (_region, launchTemplateId) => `DescribeLaunchTemplateVersions ${launchTemplateId}`,
  createLaunchTemplateVersion: (_region, launchTemplateId, imageId) => `CreateLaunchTemplateVersion ${launchTemplateId} ${imageId}`,
  setDefaultLaunchTemplateVersion: (_region, launchTemplateId, version) => `ModifyLaunchTemplate ${launchTemplateId} default ${version}`,
  deleteLaunchTemplateVersions: (_region, launchTemplateId, versions) =>
    `DeleteLaunchTemplateVersions ${launchTemplateId} ${versions.join(',')}`,
  findAutoScalingGroupsUsingTemplate: (_region, launchTemplateId) => `DescribeAutoScalingGroups using ${launchTemplateId}`,
  describeAutoScalingGroupLaunchSource: (_region, group) => `DescribeAutoScalingGroups ${group}`,
  pinAutoScalingGroupToLatest: (_region, group) => `UpdateAutoScalingGroup ${group} $Latest`,
  startInstanceRefresh: (_region, group) => `StartInstanceRefresh ${group}`,
  describeInstanceRefresh: (_region, group, refreshId) => `DescribeInstanceRefreshes ${group} ${refreshId}`,
});
