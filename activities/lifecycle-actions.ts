import {
  CompleteLifecycleActionCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeLifecycleHooksCommand,
  RecordLifecycleActionHeartbeatCommand,
} from '@aws-sdk/client-auto-scaling';
import { Context, log } from '@temporalio/activity';
import {
  AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
  membershipShowsResult,
  type GroupMembership,
  type LifecycleActionRef,
  type LifecycleActionResult,
  type LifecycleCallOutcome,
  type LifecycleTransitionKind,
} from '../common/lifecycle';
import type { AwsClientsForRegion } from './aws-clients';
import { isLifecycleActionGone, rethrowClassified } from './aws-errors';

export interface LifecycleHookSettings {
  heartbeatTimeoutSeconds: number;
  defaultResult: LifecycleActionResult;
  globalTimeoutSeconds?: number;
}

/** The fields every call about one lifecycle action names it by. */
function actionParams(ref: LifecycleActionRef) {
  return {
    AutoScalingGroupName: ref.autoScalingGroupName,
    LifecycleHookName: ref.lifecycleHookName,
    InstanceId: ref.instanceId,
    LifecycleActionToken: ref.lifecycleActionToken,
  };
}

/** Activities shared by every hook-driven workflow (launch gate, terminate drain). */
export function createLifecycleActionActivities(clientsFor: AwsClientsForRegion) {
  async function describeGroupMembership(ref: Pick<LifecycleActionRef, 'region' | 'instanceId'>): Promise<GroupMembership> {
    try {
      const out = await clientsFor(ref.region).autoScaling.send(
        new DescribeAutoScalingInstancesCommand({ InstanceIds: [ref.instanceId] }),
      );
      const instance = out.AutoScalingInstances?.[0];
      if (!instance?.LifecycleState) return { kind: 'gone' };
      return { kind: 'member', lifecycleState: instance.LifecycleState, autoScalingGroupName: instance.AutoScalingGroupName ?? '' };
    } catch (err) {
      return rethrowClassified(err, 'DescribeAutoScalingInstances');
    }
  }

  return {
    /**
     * `transition` lets a retry tell our own earlier, accepted completion (its reply lost
     * to a worker crash or a timeout) from a decision made elsewhere.
     */
    async completeLifecycleAction(
      ref: LifecycleActionRef,
      result: LifecycleActionResult,
      transition?: LifecycleTransitionKind,
    ): Promise<LifecycleCallOutcome> {
      try {
        await clientsFor(ref.region).autoScaling.send(
          new CompleteLifecycleActionCommand({ ...actionParams(ref), LifecycleActionResult: result }),
        );
        log.info('lifecycle action completed', { instanceId: ref.instanceId, result });
        return 'done';
      } catch (err) {
        if (!isLifecycleActionGone(err)) return rethrowClassified(err, 'CompleteLifecycleAction');
      }
      // On the first attempt nobody but someone else can have ended the action.
      if (Context.current().info.attempt <= 1 || !transition) return 'action-not-found';
      const membership = await describeGroupMembership(ref);
      const applied = membershipShowsResult(membership, transition, result);
      log.info('lifecycle action gone on a retried completion', {
        instanceId: ref.instanceId,
        result,
        state: membership.kind === 'member' ? membership.lifecycleState : 'gone',
        applied,
      });
      return applied ? 'applied-earlier' : 'action-not-found';
    },

    /** Where the instance stands now: the proof a terminate workflow needs when its first heartbeat failed. */
    describeGroupMembership,

    async recordLifecycleActionHeartbeat(ref: LifecycleActionRef): Promise<LifecycleCallOutcome> {
      try {
        await clientsFor(ref.region).autoScaling.send(
          new RecordLifecycleActionHeartbeatCommand(actionParams(ref)),
        );
        return 'done';
      } catch (err) {
        if (isLifecycleActionGone(err)) return 'action-not-found';
        return rethrowClassified(err, 'RecordLifecycleActionHeartbeat');
      }
    },

    /** The hook's heartbeat timeout and default result, so workflows heartbeat before it runs out. */
    async describeLifecycleHook(
      ref: Pick<LifecycleActionRef, 'region' | 'autoScalingGroupName' | 'lifecycleHookName'>,
    ): Promise<LifecycleHookSettings | undefined> {
      try {
        const out = await clientsFor(ref.region).autoScaling.send(
          new DescribeLifecycleHooksCommand({
            AutoScalingGroupName: ref.autoScalingGroupName,
            LifecycleHookNames: [ref.lifecycleHookName],
          }),
        );
        const hook = out.LifecycleHooks?.[0];
        if (!hook) return undefined;
        return {
          heartbeatTimeoutSeconds: hook.HeartbeatTimeout ?? AWS_DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
          defaultResult: hook.DefaultResult === 'CONTINUE' ? 'CONTINUE' : 'ABANDON',
          globalTimeoutSeconds: hook.GlobalTimeout,
        };
      } catch (err) {
        return rethrowClassified(err, 'DescribeLifecycleHooks');
      }
    },
  };
}

export type LifecycleActionActivities = ReturnType<typeof createLifecycleActionActivities>;
