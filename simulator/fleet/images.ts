import { cloudTrailEvent } from '../events/eventbridge';
import { SimError } from '../wire/errors';
import type { RequestContext, SimContext, Tag } from './context';
import type { Instances } from './instances';

export type ImageState = 'pending' | 'available' | 'failed';

export interface SimImage {
  imageId: string;
  region: string;
  name: string;
  description?: string;
  state: ImageState;
  creationDate: Date;
  sourceInstanceId?: string;
  tags: Tag[];
  stateReason?: { Code: string; Message: string };
}

export interface CreateImageRequest {
  instanceId: string;
  name: string;
  description?: string;
  noReboot?: boolean;
  tags?: Tag[];
}

/** AMIs: CreateImage starts `pending`; after `imageCreateMs` it is `available`, or `failed` when told to. */
export class Images {
  readonly byId = new Map<string, SimImage>();
  /** Outcomes for the next CreateImage calls, in order (then `available`). */
  readonly nextOutcomes: Array<'available' | 'failed'> = [];

  constructor(
    private readonly ctx: SimContext,
    private readonly instances: Instances,
  ) {}

  /** An AMI that already exists (a base image for launch templates). */
  register(region: string, image: { imageId?: string; name: string; description?: string; state?: ImageState; tags?: Tag[] }): SimImage {
    const created: SimImage = {
      imageId: image.imageId ?? this.ctx.ids.hex('ami'),
      region,
      name: image.name,
      description: image.description,
      state: image.state ?? 'available',
      creationDate: this.ctx.clock.now(),
      tags: [...(image.tags ?? [])],
    };
    this.byId.set(created.imageId, created);
    return created;
  }

  create(request: CreateImageRequest, call: RequestContext): SimImage {
    const instance = this.instances.require(request.instanceId, call.region);
    if (instance.state !== 'running') {
      throw new SimError('IncorrectInstanceState', `The instance '${instance.instanceId}' is not in a state from which it can be imaged (${instance.state}).`);
    }
    if (!request.name) throw new SimError('MissingParameter', 'The request must contain the parameter name');
    for (const image of this.byId.values()) {
      if (image.region === call.region && image.name === request.name) {
        throw new SimError('InvalidAMIName.Duplicate', `AMI name ${request.name} is already in use by AMI ${image.imageId}`);
      }
    }
    const image = this.register(call.region, { name: request.name, description: request.description, state: 'pending', tags: request.tags });
    image.sourceInstanceId = instance.instanceId;
    const outcome = this.nextOutcomes.shift() ?? 'available';
    this.ctx.clock.after(this.ctx.timings.imageCreateMs, () => {
      if (image.state !== 'pending') return;
      image.state = outcome;
      if (outcome === 'failed') image.stateReason = { Code: 'Server.InternalError', Message: 'Server.InternalError: Internal error on snapshot creation' };
    });
    this.ctx.events.emit(
      cloudTrailEvent(
        { id: this.ctx.ids.uuid(), account: this.ctx.accountId, region: call.region, time: this.ctx.clock.now() },
        {
          service: 'ec2',
          eventName: 'CreateImage',
          requestId: call.requestId,
          userAgent: call.userAgent,
          requestParameters: {
            instanceId: instance.instanceId,
            name: request.name,
            description: request.description,
            noReboot: request.noReboot ?? false,
          },
          responseElements: { requestId: call.requestId, imageId: image.imageId },
        },
      ),
    );
    return image;
  }

  require(imageId: string, region?: string): SimImage {
    if (!/^ami-[0-9a-f]{8,17}$/.test(imageId)) throw new SimError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
    const image = this.byId.get(imageId);
    if (!image || (region && image.region !== region)) throw new SimError('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
    return image;
  }
}
