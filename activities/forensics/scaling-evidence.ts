import { DescribeAutoScalingGroupsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import type { LifecycleActionRef } from '../../common/lifecycle';
import type { AutoScalingGroupEvidence, ScalingActivityEvidence } from '../../common/terminate';
import type { AwsClientsForRegion } from '../aws-clients';
import { rethrowClassified } from '../aws-errors';
import { classifyScalingCause } from './scaling-cause';

const MAX_TEXT = 500;

/** AWS's own word on a termination: is the group going away, and why was this instance taken out? */
export function createScalingEvidenceActivities(clientsFor: AwsClientsForRegion) {
  return {
    async describeAutoScalingGroupStatus(
      ref: Pick<LifecycleActionRef, 'region' | 'autoScalingGroupName'>,
    ): Promise<AutoScalingGroupEvidence> {
      try {
        const out = await clientsFor(ref.region).autoScaling.send(
          new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [ref.autoScalingGroupName] }),
        );
        const group = out.AutoScalingGroups?.[0];
        return group ? { exists: true, status: group.Status } : { exists: false };
      } catch (err) {
        return rethrowClassified(err, 'DescribeAutoScalingGroups');
      }
    },

    /** The scaling activity terminating this instance (newest first; one page is plenty for a pending action). */
    async describeTerminationActivity(
      ref: Pick<LifecycleActionRef, 'region' | 'autoScalingGroupName' | 'instanceId'>,
    ): Promise<ScalingActivityEvidence> {
      try {
        const out = await clientsFor(ref.region).autoScaling.send(
          new DescribeScalingActivitiesCommand({ AutoScalingGroupName: ref.autoScalingGroupName, MaxRecords: 100 }),
        );
        const activity = (out.Activities ?? []).find(
          (a) => a.Description?.includes(ref.instanceId) && /terminat/i.test(a.Description),
        );
        if (!activity) return { cause: 'unknown' };
        return {
          activityId: activity.ActivityId,
          cause: classifyScalingCause(activity.Cause),
          text: activity.Cause?.slice(0, MAX_TEXT),
          description: activity.Description?.slice(0, MAX_TEXT),
          statusCode: activity.StatusCode,
        };
      } catch (err) {
        return rethrowClassified(err, 'DescribeScalingActivities');
      }
    },
  };
}
