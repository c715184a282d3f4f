import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { LifecycleActionRef } from '../../common/lifecycle';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

export type InstanceAddress =
  | { kind: 'address'; privateIp: string; state: string }
  | { kind: 'gone'; state: string };

const NOT_FOUND_ATTEMPTS_BEFORE_GONE = 3;
const GONE_STATES = new Set(['shutting-down', 'terminated']);

/** Finds the launching instance's private IP: the only address the replica check may go to. */
export function createDescribeInstanceAddressActivities(clientsFor: AwsClientsForRegion) {
  return {
    async describeInstanceAddress(ref: Pick<LifecycleActionRef, 'region' | 'instanceId'>): Promise<InstanceAddress> {
      let instance;
      try {
        const out = await clientsFor(ref.region).ec2.send(new DescribeInstancesCommand({ InstanceIds: [ref.instanceId] }));
        instance = out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === ref.instanceId);
      } catch (err) {
        if (awsErrorName(err) === 'InvalidInstanceID.NotFound') {
          // EC2 is eventually consistent: a just-launched instance can be unknown for a moment,
          // so only a repeated not-found means gone (EC2 forgets terminated instances).
          if (activityInfo().attempt < NOT_FOUND_ATTEMPTS_BEFORE_GONE) throw err;
          return { kind: 'gone', state: 'not-found' };
        }
        return rethrowClassified(err, 'DescribeInstances');
      }
      if (!instance) return { kind: 'gone', state: 'not-found' };
      const state = instance.State?.Name ?? 'unknown';
      if (GONE_STATES.has(state)) return { kind: 'gone', state };
      if (!instance.PrivateIpAddress) {
        // Retryable on purpose: the address appears within seconds of launch.
        throw ApplicationFailure.retryable(`instance ${ref.instanceId} (${state}) has no private IP yet`, 'InstanceHasNoPrivateIp');
      }
      return { kind: 'address', privateIp: instance.PrivateIpAddress, state };
    },
  };
}

export type DescribeInstanceAddressActivities = ReturnType<typeof createDescribeInstanceAddressActivities>;
