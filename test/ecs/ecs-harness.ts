import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mockClient } from 'aws-sdk-client-mock';
import { sameClientsForEveryRegion, type AwsClients } from '../../activities/aws-clients';
import { createEcsActivities } from '../../activities/ecs';
import { createNotificationActivities } from '../../activities/notifications';
import { ECS_PLAN_DEFAULTS, type EcsPlan, type EcsServicePlan } from '../../common/ecs-plan';
import { uniqueTaskQueue, workflowBundle } from '../helpers/time-skipping';
import { FakeEcsCluster, type FakeServiceSpec } from './fake-ecs-cluster';

export const ecsMock = mockClient(ECSClient);
export const snsMock = mockClient(SNSClient);

const clients = {
  ecs: new ECSClient({ region: 'us-east-1' }),
  sns: new SNSClient({ region: 'us-east-1' }),
  ssm: new SSMClient({ region: 'us-east-1' }),
} as AwsClients;

export const CLUSTER = 'myapp-dev-cluster';
export const svc = (letter: string) => `myapp-dev-service${letter}`;

/** The original's graph: A → B → {C, D, E}, desired 1, 3, 1, 7, 1. */
export function originalPlan(overrides: Partial<EcsPlan> = {}): EcsPlan {
  return plan(
    [
      { name: svc('A'), desiredCount: 1, dependsOn: [] },
      { name: svc('B'), desiredCount: 3, dependsOn: [svc('A')] },
      { name: svc('C'), desiredCount: 1, dependsOn: [svc('B')] },
      { name: svc('D'), desiredCount: 7, dependsOn: [svc('B')] },
      { name: svc('E'), desiredCount: 1, dependsOn: [svc('B')] },
    ],
    overrides,
  );
}

export function plan(services: EcsServicePlan[], overrides: Partial<EcsPlan> = {}): EcsPlan {
  return {
    name: 'myapp-dev',
    cluster: CLUSTER,
    services,
    readiness: { ...ECS_PLAN_DEFAULTS.readiness },
    pollIntervalSeconds: ECS_PLAN_DEFAULTS.pollIntervalSeconds,
    serviceTimeoutSeconds: ECS_PLAN_DEFAULTS.serviceTimeoutSeconds,
    overallTimeoutSeconds: ECS_PLAN_DEFAULTS.overallTimeoutSeconds,
    maxFailedTasks: ECS_PLAN_DEFAULTS.maxFailedTasks,
    ...overrides,
  };
}

/** The original's cluster, stopped; B's tasks crash unless A runs. */
export function originalCluster(extra: Partial<Record<string, Partial<FakeServiceSpec>>> = {}): FakeEcsCluster {
  const needs: Record<string, string[]> = { B: [svc('A')], C: [svc('B')], D: [svc('B')], E: [svc('B')] };
  return new FakeEcsCluster(
    CLUSTER,
    ['A', 'B', 'C', 'D', 'E'].map((l) => ({ name: svc(l), needsRunning: needs[l], ...extra[l] })),
  );
}

/** A worker running the real ECS and notification activities against the mocked clients. */
export async function ecsWorker(env: TestWorkflowEnvironment, cluster: FakeEcsCluster, workerEnv: NodeJS.ProcessEnv = {}) {
  ecsMock.reset();
  snsMock.reset();
  cluster.attach(ecsMock);
  const clientsFor = sameClientsForEveryRegion(clients);
  const taskQueue = uniqueTaskQueue('ecs');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...createEcsActivities(clientsFor), ...createNotificationActivities({ clientsFor, env: workerEnv }) },
  });
  return { worker, taskQueue };
}
