import { cloudTrailEvent, lifecycleActionEvent } from '../events/eventbridge';
import { SimError, validationError } from '../wire/errors';
import { regionKey, type RequestContext, type SimContext, type Tag } from './context';
import type { Instances } from './instances';
import type { LaunchTemplates } from './launch-templates';

export type LifecycleTransition = 'autoscaling:EC2_INSTANCE_LAUNCHING' | 'autoscaling:EC2_INSTANCE_TERMINATING';
export type LifecycleResult = 'CONTINUE' | 'ABANDON';

export interface SimHook {
  LifecycleHookName: string;
  AutoScalingGroupName: string;
  LifecycleTransition: LifecycleTransition;
  HeartbeatTimeout: number;
  GlobalTimeout: number;
  DefaultResult: LifecycleResult;
  NotificationMetadata?: string;
  NotificationTargetARN?: string;
  RoleARN?: string;
}

export interface LifecycleAction {
  token: string;
  hook: SimHook;
  instanceId: string;
  startedAt: Date;
  /** Simulated epoch ms when the default result applies, unless a heartbeat moves it. */
  deadline: number;
  globalDeadline: number;
  heartbeats: number;
  cancelTimer: () => void;
}

/** What became of a lifecycle action: the state tests and the demo assert on. */
export interface LifecycleActionRecord {
  token: string;
  autoScalingGroupName: string;
  lifecycleHookName: string;
  instanceId: string;
  transition: LifecycleTransition;
  result: LifecycleResult;
  decidedBy: 'CompleteLifecycleAction' | 'heartbeat-timeout' | 'global-timeout' | 'force-delete' | 'instance-terminated';
  heartbeats: number;
  startedAt: string;
  endedAt: string;
}

export interface AsgMember {
  instanceId: string;
  lifecycleState: string;
  launchTemplateVersion: string;
  launchTime: Date;
  pending: Map<string, LifecycleAction>;
  abandoned: boolean;
  activityId: string;
}

export interface ScalingActivity {
  ActivityId: string;
  AutoScalingGroupName: string;
  AutoScalingGroupARN: string;
  Description: string;
  Cause: string;
  StartTime: Date;
  EndTime?: Date;
  StatusCode: 'InProgress' | 'Successful' | 'Failed' | 'Cancelled' | 'WaitingForInstanceId';
  Progress: number;
  Details: string;
}

export interface InstanceRefresh {
  InstanceRefreshId: string;
  AutoScalingGroupName: string;
  Status: 'Pending' | 'InProgress' | 'Successful' | 'Failed' | 'Cancelled';
  StatusReason?: string;
  StartTime: Date;
  EndTime?: Date;
  PercentageComplete: number;
  InstancesToUpdate: number;
  MinHealthyPercentage: number;
}

export interface SimAsg {
  name: string;
  arn: string;
  region: string;
  launchTemplate: { LaunchTemplateId: string; LaunchTemplateName: string; Version: string };
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  createdTime: Date;
  tags: Tag[];
  members: Map<string, AsgMember>;
  hooks: Map<string, SimHook>;
  activities: ScalingActivity[];
  refreshes: InstanceRefresh[];
  /** Content sync delays for the next launched instances, in order (null: never syncs). */
  contentSyncPlan: Array<number | null>;
  /** Default sync delay of this group's instances; the simulator's default when undefined. */
  contentSyncMs?: number | null;
  deleting: boolean;
}

export interface CreateAsgRequest {
  name: string;
  launchTemplate: { LaunchTemplateId?: string; LaunchTemplateName?: string; Version?: string };
  minSize: number;
  maxSize: number;
  desiredCapacity?: number;
  tags?: Tag[];
  hooks?: Array<Partial<SimHook> & Pick<SimHook, 'LifecycleHookName' | 'LifecycleTransition'>>;
  contentSyncMs?: number | null;
  contentSyncPlan?: Array<number | null>;
}

const WAITING = new Set(['Pending:Wait', 'Terminating:Wait']);

/**
 * Auto Scaling groups as a state machine: desired capacity drives launches and terminations;
 * lifecycle hooks hold instances in Pending:Wait / Terminating:Wait with an action token
 * until CompleteLifecycleAction, or until the heartbeat (or global) timeout applies the hook's
 * default result. Each transition emits the EventBridge event AWS would.
 */
export class AutoScaling {
  readonly groups = new Map<string, SimAsg>();
  readonly actionsByToken = new Map<string, { asg: SimAsg; member: AsgMember; action: LifecycleAction }>();
  readonly history: LifecycleActionRecord[] = [];

  constructor(
    private readonly ctx: SimContext,
    private readonly instances: Instances,
    private readonly templates: LaunchTemplates,
  ) {}

  create(region: string, request: CreateAsgRequest, call?: RequestContext): SimAsg {
    if (this.groups.has(regionKey(region, request.name))) {
      throw new SimError('AlreadyExists', `AutoScalingGroup by this name already exists - A group with the name ${request.name} already exists`);
    }
    let template;
    try {
      template = this.templates.resolve(region, request.launchTemplate);
      this.templates.version(template, request.launchTemplate.Version ?? '$Default');
    } catch (err) {
      throw validationError(`You must use a valid fully-formed launch template. ${(err as Error).message}`);
    }
    const desired = request.desiredCapacity ?? request.minSize;
    this.checkSizes(desired, request.minSize, request.maxSize);
    const asg: SimAsg = {
      name: request.name,
      arn: `arn:aws:autoscaling:${region}:${this.ctx.accountId}:autoScalingGroup:${this.ctx.ids.uuid()}:autoScalingGroupName/${request.name}`,
      region,
      launchTemplate: { LaunchTemplateId: template.id, LaunchTemplateName: template.name, Version: request.launchTemplate.Version ?? '$Default' },
      minSize: request.minSize,
      maxSize: request.maxSize,
      desiredCapacity: desired,
      createdTime: this.ctx.clock.now(),
      tags: request.tags ?? [],
      members: new Map(),
      hooks: new Map(),
      activities: [],
      refreshes: [],
      contentSyncPlan: [...(request.contentSyncPlan ?? [])],
      contentSyncMs: request.contentSyncMs,
      deleting: false,
    };
    this.groups.set(regionKey(region, asg.name), asg);
    for (const hook of request.hooks ?? []) this.putHook(asg, hook);
    if (call) {
      this.ctx.events.emit(
        cloudTrailEvent(
          { id: this.ctx.ids.uuid(), account: this.ctx.accountId, region, time: this.ctx.clock.now() },
          {
            service: 'autoscaling',
            eventName: 'CreateAutoScalingGroup',
            requestId: call.requestId,
            userAgent: call.userAgent,
            requestParameters: {
              autoScalingGroupName: asg.name,
              // CloudTrail spells request parameters in camelCase.
              launchTemplate: {
                launchTemplateId: request.launchTemplate.LaunchTemplateId,
                launchTemplateName: request.launchTemplate.LaunchTemplateName,
                version: request.launchTemplate.Version,
              },
              minSize: asg.minSize,
              maxSize: asg.maxSize,
              desiredCapacity: asg.desiredCapacity,
              ...(asg.tags.length > 0
                ? { tags: asg.tags.map((t) => ({ resourceId: asg.name, resourceType: 'auto-scaling-group', key: t.Key, value: t.Value, propagateAtLaunch: true })) }
                : {}),
            },
            responseElements: null,
          },
        ),
      );
    }
    this.reconcile(asg, 'an instance was started in response to a difference between desired and actual capacity');
    return asg;
  }

  require(region: string, name: string | undefined): SimAsg {
    const asg = name ? this.groups.get(regionKey(region, name)) : undefined;
    if (!asg || asg.deleting) throw validationError(`AutoScalingGroup name not found - AutoScalingGroup ${name ?? ''} not found`);
    return asg;
  }

  putHook(asg: SimAsg, hook: Partial<SimHook> & Pick<SimHook, 'LifecycleHookName' | 'LifecycleTransition'>): SimHook {
    if (hook.LifecycleTransition !== 'autoscaling:EC2_INSTANCE_LAUNCHING' && hook.LifecycleTransition !== 'autoscaling:EC2_INSTANCE_TERMINATING') {
      throw validationError(`Invalid Lifecycle Transition: ${String(hook.LifecycleTransition)}`);
    }
    const heartbeat = hook.HeartbeatTimeout ?? 3600;
    if (heartbeat < 30 || heartbeat > 7200) throw validationError(`Heartbeat timeout ${heartbeat} must be between 30 and 7200 seconds`);
    const created: SimHook = {
      LifecycleHookName: hook.LifecycleHookName,
      AutoScalingGroupName: asg.name,
      LifecycleTransition: hook.LifecycleTransition,
      HeartbeatTimeout: heartbeat,
      GlobalTimeout: Math.min(100 * heartbeat, 172800),
      DefaultResult: hook.DefaultResult ?? 'ABANDON',
      NotificationMetadata: hook.NotificationMetadata,
      NotificationTargetARN: hook.NotificationTargetARN,
      RoleARN: hook.RoleARN,
    };
    asg.hooks.set(created.LifecycleHookName, created);
    return created;
  }

  private checkSizes(desired: number, min: number, max: number): void {
    if (min > max) throw validationError(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
    if (desired < min || desired > max) {
      throw validationError(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
    }
  }

  update(asg: SimAsg, change: { minSize?: number; maxSize?: number; desiredCapacity?: number; launchTemplate?: CreateAsgRequest['launchTemplate'] }): void {
    const min = change.minSize ?? asg.minSize;
    const max = change.maxSize ?? asg.maxSize;
    let desired = change.desiredCapacity ?? asg.desiredCapacity;
    if (change.desiredCapacity === undefined) desired = Math.min(Math.max(desired, min), max);
    this.checkSizes(desired, min, max);
    if (change.launchTemplate) {
      const template = this.templates.resolve(asg.region, change.launchTemplate);
      const version = change.launchTemplate.Version ?? '$Default';
      this.templates.version(template, version);
      asg.launchTemplate = { LaunchTemplateId: template.id, LaunchTemplateName: template.name, Version: version };
    }
    const cause = `a user request update of AutoScalingGroup constraints to min: ${min}, max: ${max}, desired: ${desired} changing the desired capacity from ${asg.desiredCapacity} to ${desired}`;
    asg.minSize = min;
    asg.maxSize = max;
    asg.desiredCapacity = desired;
    this.reconcile(asg, cause);
  }

  setDesiredCapacity(asg: SimAsg, desired: number): void {
    if (desired > asg.maxSize) throw validationError(`New SetDesiredCapacity value ${desired} is above max value ${asg.maxSize} for the AutoScalingGroup.`);
    if (desired < asg.minSize) throw validationError(`New SetDesiredCapacity value ${desired} is below min value ${asg.minSize} for the AutoScalingGroup.`);
    const cause = `a user request explicitly set group desired capacity changing the desired capacity from ${asg.desiredCapacity} to ${desired}`;
    asg.desiredCapacity = desired;
    this.reconcile(asg, cause);
  }

  terminateInstance(region: string, instanceId: string, decrement: boolean): ScalingActivity {
    const entry = [...this.groups.values()].find((g) => g.region === region && g.members.has(instanceId));
    if (!entry) throw validationError(`Instance Id not found - No managed instance found for instance ID: ${instanceId}`);
    const member = entry.members.get(instanceId)!;
    if (decrement) {
      if (entry.desiredCapacity - 1 < entry.minSize) {
        throw validationError(`Currently, desiredCapacity (${entry.desiredCapacity}) is at minSize (${entry.minSize}): terminating would violate min size`);
      }
      entry.desiredCapacity -= 1;
    }
    const activity = this.beginTermination(entry, member, `an instance was taken out of service in response to a user request${decrement ? ', shrinking the capacity from ' + (entry.desiredCapacity + 1) + ' to ' + entry.desiredCapacity : ''}`, false);
    if (!decrement) this.reconcile(entry, 'an instance was started in response to a difference between desired and actual capacity');
    return activity;
  }

  delete(asg: SimAsg, force: boolean): void {
    if (!force && asg.members.size > 0) {
      throw new SimError('ResourceInUse', 'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.');
    }
    asg.deleting = true;
    asg.desiredCapacity = 0;
    for (const member of asg.members.values()) {
      // ForceDelete drops outstanding lifecycle actions and skips the hooks.
      for (const action of member.pending.values()) this.finishAction(asg, member, action, 'ABANDON', 'force-delete', false);
      if (!member.lifecycleState.startsWith('Terminating')) this.beginTermination(asg, member, 'the group was deleted', true);
    }
    if (asg.members.size === 0) this.groups.delete(regionKey(asg.region, asg.name));
  }

  private activeMembers(asg: SimAsg): AsgMember[] {
    return [...asg.members.values()].filter((m) => !m.lifecycleState.startsWith('Terminat'));
  }

  /** Launches or terminates until the group's active instances match its desired capacity. */
  reconcile(asg: SimAsg, cause: string): void {
    if (asg.deleting) return;
    const active = this.activeMembers(asg);
    for (let i = active.length; i < asg.desiredCapacity; i += 1) this.launch(asg, cause);
    if (active.length > asg.desiredCapacity) {
      // Default termination policy, simplified: oldest launch template version first, then oldest instance.
      const victims = active
        .sort((a, b) => versionRank(a.launchTemplateVersion) - versionRank(b.launchTemplateVersion) || a.launchTime.getTime() - b.launchTime.getTime())
        .slice(0, active.length - asg.desiredCapacity);
      for (const member of victims) this.beginTermination(asg, member, cause, false);
    }
  }

  private recordActivity(asg: SimAsg, description: string, cause: string): ScalingActivity {
    const now = this.ctx.clock.now();
    const activity: ScalingActivity = {
      ActivityId: this.ctx.ids.uuid(),
      AutoScalingGroupName: asg.name,
      AutoScalingGroupARN: asg.arn,
      Description: description,
      Cause: `At ${now.toISOString().replace(/\.\d{3}Z$/, 'Z')} ${cause}.`,
      StartTime: now,
      StatusCode: 'InProgress',
      Progress: 0,
      Details: JSON.stringify({ 'Subnet ID': 'subnet-simulated', 'Availability Zone': `${asg.region}a` }),
    };
    asg.activities.unshift(activity);
    return activity;
  }

  private endActivity(asg: SimAsg, activityId: string, status: ScalingActivity['StatusCode']): void {
    const activity = asg.activities.find((a) => a.ActivityId === activityId);
    if (!activity || activity.StatusCode !== 'InProgress') return;
    activity.StatusCode = status;
    activity.Progress = 100;
    activity.EndTime = this.ctx.clock.now();
  }

  private launch(asg: SimAsg, cause: string): void {
    const template = this.templates.resolve(asg.region, { LaunchTemplateId: asg.launchTemplate.LaunchTemplateId });
    const version = this.templates.version(template, asg.launchTemplate.Version);
    const syncMs = asg.contentSyncPlan.length > 0 ? asg.contentSyncPlan.shift() : asg.contentSyncMs;
    const instance = this.instances.launch({
      region: asg.region,
      imageId: version.data.ImageId ?? 'ami-00000000000000000',
      instanceType: version.data.InstanceType,
      autoScalingGroupName: asg.name,
      launchTemplate: { LaunchTemplateId: template.id, LaunchTemplateName: template.name, Version: String(version.versionNumber) },
      contentSyncMs: syncMs,
    });
    const activity = this.recordActivity(asg, `Launching a new EC2 instance: ${instance.instanceId}`, cause);
    const member: AsgMember = {
      instanceId: instance.instanceId,
      lifecycleState: 'Pending',
      launchTemplateVersion: String(version.versionNumber),
      launchTime: instance.launchTime,
      pending: new Map(),
      abandoned: false,
      activityId: activity.ActivityId,
    };
    asg.members.set(member.instanceId, member);
    const hooks = [...asg.hooks.values()].filter((h) => h.LifecycleTransition === 'autoscaling:EC2_INSTANCE_LAUNCHING');
    if (hooks.length === 0) {
      this.ctx.clock.after(this.ctx.timings.instanceBootMs, () => this.putInService(asg, member));
      return;
    }
    member.lifecycleState = 'Pending:Wait';
    for (const hook of hooks) this.startAction(asg, member, hook);
  }

  private putInService(asg: SimAsg, member: AsgMember): void {
    if (member.lifecycleState !== 'Pending' && member.lifecycleState !== 'Pending:Proceed') return;
    const instance = this.instances.byId.get(member.instanceId);
    if (instance?.state === 'pending') {
      // CONTINUE before boot finished: in service once the instance is up.
      this.ctx.clock.after(Math.max(1, instance.launchTime.getTime() + this.ctx.timings.instanceBootMs - this.ctx.clock.now().getTime()), () =>
        this.putInService(asg, member),
      );
      return;
    }
    member.lifecycleState = 'InService';
    this.endActivity(asg, member.activityId, 'Successful');
  }

  private beginTermination(asg: SimAsg, member: AsgMember, cause: string, skipHooks: boolean): ScalingActivity {
    const wasLaunching = member.lifecycleState.startsWith('Pending');
    if (wasLaunching) this.endActivity(asg, member.activityId, 'Cancelled');
    const activity = this.recordActivity(asg, `Terminating EC2 instance: ${member.instanceId}`, cause);
    member.activityId = activity.ActivityId;
    for (const action of member.pending.values()) this.finishAction(asg, member, action, 'ABANDON', skipHooks ? 'force-delete' : 'instance-terminated', false);
    const hooks = skipHooks ? [] : [...asg.hooks.values()].filter((h) => h.LifecycleTransition === 'autoscaling:EC2_INSTANCE_TERMINATING');
    if (hooks.length === 0) {
      this.proceedTermination(asg, member);
      return activity;
    }
    member.lifecycleState = 'Terminating:Wait';
    for (const hook of hooks) this.startAction(asg, member, hook);
    return activity;
  }

  private proceedTermination(asg: SimAsg, member: AsgMember): void {
    member.lifecycleState = 'Terminating:Proceed';
    this.instances.terminate(member.instanceId);
    this.ctx.clock.after(this.ctx.timings.instanceShutdownMs, () => {
      member.lifecycleState = 'Terminated';
      asg.members.delete(member.instanceId);
      this.endActivity(asg, member.activityId, 'Successful');
      if (asg.deleting && asg.members.size === 0) this.groups.delete(regionKey(asg.region, asg.name));
    });
  }

  private startAction(asg: SimAsg, member: AsgMember, hook: SimHook): void {
    const now = this.ctx.clock.now().getTime();
    const action: LifecycleAction = {
      token: this.ctx.ids.uuid(),
      hook,
      instanceId: member.instanceId,
      startedAt: new Date(now),
      deadline: now + hook.HeartbeatTimeout * 1000,
      globalDeadline: now + hook.GlobalTimeout * 1000,
      heartbeats: 0,
      cancelTimer: () => undefined,
    };
    member.pending.set(hook.LifecycleHookName, action);
    this.actionsByToken.set(action.token, { asg, member, action });
    this.armTimer(asg, member, action);
    const launching = hook.LifecycleTransition === 'autoscaling:EC2_INSTANCE_LAUNCHING';
    this.ctx.events.emit(
      lifecycleActionEvent(
        { id: this.ctx.ids.uuid(), account: this.ctx.accountId, region: asg.region, time: this.ctx.clock.now() },
        asg.arn,
        {
          LifecycleActionToken: action.token,
          AutoScalingGroupName: asg.name,
          LifecycleHookName: hook.LifecycleHookName,
          EC2InstanceId: member.instanceId,
          LifecycleTransition: hook.LifecycleTransition,
          ...(hook.NotificationMetadata ? { NotificationMetadata: hook.NotificationMetadata } : {}),
          Origin: launching ? 'EC2' : 'AutoScalingGroup',
          Destination: launching ? 'AutoScalingGroup' : 'EC2',
        },
      ),
    );
  }

  private armTimer(asg: SimAsg, member: AsgMember, action: LifecycleAction): void {
    action.cancelTimer();
    const now = this.ctx.clock.now().getTime();
    const due = Math.min(action.deadline, action.globalDeadline);
    action.cancelTimer = this.ctx.clock.after(due - now, () =>
      this.finishAction(asg, member, action, action.hook.DefaultResult, due === action.globalDeadline ? 'global-timeout' : 'heartbeat-timeout'),
    );
  }

  /** Finds the active action a Complete/Heartbeat call names, or answers as AWS does. */
  findAction(region: string, ref: { AutoScalingGroupName?: string; LifecycleHookName?: string; InstanceId?: string; LifecycleActionToken?: string }) {
    const asg = this.require(region, ref.AutoScalingGroupName);
    if (!ref.LifecycleHookName || !asg.hooks.has(ref.LifecycleHookName)) {
      throw validationError(`No Lifecycle Hook found for name ${ref.LifecycleHookName ?? ''} and group ${asg.name}`);
    }
    if (ref.LifecycleActionToken) {
      const found = this.actionsByToken.get(ref.LifecycleActionToken);
      if (!found || found.asg !== asg || found.action.hook.LifecycleHookName !== ref.LifecycleHookName) {
        throw validationError(`No active Lifecycle Action found with token ${ref.LifecycleActionToken}`);
      }
      return found;
    }
    if (!ref.InstanceId) throw validationError('Either LifecycleActionToken or InstanceId must be specified');
    const member = asg.members.get(ref.InstanceId);
    const action = member?.pending.get(ref.LifecycleHookName);
    if (!member || !action) throw validationError(`No active Lifecycle Action found with instance ID ${ref.InstanceId}`);
    return { asg, member, action };
  }

  complete(region: string, ref: Parameters<AutoScaling['findAction']>[1], result: string | undefined): void {
    if (result !== 'CONTINUE' && result !== 'ABANDON') {
      throw validationError(`1 validation error detected: Value '${result ?? ''}' at 'lifecycleActionResult' failed to satisfy constraint: Member must be CONTINUE or ABANDON`);
    }
    const { asg, member, action } = this.findAction(region, ref);
    this.finishAction(asg, member, action, result, 'CompleteLifecycleAction');
  }

  heartbeat(region: string, ref: Parameters<AutoScaling['findAction']>[1]): void {
    const { asg, member, action } = this.findAction(region, ref);
    action.heartbeats += 1;
    action.deadline = this.ctx.clock.now().getTime() + action.hook.HeartbeatTimeout * 1000;
    this.armTimer(asg, member, action);
  }

  private finishAction(asg: SimAsg, member: AsgMember, action: LifecycleAction, result: LifecycleResult, by: LifecycleActionRecord['decidedBy'], advance = true): void {
    if (member.pending.get(action.hook.LifecycleHookName) !== action) return;
    action.cancelTimer();
    member.pending.delete(action.hook.LifecycleHookName);
    this.actionsByToken.delete(action.token);
    this.history.push({
      token: action.token,
      autoScalingGroupName: asg.name,
      lifecycleHookName: action.hook.LifecycleHookName,
      instanceId: member.instanceId,
      transition: action.hook.LifecycleTransition,
      result,
      decidedBy: by,
      heartbeats: action.heartbeats,
      startedAt: action.startedAt.toISOString(),
      endedAt: this.ctx.clock.now().toISOString(),
    });
    if (result === 'ABANDON') member.abandoned = true;
    if (!advance || member.pending.size > 0 || !WAITING.has(member.lifecycleState)) return;
    if (member.lifecycleState === 'Terminating:Wait') {
      // Either result lets a terminating instance go.
      this.proceedTermination(asg, member);
      return;
    }
    if (member.abandoned) {
      // An abandoned launch is terminated (without the termination hooks) and replaced.
      this.endActivity(asg, member.activityId, 'Failed');
      member.lifecycleState = 'Terminating';
      this.beginTermination(asg, member, 'an instance was abandoned by its launch lifecycle action', true);
      this.reconcile(asg, 'an instance was started in response to a difference between desired and actual capacity');
      return;
    }
    member.lifecycleState = 'Pending:Proceed';
    this.putInService(asg, member);
  }

  startInstanceRefresh(asg: SimAsg, minHealthyPercentage = 90): InstanceRefresh {
    if (asg.refreshes.some((r) => r.Status === 'Pending' || r.Status === 'InProgress')) {
      throw new SimError('InstanceRefreshInProgress', 'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.');
    }
    const refresh: InstanceRefresh = {
      InstanceRefreshId: this.ctx.ids.uuid(),
      AutoScalingGroupName: asg.name,
      Status: 'InProgress',
      StartTime: this.ctx.clock.now(),
      PercentageComplete: 0,
      InstancesToUpdate: this.activeMembers(asg).length,
      MinHealthyPercentage: minHealthyPercentage,
    };
    asg.refreshes.unshift(refresh);
    this.ctx.clock.after(this.ctx.timings.instanceRefreshMs, () => {
      if (refresh.Status !== 'InProgress') return;
      // As AWS does by default (no SkipMatching), every instance is replaced: it leaves through the
      // terminate hooks with the refresh as its cause, and a new one launches from the group's
      // current template version. Simplified: all at once, and the refresh counts as done then.
      for (const member of this.activeMembers(asg)) {
        this.beginTermination(asg, member, 'an instance was taken out of service in response to an instance refresh', false);
      }
      this.reconcile(asg, 'an instance was launched in response to an instance refresh');
      refresh.Status = 'Successful';
      refresh.PercentageComplete = 100;
      refresh.InstancesToUpdate = 0;
      refresh.EndTime = this.ctx.clock.now();
    });
    return refresh;
  }
}

function versionRank(version: string): number {
  const n = Number(version);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
