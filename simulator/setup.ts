import type { SimHook } from './fleet/auto-scaling';
import type { Fleet } from './fleet/fleet';
import type { ServiceSpec } from './fleet/ecs';

/**
 * Infrastructure that exists before the story starts (what CloudFormation/Terraform made):
 * applied without emitting events. Every entry may name its region (default: the simulator's).
 */
export interface FleetSpec {
  images?: Array<{ region?: string; imageId?: string; name: string; description?: string; tags?: Array<{ Key: string; Value: string }> }>;
  launchTemplates?: Array<{ region?: string; name: string; imageId?: string; imageName?: string; instanceType?: string; versionDescription?: string }>;
  autoScalingGroups?: Array<{
    region?: string;
    name: string;
    launchTemplateName: string;
    version?: string;
    minSize?: number;
    maxSize?: number;
    desiredCapacity?: number;
    hooks?: Array<{
      name: string;
      transition: 'launching' | 'terminating';
      heartbeatTimeoutSeconds?: number;
      defaultResult?: 'CONTINUE' | 'ABANDON';
      notificationMetadata?: string;
    }>;
    /** Default content sync delay (simulated ms) of this group's instances; null: they never sync. */
    contentSyncMs?: number | null;
    /** Sync delays for the next launched instances, in order. */
    contentSyncPlan?: Array<number | null>;
  }>;
  ecs?: Array<{ region?: string; cluster: string; services: ServiceSpec[] }>;
  parameters?: Array<{ region?: string; name: string; value: string; type?: 'String' | 'SecureString' | 'StringList' }>;
  topics?: Array<{ region?: string; name: string }>;
}

export function applyFleetSpec(fleet: Fleet, spec: FleetSpec): void {
  const regionOf = (entry: { region?: string }) => entry.region ?? fleet.ctx.defaultRegion;
  for (const image of spec.images ?? []) fleet.images.register(regionOf(image), image);
  for (const lt of spec.launchTemplates ?? []) {
    const region = regionOf(lt);
    let imageId = lt.imageId;
    if (!imageId) {
      const name = lt.imageName ?? `${lt.name}-base`;
      imageId = [...fleet.images.byId.values()].find((i) => i.region === region && i.name === name)?.imageId ?? fleet.images.register(region, { name }).imageId;
    }
    fleet.launchTemplates.create(region, lt.name, { ImageId: imageId, InstanceType: (lt.instanceType ?? 't3.micro') as never }, lt.versionDescription);
  }
  for (const parameter of spec.parameters ?? []) {
    fleet.ssm.putParameter(regionOf(parameter), { Name: parameter.name, Value: parameter.value, Type: parameter.type, Overwrite: true });
  }
  for (const topic of spec.topics ?? []) fleet.sns.createTopic(regionOf(topic), topic.name);
  for (const group of spec.ecs ?? []) {
    const cluster = fleet.ecs.createCluster(regionOf(group), group.cluster);
    for (const service of group.services) fleet.ecs.createService(cluster, service);
  }
  for (const asg of spec.autoScalingGroups ?? []) {
    const hooks: Array<Partial<SimHook> & Pick<SimHook, 'LifecycleHookName' | 'LifecycleTransition'>> = (asg.hooks ?? []).map((h) => ({
      LifecycleHookName: h.name,
      LifecycleTransition: h.transition === 'launching' ? 'autoscaling:EC2_INSTANCE_LAUNCHING' : 'autoscaling:EC2_INSTANCE_TERMINATING',
      HeartbeatTimeout: h.heartbeatTimeoutSeconds,
      DefaultResult: h.defaultResult,
      NotificationMetadata: h.notificationMetadata,
    }));
    fleet.autoScaling.create(regionOf(asg), {
      name: asg.name,
      launchTemplate: { LaunchTemplateName: asg.launchTemplateName, Version: asg.version ?? '$Default' },
      minSize: asg.minSize ?? 0,
      maxSize: asg.maxSize ?? 10,
      desiredCapacity: asg.desiredCapacity ?? 0,
      hooks,
      contentSyncMs: asg.contentSyncMs,
      contentSyncPlan: asg.contentSyncPlan,
    });
  }
}
