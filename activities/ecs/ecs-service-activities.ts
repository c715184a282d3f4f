import { DescribeServicesCommand, TagResourceCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs';
import { ApplicationFailure } from '@temporalio/common';
import { activityInfo, log } from '@temporalio/activity';
import { DESCRIBE_SERVICES_BATCH, LAST_DESIRED_COUNT_TAG } from '../../common/ecs-plan';
import type { AwsClientsForRegion } from '../aws-clients';
import { rethrowClassified } from '../aws-errors';

export { DESCRIBE_SERVICES_BATCH };

export interface EcsServiceRef {
  region?: string;
  cluster: string;
}

/** What the workflows decide on: one service as DescribeServices saw it. */
export interface EcsServiceSnapshot {
  service: string;
  /** Absent when ECS reported the service as MISSING. */
  arn?: string;
  status: string;
  desired: number;
  running: number;
  pending: number;
  /** failedTasks of the PRIMARY deployment (grows while tasks fail to start). */
  primaryFailedTasks: number;
  /** PRIMARY deployment rollout: IN_PROGRESS | COMPLETED | FAILED, or undefined when ECS does not track it. */
  primaryRolloutState?: string;
  primaryRolloutReason?: string;
  deploymentCount: number;
  /** A deployment FAILED by the circuit breaker, with ECS's reason. */
  failedDeploymentReason?: string;
  /** Count recorded by the last shutdown, from the service tag. */
  recordedDesiredCount?: number;
  newestEvent?: { at: string; message: string };
}

function toSnapshot(service: Service): EcsServiceSnapshot {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const failed = service.deployments?.find((d) => d.rolloutState === 'FAILED');
  const recorded = service.tags?.find((t) => t.key === LAST_DESIRED_COUNT_TAG)?.value;
  const recordedCount = recorded !== undefined && /^\d+$/.test(recorded) ? Number(recorded) : undefined;
  // ECS lists service events newest first.
  const newest = service.events?.[0];
  return {
    service: service.serviceName ?? '',
    arn: service.serviceArn,
    status: service.status ?? 'UNKNOWN',
    desired: service.desiredCount ?? 0,
    running: service.runningCount ?? 0,
    pending: service.pendingCount ?? 0,
    primaryFailedTasks: primary?.failedTasks ?? 0,
    primaryRolloutState: primary?.rolloutState,
    primaryRolloutReason: primary?.rolloutStateReason,
    deploymentCount: service.deployments?.length ?? 0,
    failedDeploymentReason: failed ? (failed.rolloutStateReason ?? 'deployment failed') : undefined,
    recordedDesiredCount: recordedCount,
    newestEvent: newest?.message
      ? { at: newest.createdAt ? newest.createdAt.toISOString() : '', message: newest.message }
      : undefined,
  };
}

export function createEcsActivities(clientsFor: AwsClientsForRegion) {
  /** One DescribeServices call (≤ 10 services), tags included; services ECS does not know come back as MISSING. */
  async function describeEcsServices(ref: EcsServiceRef, services: string[]): Promise<EcsServiceSnapshot[]> {
    if (services.length === 0) return [];
    if (services.length > DESCRIBE_SERVICES_BATCH) {
      throw ApplicationFailure.nonRetryable(
        `describeEcsServices: ${services.length} services asked, ECS allows ${DESCRIBE_SERVICES_BATCH} a call`,
        'InvalidParameterException',
      );
    }
    try {
      const out = await clientsFor(ref.region).ecs.send(
        new DescribeServicesCommand({ cluster: ref.cluster, services, include: ['TAGS'] }),
      );
      const found = new Map((out.services ?? []).map((s) => [s.serviceName ?? '', toSnapshot(s)]));
      return services.map(
        (name) =>
          found.get(name) ?? {
            service: name,
            status: 'MISSING',
            desired: 0,
            running: 0,
            pending: 0,
            primaryFailedTasks: 0,
            deploymentCount: 0,
          },
      );
    } catch (err) {
      return rethrowClassified(err, `DescribeServices in ${ref.cluster}`);
    }
  }

  return {
    describeEcsServices,

    /**
     * Sets the desired count. A retry first asks ECS whether an earlier attempt already set it
     * (its reply lost to a worker crash or a timeout), so the update is made once.
     */
    async setEcsDesiredCount(ref: EcsServiceRef, service: string, desiredCount: number): Promise<void> {
      if (activityInfo().attempt > 1) {
        const [now] = await describeEcsServices(ref, [service]);
        if (now?.status === 'ACTIVE' && now.desired === desiredCount) {
          log.info('ECS desired count already set by an earlier attempt', { cluster: ref.cluster, service, desiredCount });
          return;
        }
      }
      try {
        await clientsFor(ref.region).ecs.send(
          new UpdateServiceCommand({ cluster: ref.cluster, service, desiredCount }),
        );
        log.info('ECS desired count set', { cluster: ref.cluster, service, desiredCount });
      } catch (err) {
        return rethrowClassified(err, `UpdateService ${service}`, ['ServiceNotActiveException']);
      }
    },

    /** Tags the service with the count shutdown found, so the next startup restores what really ran. */
    async recordEcsDesiredCount(ref: EcsServiceRef, serviceArn: string, desiredCount: number): Promise<void> {
      try {
        await clientsFor(ref.region).ecs.send(
          new TagResourceCommand({
            resourceArn: serviceArn,
            tags: [{ key: LAST_DESIRED_COUNT_TAG, value: String(desiredCount) }],
          }),
        );
      } catch (err) {
        return rethrowClassified(err, `TagResource ${serviceArn}`, ['ResourceNotFoundException']);
      }
    },
  };
}

export type EcsActivities = ReturnType<typeof createEcsActivities>;
