import { AutoScaling } from './auto-scaling';
import type { SimContext } from './context';
import { Ecs } from './ecs';
import { Images } from './images';
import { Instances } from './instances';
import { LaunchTemplates } from './launch-templates';
import { Sns } from './sns';
import { Ssm } from './ssm';

/** The whole simulated account: every service's model, sharing one clock and event bus. */
export class Fleet {
  readonly instances: Instances;
  readonly images: Images;
  readonly launchTemplates: LaunchTemplates;
  readonly autoScaling: AutoScaling;
  readonly ecs: Ecs;
  readonly ssm: Ssm;
  readonly sns: Sns;

  constructor(readonly ctx: SimContext) {
    this.instances = new Instances(ctx);
    this.images = new Images(ctx, this.instances);
    this.launchTemplates = new LaunchTemplates(ctx);
    this.autoScaling = new AutoScaling(ctx, this.instances, this.launchTemplates);
    this.ecs = new Ecs(ctx);
    this.ssm = new Ssm(ctx, this.instances);
    this.sns = new Sns(ctx);
  }
}
