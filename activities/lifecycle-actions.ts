import {
  CompleteLifecycleActionCommand,
  DescribeLifecycleHooksCommand,
  RecordLifecycleActionHeartbeatCommand,
} from '@aws-sdk/client-auto-scaling';
import { log } from '@temporalio/activity';
import type { LifecycleActionRef, LifecycleActionResult, LifecycleCallOutcome } from '../common/lifecycle';
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
  return {
    async completeLifecycleAction(
      ref: LifecycleActionRef,
      result: LifecycleActionResult,
    ): Promise<LifecycleCallOutcome> {
      try {
        await clientsFor(ref.region).autoScaling.send(
          new CompleteLifecycleActionCommand({ ...actionParams(ref), LifecycleActionResult: result }),
        );
        log.info('lifecycle action completed', { instanceId: ref.instanceId, result });
        return 'done';
      } catch (err) {
        // Already completed, abandoned or expired: the instance has moved on; retrying cannot help.
        if (isLifecycleActionGone(err)) return 'action-not-found';
        return rethrowClassified(err, 'CompleteLifecycleAction');
      }
    },

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
          heartbeatTimeoutSeconds: hook.HeartbeatTimeout ?? 3600,
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
