import { SimError } from '../wire/errors';
import type { SimContext, Tag } from './context';

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated';

const STATE_CODES: Record<InstanceStateName, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 };

export interface SimInstance {
  instanceId: string;
  region: string;
  imageId: string;
  instanceType: string;
  availabilityZone: string;
  privateIpAddress: string;
  state: InstanceStateName;
  launchTime: Date;
  tags: Tag[];
  autoScalingGroupName?: string;
  launchTemplate?: { LaunchTemplateId: string; LaunchTemplateName: string; Version: string };
  /** After boot, how long until the instance serves the origin's content; null: it never does. */
  contentSyncMs: number | null;
}

export interface LaunchRequest {
  region: string;
  imageId: string;
  instanceType?: string;
  tags?: Tag[];
  autoScalingGroupName?: string;
  launchTemplate?: SimInstance['launchTemplate'];
  contentSyncMs?: number | null;
}

export function stateCode(state: InstanceStateName): number {
  return STATE_CODES[state];
}

export function privateDnsName(ip: string, region: string): string {
  const suffix = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${ip.replace(/\./g, '-')}.${suffix}`;
}

/** EC2 instances: pending → running (web server up) → shutting-down → terminated. */
export class Instances {
  readonly byId = new Map<string, SimInstance>();

  constructor(private readonly ctx: SimContext) {}

  launch(request: LaunchRequest): SimInstance {
    const instance: SimInstance = {
      instanceId: this.ctx.ids.hex('i'),
      region: request.region,
      imageId: request.imageId,
      instanceType: request.instanceType ?? 't3.micro',
      availabilityZone: `${request.region}a`,
      privateIpAddress: this.ctx.ips.allocate(),
      state: 'pending',
      launchTime: this.ctx.clock.now(),
      tags: [...(request.tags ?? [])],
      autoScalingGroupName: request.autoScalingGroupName,
      launchTemplate: request.launchTemplate,
      contentSyncMs: request.contentSyncMs === undefined ? this.ctx.timings.contentSyncMs : request.contentSyncMs,
    };
    if (instance.autoScalingGroupName) instance.tags.push({ Key: 'aws:autoscaling:groupName', Value: instance.autoScalingGroupName });
    this.byId.set(instance.instanceId, instance);
    this.ctx.clock.after(this.ctx.timings.instanceBootMs, () => this.boot(instance));
    return instance;
  }

  private boot(instance: SimInstance): void {
    if (instance.state !== 'pending') return;
    instance.state = 'running';
    const syncAt = instance.contentSyncMs === null ? null : this.ctx.clock.now().getTime() + instance.contentSyncMs;
    this.ctx.track(this.ctx.content.serve(instance.instanceId, instance.privateIpAddress, syncAt));
  }

  terminate(instanceId: string): void {
    const instance = this.byId.get(instanceId);
    if (!instance || instance.state === 'shutting-down' || instance.state === 'terminated') return;
    instance.state = 'shutting-down';
    this.ctx.track(this.ctx.content.stop(instanceId));
    this.ctx.clock.after(this.ctx.timings.instanceShutdownMs, () => {
      instance.state = 'terminated';
    });
  }

  /** Changes when an instance syncs (or that it never does), counted from its boot or from now if it is up. */
  setContentSync(instanceId: string, delayMs: number | null): void {
    const instance = this.require(instanceId);
    instance.contentSyncMs = delayMs;
    if (instance.state === 'running') {
      this.ctx.content.setSyncAt(instanceId, delayMs === null ? null : this.ctx.clock.now().getTime() + delayMs);
    }
  }

  require(instanceId: string, region?: string): SimInstance {
    if (!/^i-[0-9a-f]{8,17}$/.test(instanceId)) {
      throw new SimError('InvalidInstanceID.Malformed', `Invalid id: "${instanceId}"`);
    }
    const instance = this.byId.get(instanceId);
    if (!instance || (region && instance.region !== region)) {
      throw new SimError('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`);
    }
    return instance;
  }
}
