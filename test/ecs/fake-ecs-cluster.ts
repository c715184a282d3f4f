import {
  DescribeServicesCommand,
  ECSClient,
  TagResourceCommand,
  UpdateServiceCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  type Service,
} from '@aws-sdk/client-ecs';
import { Context } from '@temporalio/activity';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export interface FakeServiceSpec {
  name: string;
  desired?: number;
  running?: number;
  /** Seconds from launch until a task is RUNNING (or fails). */
  startupSeconds?: number;
  /** Seconds from desired 0 until every task is gone. */
  stopSeconds?: number;
  /** Tasks launched while one of these has no running task crash on boot (service B needs A). */
  needsRunning?: string[];
  /** Every task fails to start. */
  alwaysFails?: boolean;
  /** The deployment circuit breaker rolls back once this many tasks failed. */
  circuitBreakerAfter?: number;
  tags?: Record<string, string>;
}

interface FakeService {
  spec: FakeServiceSpec;
  arn: string;
  desired: number;
  running: number;
  pending: number;
  failedTasks: number;
  launchAt: number;
  launchedWithNeedsUp: boolean;
  stopAt: number;
  rolledBack?: string;
  events: { createdAt: Date; message: string }[];
  tags: Record<string, string>;
}

export interface FakeEcsCall {
  at: number;
  command: 'UpdateService' | 'TagResource' | 'DescribeServices';
  service?: string;
  services?: string[];
  desiredCount?: number;
  tags?: Record<string, string>;
}

/**
 * A small in-memory ECS cluster driven by the test server's clock (the time each activity
 * was scheduled), so tasks take their startup time in skipped workflow time. It models
 * what the original got wrong: B's tasks crash when launched while A runs no task.
 */
export class FakeEcsCluster {
  readonly calls: FakeEcsCall[] = [];
  private readonly services = new Map<string, FakeService>();

  constructor(
    readonly cluster: string,
    specs: FakeServiceSpec[],
    private readonly now: () => number = activityClock,
  ) {
    for (const spec of specs) {
      const running = spec.running ?? 0;
      this.services.set(spec.name, {
        spec,
        arn: `arn:aws:ecs:us-east-1:123456789012:service/${cluster}/${spec.name}`,
        desired: spec.desired ?? running,
        running,
        pending: 0,
        failedTasks: 0,
        launchAt: 0,
        launchedWithNeedsUp: true,
        stopAt: 0,
        events: [{ createdAt: new Date(0), message: `(service ${spec.name}) has reached a steady state.` }],
        tags: { ...spec.tags },
      });
    }
  }

  /** Routes the mocked client's commands to this cluster. */
  attach(stub: AwsClientStub<ECSClient>): void {
    stub.on(DescribeServicesCommand).callsFake((input: DescribeServicesCommandInput) => this.describe(input));
    stub.on(UpdateServiceCommand).callsFake((input: { service: string; desiredCount: number; cluster: string }) =>
      this.update(input.cluster, input.service, input.desiredCount),
    );
    stub.on(TagResourceCommand).callsFake((input: { resourceArn: string; tags: { key: string; value: string }[] }) =>
      this.tag(input.resourceArn, input.tags),
    );
  }

  service(name: string): FakeService {
    const found = this.services.get(name);
    if (!found) throw new Error(`fake ECS: no service ${name}`);
    return found;
  }

  updates(): FakeEcsCall[] {
    return this.calls.filter((c) => c.command === 'UpdateService');
  }

  firstUpdateAt(service: string): number | undefined {
    return this.updates().find((c) => c.service === service)?.at;
  }

  describe(input: DescribeServicesCommandInput): DescribeServicesCommandOutput {
    const t = this.now();
    this.checkCluster(input.cluster);
    this.calls.push({ at: t, command: 'DescribeServices', services: [...(input.services ?? [])] });
    if ((input.services?.length ?? 0) > 10) {
      throw Object.assign(new Error('services can have at most 10 items'), { name: 'InvalidParameterException', $metadata: {} });
    }
    this.advance(t);
    const services: Service[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const name of input.services ?? []) {
      const s = this.services.get(name);
      if (!s) {
        failures.push({ arn: `arn:aws:ecs:us-east-1:123456789012:service/${this.cluster}/${name}`, reason: 'MISSING' });
        continue;
      }
      const steady = s.pending === 0 && s.running === s.desired;
      services.push({
        serviceName: name,
        serviceArn: s.arn,
        status: 'ACTIVE',
        desiredCount: s.desired,
        runningCount: s.running,
        pendingCount: s.pending,
        deployments: [
          {
            id: `ecs-svc/${name}`,
            status: 'PRIMARY',
            desiredCount: s.desired,
            runningCount: s.running,
            pendingCount: s.pending,
            failedTasks: s.failedTasks,
            rolloutState: s.rolledBack ? 'FAILED' : steady ? 'COMPLETED' : 'IN_PROGRESS',
            rolloutStateReason: s.rolledBack,
          },
        ],
        events: [...s.events].reverse().map((e, i) => ({ id: `${name}-${i}`, createdAt: e.createdAt, message: e.message })),
        tags: input.include?.includes('TAGS') ? Object.entries(s.tags).map(([key, value]) => ({ key, value })) : undefined,
      });
    }
    return { services, failures, $metadata: {} };
  }

  update(cluster: string, name: string, desiredCount: number) {
    const t = this.now();
    this.checkCluster(cluster);
    this.calls.push({ at: t, command: 'UpdateService', service: name, desiredCount });
    const s = this.services.get(name);
    if (!s) throw Object.assign(new Error('Service not found.'), { name: 'ServiceNotFoundException', $metadata: {} });
    this.advance(t);
    s.desired = desiredCount;
    this.advance(t);
    return { service: { serviceName: name, desiredCount }, $metadata: {} };
  }

  tag(resourceArn: string, tags: { key: string; value: string }[]) {
    const t = this.now();
    const s = [...this.services.values()].find((x) => x.arn === resourceArn);
    this.calls.push({ at: t, command: 'TagResource', service: s?.spec.name, tags: Object.fromEntries(tags.map((x) => [x.key, x.value])) });
    if (!s) throw Object.assign(new Error('The specified resource could not be found.'), { name: 'ResourceNotFoundException', $metadata: {} });
    for (const { key, value } of tags) s.tags[key] = value;
    return { $metadata: {} };
  }

  private checkCluster(cluster: string | undefined): void {
    if (cluster !== this.cluster) {
      throw Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException', $metadata: {} });
    }
  }

  private needsUp(s: FakeService): boolean {
    return (s.spec.needsRunning ?? []).every((name) => (this.services.get(name)?.running ?? 0) > 0);
  }

  /** Moves every service to time t: launches, boots or crashes tasks, stops surplus ones. */
  private advance(t: number): void {
    for (const s of this.services.values()) {
      const startup = (s.spec.startupSeconds ?? 20) * 1000;
      if (s.pending > 0 && t >= s.launchAt) {
        if (s.launchedWithNeedsUp && !s.spec.alwaysFails) {
          s.running += s.pending;
          s.pending = 0;
          s.events.push({ createdAt: new Date(t), message: `(service ${s.spec.name}) has reached a steady state.` });
        } else {
          s.failedTasks += s.pending;
          s.events.push({
            createdAt: new Date(t),
            message: `(service ${s.spec.name}) tasks failed to start: essential container exited`,
          });
          if (s.spec.circuitBreakerAfter !== undefined && s.failedTasks >= s.spec.circuitBreakerAfter) {
            s.rolledBack = 'ECS deployment circuit breaker: tasks failed to start.';
            s.pending = 0;
            continue;
          }
          // ECS launches replacements; they boot with whatever is running now.
          s.launchAt = t + startup;
          s.launchedWithNeedsUp = this.needsUp(s);
        }
      }
      if (!s.rolledBack && s.desired > s.running + s.pending) {
        if (s.pending === 0) {
          s.launchAt = t + startup;
          s.launchedWithNeedsUp = this.needsUp(s);
        }
        s.pending = s.desired - s.running;
      }
      if (s.desired < s.running + s.pending) {
        s.pending = Math.max(0, s.desired - s.running);
        if (s.running > s.desired) {
          if (s.stopAt === 0) s.stopAt = t + (s.spec.stopSeconds ?? 15) * 1000;
          if (t >= s.stopAt) {
            s.running = s.desired;
            s.stopAt = 0;
            s.events.push({ createdAt: new Date(t), message: `(service ${s.spec.name}) has stopped ${s.running} running tasks.` });
          }
        }
      }
    }
  }
}

/** The test server's time for the activity calling the client: skipped time, not wall time. */
export function activityClock(): number {
  return Context.current().info.currentAttemptScheduledTimestampMs;
}

