import { Duration } from 'aws-cdk-lib';
import { DefaultResult, LifecycleTransition, type AutoScalingGroup, type LifecycleHook } from 'aws-cdk-lib/aws-autoscaling';
import { QueueHook } from 'aws-cdk-lib/aws-autoscaling-hooktargets';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS } from '../common/lifecycle';
import type { FleetRule } from '../starters/fleet-config/fleet-config-schema';

/** Hook names the bridge routes on are the fleet's; these are what the construct creates. */
export const LAUNCH_HOOK_NAME = 'fleet-workflows-launch';
export const TERMINATE_HOOK_NAME = 'fleet-workflows-terminate';

export interface FleetLifecycleHooksProps {
  autoScalingGroup: AutoScalingGroup;
  /** The fleet the group belongs to: its launchGate and terminate settings decide the hooks. */
  fleet: FleetRule;
  /** Notify the hook queue (HookQueue) instead of EventBridge; the role is HookQueue.notificationRole. */
  notify?: { queue: IQueue; role: IRole };
}

/**
 * Adds the lifecycle hooks the fleet's workflows complete to a group defined in CDK: a
 * launch hook when the fleet has a launch gate, a terminate hook when it has terminate
 * settings. Without `notify` the hooks only emit EventBridge events (the EventRules path).
 */
export class FleetLifecycleHooks extends Construct {
  readonly launch?: LifecycleHook;
  readonly terminate?: LifecycleHook;

  constructor(scope: Construct, id: string, props: FleetLifecycleHooksProps) {
    super(scope, id);
    const { fleet } = props;
    const target = props.notify ? new QueueHook(props.notify.queue) : undefined;
    if (fleet.launchGate) {
      const onGiveUp = fleet.launchGate.onGiveUp ?? 'ABANDON';
      this.launch = props.autoScalingGroup.addLifecycleHook('FleetLaunchHook', {
        lifecycleHookName: LAUNCH_HOOK_NAME,
        lifecycleTransition: LifecycleTransition.INSTANCE_LAUNCHING,
        heartbeatTimeout: Duration.seconds(fleet.launchGate.hookHeartbeatTimeoutSeconds ?? AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS),
        // When the gate gives up without completing (HOOK_DEFAULT) or the worker is gone, an
        // unsynced instance must not serve: ABANDON, unless the fleet chose CONTINUE.
        defaultResult: onGiveUp === 'CONTINUE' ? DefaultResult.CONTINUE : DefaultResult.ABANDON,
        notificationTarget: target,
        role: props.notify?.role,
      });
    }
    if (fleet.terminate) {
      this.terminate = props.autoScalingGroup.addLifecycleHook('FleetTerminateHook', {
        lifecycleHookName: TERMINATE_HOOK_NAME,
        lifecycleTransition: LifecycleTransition.INSTANCE_TERMINATING,
        heartbeatTimeout: Duration.seconds(fleet.terminate.hookHeartbeatTimeoutSeconds ?? AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS),
        // A terminating instance goes either way; CONTINUE says the forensics and drain were not vetoed.
        defaultResult: DefaultResult.CONTINUE,
        notificationTarget: target,
        role: props.notify?.role,
      });
    }
  }
}
