import type {
  Activity,
  AutoScalingGroup,
  CompleteLifecycleActionCommandInput,
  CompleteLifecycleActionCommandOutput,
  CreateAutoScalingGroupCommandInput,
  CreateAutoScalingGroupCommandOutput,
  DeleteAutoScalingGroupCommandInput,
  DeleteAutoScalingGroupCommandOutput,
  DescribeAutoScalingGroupsCommandInput,
  DescribeAutoScalingInstancesCommandInput,
  DescribeAutoScalingInstancesCommandOutput,
  DescribeAutoScalingGroupsCommandOutput,
  DescribeInstanceRefreshesCommandInput,
  DescribeInstanceRefreshesCommandOutput,
  DescribeLifecycleHooksCommandInput,
  DescribeLifecycleHooksCommandOutput,
  DescribeScalingActivitiesCommandInput,
  DescribeScalingActivitiesCommandOutput,
  PutLifecycleHookCommandInput,
  PutLifecycleHookCommandOutput,
  RecordLifecycleActionHeartbeatCommandInput,
  RecordLifecycleActionHeartbeatCommandOutput,
  SetDesiredCapacityCommandInput,
  SetDesiredCapacityCommandOutput,
  StartInstanceRefreshCommandInput,
  StartInstanceRefreshCommandOutput,
  TerminateInstanceInAutoScalingGroupCommandInput,
  TerminateInstanceInAutoScalingGroupCommandOutput,
  UpdateAutoScalingGroupCommandInput,
  UpdateAutoScalingGroupCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import type { ScalingActivity, SimAsg, SimHook } from '../fleet/auto-scaling';
import type { Fleet } from '../fleet/fleet';
import { validationError } from '../wire/errors';
import { op, type ServiceApi } from './handler';

function groupShape(asg: SimAsg, fleet: Fleet): AutoScalingGroup {
  return {
    AutoScalingGroupName: asg.name,
    AutoScalingGroupARN: asg.arn,
    LaunchTemplate: { ...asg.launchTemplate },
    MinSize: asg.minSize,
    MaxSize: asg.maxSize,
    DesiredCapacity: asg.desiredCapacity,
    DefaultCooldown: 300,
    AvailabilityZones: [`${asg.region}a`],
    HealthCheckType: 'EC2',
    HealthCheckGracePeriod: 300,
    CreatedTime: asg.createdTime,
    VPCZoneIdentifier: 'subnet-simulated',
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    Status: asg.deleting ? 'Delete in progress' : undefined,
    Tags: asg.tags.map((t) => ({ ResourceId: asg.name, ResourceType: 'auto-scaling-group', Key: t.Key, Value: t.Value, PropagateAtLaunch: true })),
    Instances: [...asg.members.values()].map((member) => {
      const instance = fleet.instances.byId.get(member.instanceId);
      return {
        InstanceId: member.instanceId,
        InstanceType: instance?.instanceType,
        AvailabilityZone: instance?.availabilityZone ?? `${asg.region}a`,
        LifecycleState: member.lifecycleState as NonNullable<AutoScalingGroup['Instances']>[number]['LifecycleState'],
        HealthStatus: 'Healthy',
        LaunchTemplate: { ...asg.launchTemplate, Version: member.launchTemplateVersion },
        ProtectedFromScaleIn: false,
      };
    }),
  };
}

function activityShape(activity: ScalingActivity): Activity {
  return { ...activity };
}

function hookShape(hook: SimHook) {
  return { ...hook };
}

export function createAutoScalingApi(fleet: Fleet): ServiceApi {
  const asgs = fleet.autoScaling;

  return {
    CreateAutoScalingGroup: op<CreateAutoScalingGroupCommandInput, CreateAutoScalingGroupCommandOutput>((input, call) => {
      if (!input.LaunchTemplate) throw validationError('Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.');
      asgs.create(
        call.region,
        {
          name: input.AutoScalingGroupName ?? '',
          launchTemplate: input.LaunchTemplate,
          minSize: input.MinSize ?? 0,
          maxSize: input.MaxSize ?? 0,
          desiredCapacity: input.DesiredCapacity,
          tags: (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
          hooks: (input.LifecycleHookSpecificationList ?? []).map((h) => ({
            LifecycleHookName: h.LifecycleHookName ?? '',
            LifecycleTransition: h.LifecycleTransition as SimHook['LifecycleTransition'],
            HeartbeatTimeout: h.HeartbeatTimeout,
            DefaultResult: h.DefaultResult as SimHook['DefaultResult'] | undefined,
            NotificationMetadata: h.NotificationMetadata,
          })),
        },
        call,
      );
      return {};
    }),

    DeleteAutoScalingGroup: op<DeleteAutoScalingGroupCommandInput, DeleteAutoScalingGroupCommandOutput>((input, call) => {
      asgs.delete(asgs.require(call.region, input.AutoScalingGroupName), input.ForceDelete ?? false);
      return {};
    }),

    DescribeAutoScalingGroups: op<DescribeAutoScalingGroupsCommandInput, DescribeAutoScalingGroupsCommandOutput>((input, call) => {
      const names = input.AutoScalingGroupNames ?? [];
      const groups = [...asgs.groups.values()].filter((g) => g.region === call.region && (names.length === 0 || names.includes(g.name)));
      return { AutoScalingGroups: groups.map((g) => groupShape(g, fleet)) };
    }),

    // As AWS: instances no group lists any more (terminated, or never members) are simply absent.
    DescribeAutoScalingInstances: op<DescribeAutoScalingInstancesCommandInput, DescribeAutoScalingInstancesCommandOutput>((input, call) => {
      const ids = input.InstanceIds ?? [];
      const rows = [...asgs.groups.values()]
        .filter((g) => g.region === call.region)
        .flatMap((g) =>
          [...g.members.values()]
            .filter((m) => ids.length === 0 || ids.includes(m.instanceId))
            .map((m) => ({
              InstanceId: m.instanceId,
              InstanceType: fleet.instances.byId.get(m.instanceId)?.instanceType,
              AutoScalingGroupName: g.name,
              AvailabilityZone: fleet.instances.byId.get(m.instanceId)?.availabilityZone ?? `${g.region}a`,
              LifecycleState: m.lifecycleState,
              HealthStatus: 'HEALTHY',
              LaunchTemplate: { ...g.launchTemplate, Version: m.launchTemplateVersion },
              ProtectedFromScaleIn: false,
            })),
        );
      return { AutoScalingInstances: rows.slice(0, input.MaxRecords ?? 50) };
    }),

    UpdateAutoScalingGroup: op<UpdateAutoScalingGroupCommandInput, UpdateAutoScalingGroupCommandOutput>((input, call) => {
      asgs.update(asgs.require(call.region, input.AutoScalingGroupName), {
        minSize: input.MinSize,
        maxSize: input.MaxSize,
        desiredCapacity: input.DesiredCapacity,
        launchTemplate: input.LaunchTemplate,
      });
      return {};
    }),

    SetDesiredCapacity: op<SetDesiredCapacityCommandInput, SetDesiredCapacityCommandOutput>((input, call) => {
      asgs.setDesiredCapacity(asgs.require(call.region, input.AutoScalingGroupName), input.DesiredCapacity ?? 0);
      return {};
    }),

    TerminateInstanceInAutoScalingGroup: op<TerminateInstanceInAutoScalingGroupCommandInput, TerminateInstanceInAutoScalingGroupCommandOutput>((input, call) => ({
      Activity: activityShape(asgs.terminateInstance(call.region, input.InstanceId ?? '', input.ShouldDecrementDesiredCapacity ?? false)),
    })),

    DescribeScalingActivities: op<DescribeScalingActivitiesCommandInput, DescribeScalingActivitiesCommandOutput>((input, call) => {
      const groups = input.AutoScalingGroupName
        ? [asgs.require(call.region, input.AutoScalingGroupName)]
        : [...asgs.groups.values()].filter((g) => g.region === call.region);
      const ids = input.ActivityIds ?? [];
      const activities = groups
        .flatMap((g) => g.activities)
        .filter((a) => ids.length === 0 || ids.includes(a.ActivityId))
        .sort((a, b) => b.StartTime.getTime() - a.StartTime.getTime())
        .slice(0, input.MaxRecords ?? 100);
      return { Activities: activities.map(activityShape) };
    }),

    PutLifecycleHook: op<PutLifecycleHookCommandInput, PutLifecycleHookCommandOutput>((input, call) => {
      asgs.putHook(asgs.require(call.region, input.AutoScalingGroupName), {
        LifecycleHookName: input.LifecycleHookName ?? '',
        LifecycleTransition: input.LifecycleTransition as SimHook['LifecycleTransition'],
        HeartbeatTimeout: input.HeartbeatTimeout,
        DefaultResult: input.DefaultResult as SimHook['DefaultResult'] | undefined,
        NotificationMetadata: input.NotificationMetadata,
        NotificationTargetARN: input.NotificationTargetARN,
        RoleARN: input.RoleARN,
      });
      return {};
    }),

    DescribeLifecycleHooks: op<DescribeLifecycleHooksCommandInput, DescribeLifecycleHooksCommandOutput>((input, call) => {
      const asg = asgs.require(call.region, input.AutoScalingGroupName);
      const names = input.LifecycleHookNames ?? [];
      const hooks = [...asg.hooks.values()].filter((h) => names.length === 0 || names.includes(h.LifecycleHookName));
      return { LifecycleHooks: hooks.map(hookShape) };
    }),

    CompleteLifecycleAction: op<CompleteLifecycleActionCommandInput, CompleteLifecycleActionCommandOutput>((input, call) => {
      asgs.complete(call.region, input, input.LifecycleActionResult);
      return {};
    }),

    RecordLifecycleActionHeartbeat: op<RecordLifecycleActionHeartbeatCommandInput, RecordLifecycleActionHeartbeatCommandOutput>((input, call) => {
      asgs.heartbeat(call.region, input);
      return {};
    }),

    StartInstanceRefresh: op<StartInstanceRefreshCommandInput, StartInstanceRefreshCommandOutput>((input, call) => {
      const asg = asgs.require(call.region, input.AutoScalingGroupName);
      if (input.DesiredConfiguration?.LaunchTemplate) {
        asgs.update(asg, { launchTemplate: input.DesiredConfiguration.LaunchTemplate });
      }
      const refresh = asgs.startInstanceRefresh(asg, input.Preferences?.MinHealthyPercentage);
      return { InstanceRefreshId: refresh.InstanceRefreshId };
    }),

    DescribeInstanceRefreshes: op<DescribeInstanceRefreshesCommandInput, DescribeInstanceRefreshesCommandOutput>((input, call) => {
      const asg = asgs.require(call.region, input.AutoScalingGroupName);
      const ids = input.InstanceRefreshIds ?? [];
      return {
        InstanceRefreshes: asg.refreshes
          .filter((r) => ids.length === 0 || ids.includes(r.InstanceRefreshId))
          .map(({ MinHealthyPercentage, ...refresh }) => ({ ...refresh, Preferences: { MinHealthyPercentage } })),
      };
    }),
  };
}
