import {
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

export interface StartedInstanceRefresh {
  instanceRefreshId: string;
  /** A refresh was already running (ours from an earlier attempt, or someone else's): it was adopted. */
  adopted: boolean;
}

export interface InstanceRefreshStatus {
  status: string;
  percentageComplete?: number;
  statusReason?: string;
}

const RUNNING = ['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking'];

export function createInstanceRefreshActivities(clientsFor: AwsClientsForRegion) {
  async function runningRefreshId(region: string, autoScalingGroupName: string): Promise<string | undefined> {
    const out = await clientsFor(region).autoScaling.send(
      new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: autoScalingGroupName }),
    );
    return out.InstanceRefreshes?.find((r) => RUNNING.includes(r.Status ?? ''))?.InstanceRefreshId;
  }

  return {
    /** Safe to retry: when a refresh is already running (an earlier attempt's included) it is adopted, not duplicated. */
    async startInstanceRefresh(
      region: string,
      autoScalingGroupName: string,
      minHealthyPercentage?: number,
    ): Promise<StartedInstanceRefresh> {
      try {
        const out = await clientsFor(region).autoScaling.send(
          new StartInstanceRefreshCommand({
            AutoScalingGroupName: autoScalingGroupName,
            Strategy: 'Rolling',
            Preferences: minHealthyPercentage === undefined ? undefined : { MinHealthyPercentage: minHealthyPercentage },
          }),
        );
        if (!out.InstanceRefreshId) throw new Error(`StartInstanceRefresh ${autoScalingGroupName} returned no id`);
        return { instanceRefreshId: out.InstanceRefreshId, adopted: false };
      } catch (err) {
        if (awsErrorName(err) === 'InstanceRefreshInProgressFault') {
          const running = await runningRefreshId(region, autoScalingGroupName).catch((e: unknown) =>
            rethrowClassified(e, `DescribeInstanceRefreshes ${autoScalingGroupName}`),
          );
          // Finished between the two calls: the next attempt starts a fresh one.
          if (!running) throw new Error(`instance refresh on ${autoScalingGroupName} ended while being adopted`);
          return { instanceRefreshId: running, adopted: true };
        }
        return rethrowClassified(err, `StartInstanceRefresh ${autoScalingGroupName}`, ['ValidationError']);
      }
    },

    async describeInstanceRefresh(
      region: string,
      autoScalingGroupName: string,
      instanceRefreshId: string,
    ): Promise<InstanceRefreshStatus> {
      try {
        const out = await clientsFor(region).autoScaling.send(
          new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: autoScalingGroupName, InstanceRefreshIds: [instanceRefreshId] }),
        );
        const refresh = out.InstanceRefreshes?.[0];
        if (!refresh) return { status: 'NotFound' };
        const status: InstanceRefreshStatus = { status: refresh.Status ?? 'Unknown' };
        if (refresh.PercentageComplete !== undefined) status.percentageComplete = refresh.PercentageComplete;
        if (refresh.StatusReason) status.statusReason = refresh.StatusReason;
        return status;
      } catch (err) {
        return rethrowClassified(err, `DescribeInstanceRefreshes ${autoScalingGroupName}`);
      }
    },
  };
}
