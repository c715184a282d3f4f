import { SimError } from '../wire/errors';
import { regionKey, type SimContext } from './context';

export interface EcsEvent {
  id: string;
  createdAt: Date;
  message: string;
}

export interface SimService {
  serviceName: string;
  serviceArn: string;
  clusterName: string;
  clusterArn: string;
  region: string;
  taskDefinition: string;
  launchType: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  createdAt: Date;
  deployment: { id: string; createdAt: Date; updatedAt: Date; failedTasks: number; rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' };
  events: EcsEvent[];
  /** Services (same cluster) that must have a running task for this one's tasks to start. */
  dependsOn: string[];
  tags: Array<{ key: string; value: string }>;
  stepPending: boolean;
}

export interface SimCluster {
  clusterName: string;
  clusterArn: string;
  region: string;
  services: Map<string, SimService>;
}

export interface ServiceSpec {
  name: string;
  desiredCount?: number;
  /** Start with this many tasks already running (defaults to desiredCount). */
  runningCount?: number;
  dependsOn?: string[];
  taskDefinition?: string;
  tags?: Array<{ key: string; value: string }>;
}

/**
 * ECS services that ramp: a desiredCount change makes tasks pending, and every
 * `ecsTaskStartMs` the pending tasks either start or, while a declared dependency has no
 * running task, fail (counted in the deployment's failedTasks, with a service event) and retry.
 */
export class Ecs {
  readonly clusters = new Map<string, SimCluster>();

  constructor(private readonly ctx: SimContext) {}

  createCluster(region: string, name = 'default'): SimCluster {
    const key = regionKey(region, name);
    const existing = this.clusters.get(key);
    if (existing) return existing;
    const cluster: SimCluster = {
      clusterName: name,
      clusterArn: `arn:aws:ecs:${region}:${this.ctx.accountId}:cluster/${name}`,
      region,
      services: new Map(),
    };
    this.clusters.set(key, cluster);
    return cluster;
  }

  cluster(region: string, nameOrArn: string | undefined): SimCluster {
    const name = (nameOrArn ?? 'default').split('/').pop()!;
    const cluster = this.clusters.get(regionKey(region, name));
    if (!cluster) throw new SimError('ClusterNotFoundException', 'Cluster not found.');
    return cluster;
  }

  createService(cluster: SimCluster, spec: ServiceSpec): SimService {
    if (cluster.services.has(spec.name)) {
      throw new SimError('InvalidParameterException', 'Creation of service was not idempotent.');
    }
    const now = this.ctx.clock.now();
    const desired = spec.desiredCount ?? 0;
    const service: SimService = {
      serviceName: spec.name,
      serviceArn: `arn:aws:ecs:${cluster.region}:${this.ctx.accountId}:service/${cluster.clusterName}/${spec.name}`,
      clusterName: cluster.clusterName,
      clusterArn: cluster.clusterArn,
      region: cluster.region,
      taskDefinition: spec.taskDefinition ?? `arn:aws:ecs:${cluster.region}:${this.ctx.accountId}:task-definition/${spec.name}:1`,
      launchType: 'FARGATE',
      desiredCount: desired,
      runningCount: Math.min(spec.runningCount ?? desired, desired),
      pendingCount: 0,
      createdAt: now,
      deployment: { id: `ecs-svc/${this.ctx.ids.hex('d').slice(2)}`, createdAt: now, updatedAt: now, failedTasks: 0, rolloutState: 'COMPLETED' },
      events: [],
      dependsOn: spec.dependsOn ?? [],
      tags: spec.tags ?? [],
      stepPending: false,
    };
    cluster.services.set(service.serviceName, service);
    this.schedule(cluster, service);
    return service;
  }

  service(cluster: SimCluster, nameOrArn: string): SimService | undefined {
    return cluster.services.get(nameOrArn.split('/').pop()!);
  }

  requireService(cluster: SimCluster, nameOrArn: string | undefined): SimService {
    const service = nameOrArn ? this.service(cluster, nameOrArn) : undefined;
    if (!service) throw new SimError('ServiceNotFoundException', 'Service not found.');
    return service;
  }

  update(cluster: SimCluster, service: SimService, change: { desiredCount?: number; taskDefinition?: string; forceNewDeployment?: boolean }): void {
    const now = this.ctx.clock.now();
    if (change.taskDefinition || change.forceNewDeployment) {
      service.taskDefinition = change.taskDefinition ?? service.taskDefinition;
      service.deployment = { id: `ecs-svc/${this.ctx.ids.hex('d').slice(2)}`, createdAt: now, updatedAt: now, failedTasks: 0, rolloutState: 'IN_PROGRESS' };
    }
    if (change.desiredCount !== undefined) {
      if (change.desiredCount < 0) throw new SimError('InvalidParameterException', 'desiredCount must be >= 0.');
      service.desiredCount = change.desiredCount;
    }
    service.deployment.updatedAt = now;
    this.schedule(cluster, service);
  }

  private addEvent(service: SimService, message: string): void {
    // Newest first, at most 100, as DescribeServices returns them.
    service.events.unshift({ id: this.ctx.ids.uuid(), createdAt: this.ctx.clock.now(), message: `(service ${service.serviceName}) ${message}` });
    service.events.length = Math.min(service.events.length, 100);
  }

  private schedule(cluster: SimCluster, service: SimService): void {
    if (service.runningCount < service.desiredCount) {
      service.pendingCount = service.desiredCount - service.runningCount;
      service.deployment.rolloutState = 'IN_PROGRESS';
    } else {
      service.pendingCount = 0;
    }
    if (service.stepPending || service.runningCount === service.desiredCount) return;
    service.stepPending = true;
    this.ctx.clock.after(this.ctx.timings.ecsTaskStartMs, () => {
      service.stepPending = false;
      this.step(cluster, service);
    });
  }

  private step(cluster: SimCluster, service: SimService): void {
    if (service.runningCount > service.desiredCount) {
      const stopped = service.runningCount - service.desiredCount;
      service.runningCount = service.desiredCount;
      this.addEvent(service, `has stopped ${stopped} running tasks.`);
    } else if (service.runningCount < service.desiredCount) {
      const starting = service.desiredCount - service.runningCount;
      const missing = service.dependsOn.filter((dep) => (cluster.services.get(dep)?.runningCount ?? 0) < 1);
      if (missing.length > 0) {
        service.deployment.failedTasks += starting;
        this.addEvent(service, `failed to start ${starting} tasks: essential container exited: dependency ${missing.join(', ')} is not running.`);
      } else {
        service.runningCount = service.desiredCount;
        this.addEvent(service, `has started ${starting} tasks.`);
      }
    }
    service.deployment.updatedAt = this.ctx.clock.now();
    if (service.runningCount === service.desiredCount) {
      service.pendingCount = 0;
      service.deployment.rolloutState = 'COMPLETED';
      this.addEvent(service, 'has reached a steady state.');
      return;
    }
    this.schedule(cluster, service);
  }
}
