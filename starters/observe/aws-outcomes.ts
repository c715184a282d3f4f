import { DescribeAutoScalingGroupsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../../activities/aws-clients';
import { DESCRIBE_SERVICES_BATCH } from '../../common/ecs-plan';

// Read-only lookups of what happened in the account; the report never writes.

export interface ScalingOutcome {
  /** Auto Scaling's StatusCode: Successful, Cancelled, Failed, InProgress, PreInService, MidLifecycleAction… */
  status: string;
  startTime?: string;
  endTime?: string;
  message?: string;
}

/** Auto Scaling keeps six weeks of activities; a busy group's launch may be pages back. */
const MAX_ACTIVITY_PAGES = 10;

/** The launch or termination activity of one instance in its group, or null when Auto Scaling lists none. */
export async function scalingOutcome(
  clients: AwsClients,
  autoScalingGroupName: string,
  instanceId: string,
  transition: 'launch' | 'terminate',
): Promise<ScalingOutcome | null> {
  const verb = transition === 'launch' ? /^Launching a new EC2 instance\b/ : /^Terminating EC2 instance\b/;
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_ACTIVITY_PAGES; page += 1) {
    const out = await clients.autoScaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: autoScalingGroupName, NextToken: nextToken }),
    );
    const activity = (out.Activities ?? []).find((a) => verb.test(a.Description ?? '') && (a.Description ?? '').endsWith(`: ${instanceId}`));
    if (activity) {
      return {
        status: activity.StatusCode ?? 'unknown',
        startTime: activity.StartTime?.toISOString(),
        endTime: activity.EndTime?.toISOString(),
        message: activity.StatusMessage,
      };
    }
    nextToken = out.NextToken;
    if (!nextToken) return null;
  }
  return null;
}

export interface ImageMade {
  imageId: string;
  creationDate: string;
  state?: string;
}

/** Images this account made from the instance (CreateImage) on or after `after`, oldest first. */
export async function imagesFrom(clients: AwsClients, instanceId: string, after: Date): Promise<ImageMade[]> {
  const out = await clients.ec2.send(
    new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'source-instance-id', Values: [instanceId] }] }),
  );
  return (out.Images ?? [])
    .filter((i) => i.SourceInstanceId === instanceId && i.ImageId && i.CreationDate && Date.parse(i.CreationDate) >= after.getTime())
    .map((i) => ({ imageId: i.ImageId!, creationDate: new Date(Date.parse(i.CreationDate!)).toISOString(), state: i.State }))
    .sort((a, b) => a.creationDate.localeCompare(b.creationDate));
}

export interface TemplateVersion {
  version: number;
  imageId?: string;
  createTime?: string;
  isDefault: boolean;
}

/** Every version of a launch template; the golden-image rollout keeps a few, so this is short. */
export async function templateVersions(clients: AwsClients, launchTemplateId: string): Promise<TemplateVersion[]> {
  const versions: TemplateVersion[] = [];
  let nextToken: string | undefined;
  do {
    const out = await clients.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: launchTemplateId, NextToken: nextToken }));
    for (const v of out.LaunchTemplateVersions ?? []) {
      versions.push({
        version: v.VersionNumber ?? 0,
        imageId: v.LaunchTemplateData?.ImageId,
        createTime: v.CreateTime?.toISOString(),
        isDefault: v.DefaultVersion === true,
      });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return versions;
}

/** The launch template version a group launches from ($Latest, $Default or a number), or null for a group without a template. */
export async function groupTemplateVersion(clients: AwsClients, autoScalingGroupName: string): Promise<string | null | undefined> {
  const out = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [autoScalingGroupName] }));
  const group = out.AutoScalingGroups?.[0];
  if (!group) return undefined;
  const template = group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  return template ? (template.Version ?? '$Default') : null;
}

export interface ServiceCounts {
  desired: number;
  running: number;
  pending: number;
}

/** Desired, running and pending counts by service name; a service ECS does not find is absent. */
export async function serviceCounts(clients: AwsClients, cluster: string, services: string[]): Promise<Map<string, ServiceCounts>> {
  const counts = new Map<string, ServiceCounts>();
  for (let i = 0; i < services.length; i += DESCRIBE_SERVICES_BATCH) {
    const out = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: services.slice(i, i + DESCRIBE_SERVICES_BATCH) }));
    for (const s of out.services ?? []) {
      if (s.serviceName && s.status !== 'INACTIVE') {
        counts.set(s.serviceName, { desired: s.desiredCount ?? 0, running: s.runningCount ?? 0, pending: s.pendingCount ?? 0 });
      }
    }
  }
  return counts;
}
