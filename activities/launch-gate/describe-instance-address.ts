import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { LifecycleActionRef } from '../../common/lifecycle';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';
import { batchedInstanceLookup, type InstanceBatchOptions } from './instance-batches';

export type InstanceAddress =
  | { kind: 'address'; privateIp: string; state: string }
  | { kind: 'gone'; state: string };

const NOT_FOUND_ATTEMPTS_BEFORE_GONE = 3;
const GONE_STATES = new Set(['shutting-down', 'terminated']);
/** A burst's lookups share calls; a lone gate waits 50 ms for company it will not get. */
const BATCHES: InstanceBatchOptions = { windowMs: 50, maxInstances: 100 };

/** Finds the launching instance's private IP: the only address the replica check may go to. */
export function createDescribeInstanceAddressActivities(clientsFor: AwsClientsForRegion, batches: InstanceBatchOptions = BATCHES) {
  const describeInstance = batchedInstanceLookup(clientsFor, batches);

  // EC2 is eventually consistent: a just-launched instance can be unknown for a moment, so only
  // a repeated not-found means gone (EC2 forgets terminated instances).
  function notFound(instanceId: string): InstanceAddress {
    if (activityInfo().attempt < NOT_FOUND_ATTEMPTS_BEFORE_GONE) {
      throw ApplicationFailure.retryable(`EC2 does not list ${instanceId} (yet)`, 'InvalidInstanceID.NotFound');
    }
    return { kind: 'gone', state: 'not-found' };
  }

  return {
    async describeInstanceAddress(ref: Pick<LifecycleActionRef, 'region' | 'instanceId'>): Promise<InstanceAddress> {
      let instance;
      try {
        instance = await describeInstance(ref.region, ref.instanceId);
      } catch (err) {
        if (awsErrorName(err) === 'InvalidInstanceID.NotFound') return notFound(ref.instanceId);
        return rethrowClassified(err, 'DescribeInstances');
      }
      if (!instance) return notFound(ref.instanceId);
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
