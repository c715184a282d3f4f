import type { AwsEndpoint } from './aws-endpoint';
import type { ContentHub } from './content/content-hub';
import type { EventBus } from './events/event-bus';
import type { Faults } from './faults';
import type { Fleet } from './fleet/fleet';

/** Everything the simulator knows, as JSON: what tests and the demo assert on (GET /_sim/state). */
export function stateSnapshot(fleet: Fleet, content: ContentHub, events: EventBus, endpoint: AwsEndpoint, faults: Faults, url: string) {
  const { instances, images, launchTemplates, autoScaling, ecs, ssm, sns } = fleet;
  return {
    url,
    originUrl: content.originUrl,
    replicaPort: content.replicaPort,
    now: fleet.ctx.clock.now().toISOString(),
    autoScalingGroups: [...autoScaling.groups.values()].map((asg) => ({
      name: asg.name,
      region: asg.region,
      minSize: asg.minSize,
      maxSize: asg.maxSize,
      desiredCapacity: asg.desiredCapacity,
      launchTemplate: asg.launchTemplate,
      deleting: asg.deleting,
      hooks: [...asg.hooks.values()],
      instances: [...asg.members.values()].map((m) => ({
        instanceId: m.instanceId,
        lifecycleState: m.lifecycleState,
        launchTemplateVersion: m.launchTemplateVersion,
        pendingActions: [...m.pending.values()].map((a) => ({
          lifecycleHookName: a.hook.LifecycleHookName,
          token: a.token,
          heartbeats: a.heartbeats,
          defaultResultAt: new Date(Math.min(a.deadline, a.globalDeadline)).toISOString(),
        })),
      })),
      activities: asg.activities.slice(0, 50),
      instanceRefreshes: asg.refreshes,
    })),
    lifecycleActions: autoScaling.history,
    instances: [...instances.byId.values()].map((i) => ({
      instanceId: i.instanceId,
      region: i.region,
      state: i.state,
      privateIpAddress: i.privateIpAddress,
      imageId: i.imageId,
      autoScalingGroupName: i.autoScalingGroupName,
      launchTemplate: i.launchTemplate,
      launchTime: i.launchTime.toISOString(),
      contentSyncMs: i.contentSyncMs,
      content: content.view(i.instanceId) ?? null,
      tags: i.tags,
    })),
    images: [...images.byId.values()].map((img) => ({
      imageId: img.imageId,
      region: img.region,
      name: img.name,
      description: img.description,
      state: img.state,
      sourceInstanceId: img.sourceInstanceId,
      tags: img.tags,
      creationDate: img.creationDate.toISOString(),
    })),
    launchTemplates: [...launchTemplates.byId.values()].map((t) => ({
      launchTemplateId: t.id,
      name: t.name,
      region: t.region,
      defaultVersion: t.defaultVersion,
      latestVersion: t.latestVersion,
      versions: [...t.versions.values()].map((v) => ({ versionNumber: v.versionNumber, description: v.description, imageId: v.data.ImageId })),
    })),
    ecs: [...ecs.clusters.values()].map((c) => ({
      cluster: c.clusterName,
      region: c.region,
      services: [...c.services.values()].map((s) => ({
        serviceName: s.serviceName,
        desiredCount: s.desiredCount,
        runningCount: s.runningCount,
        pendingCount: s.pendingCount,
        failedTasks: s.deployment.failedTasks,
        rolloutState: s.deployment.rolloutState,
        dependsOn: s.dependsOn,
        latestEvent: s.events[0]?.message,
      })),
    })),
    ssm: {
      parameters: [...ssm.parameters.values()].map((p) => ({ name: p.Name, type: p.Type, version: p.Version, value: p.Type === 'SecureString' ? '(secure)' : p.Value })),
      commands: [...ssm.commands.values()].map((c) => ({
        commandId: c.commandId,
        documentName: c.documentName,
        instanceIds: c.instanceIds,
        commands: c.parameters.commands ?? [],
        invocations: [...c.invocations.values()].map((i) => ({ instanceId: i.instanceId, status: i.status, responseCode: i.responseCode })),
      })),
    },
    sns: { topics: [...sns.topics.keys()], published: sns.published },
    events: events.emitted,
    calls: endpoint.calls.slice(-500),
    faults: faults.view(),
  };
}

export type SimulatorState = ReturnType<typeof stateSnapshot>;
