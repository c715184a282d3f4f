import { CreateImageCommand, DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import { log } from '@temporalio/activity';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

/** The tag a forensic image is found by before anything is created: one image per workflow. */
export const WORKFLOW_ID_TAG = 'fleet-workflows:workflow-id';

export interface ForensicImageRequest {
  region?: string;
  instanceId: string;
  workflowId: string;
  /** Deterministic (from the workflow id): a second CreateImage with it fails as a duplicate. */
  name: string;
  noReboot: boolean;
  description?: string;
  /** Evidence: instance, ASG, cause, decision… The workflow id tag is added here. */
  tags: Record<string, string>;
}

export interface ForensicImage {
  imageId: string;
  name: string;
  /** An earlier attempt (retried, or lost with a dead worker) had already created it. */
  reused: boolean;
}

export interface ForensicImageState {
  /** EC2 ImageState (pending, available, failed, invalid, deregistered, error…) or 'not-visible-yet'. */
  state: string;
  stateReason?: string;
}

// Instance gone or in the wrong state, or a malformed name: no retry makes CreateImage succeed.
const CREATE_IMAGE_NEVER_SUCCEEDS = ['IncorrectInstanceState', 'InvalidInstanceID.NotFound', 'InvalidAMIName.Malformed'];

/** EC2 tag values: at most 256 characters from a conservative set, so tagging never fails on a Cause text. */
export function tagValue(value: string): string {
  return value.replace(/[^\p{L}\p{N} +\-=._:/@]/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 256);
}

export function createForensicImageActivities(clientsFor: AwsClientsForRegion) {
  async function findImage(region: string | undefined, filter: { Name: string; Values: string[] }): Promise<Image | undefined> {
    const out = await clientsFor(region).ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [filter] }));
    return out.Images?.find((image) => image.ImageId && image.State !== 'deregistered');
  }

  return {
    /**
     * CreateImage exactly once per workflow: look for our own tag first (an earlier attempt
     * may have succeeded and then timed out), then create with the tag on the image and its
     * snapshots; a duplicate name means the tag search missed an image just created.
     */
    async createForensicImage(request: ForensicImageRequest): Promise<ForensicImage> {
      const { region, instanceId, workflowId, name } = request;
      try {
        const existing = await findImage(region, { Name: `tag:${WORKFLOW_ID_TAG}`, Values: [workflowId] });
        if (existing?.ImageId) {
          log.info('forensic image already created by an earlier attempt', { imageId: existing.ImageId, instanceId });
          return { imageId: existing.ImageId, name: existing.Name ?? name, reused: true };
        }
      } catch (err) {
        return rethrowClassified(err, 'DescribeImages');
      }

      const tags = Object.entries({ ...request.tags, Name: name, [WORKFLOW_ID_TAG]: workflowId }).map(([Key, Value]) => ({
        Key,
        Value: Key === WORKFLOW_ID_TAG ? Value : tagValue(Value),
      }));
      try {
        const out = await clientsFor(region).ec2.send(
          new CreateImageCommand({
            InstanceId: instanceId,
            Name: name,
            Description: request.description?.slice(0, 255),
            NoReboot: request.noReboot,
            TagSpecifications: [
              { ResourceType: 'image', Tags: tags },
              { ResourceType: 'snapshot', Tags: tags },
            ],
          }),
        );
        if (!out.ImageId) throw new Error('CreateImage answered without an ImageId');
        log.info('forensic image requested', { imageId: out.ImageId, instanceId });
        return { imageId: out.ImageId, name, reused: false };
      } catch (err) {
        if (awsErrorName(err) === 'InvalidAMIName.Duplicate') {
          const byName = await findImage(region, { Name: 'name', Values: [name] }).catch((e: unknown) =>
            rethrowClassified(e, 'DescribeImages'),
          );
          if (byName?.ImageId) return { imageId: byName.ImageId, name, reused: true };
        }
        return rethrowClassified(err, 'CreateImage', CREATE_IMAGE_NEVER_SUCCEEDS);
      }
    },

    async describeForensicImage(request: { region?: string; imageId: string }): Promise<ForensicImageState> {
      try {
        const out = await clientsFor(request.region).ec2.send(new DescribeImagesCommand({ ImageIds: [request.imageId] }));
        const image = out.Images?.[0];
        if (!image) return { state: 'not-visible-yet' };
        return { state: image.State ?? 'unknown', stateReason: image.StateReason?.Message };
      } catch (err) {
        // EC2 is eventually consistent: a brand-new image id may not be describable for a moment.
        if (awsErrorName(err) === 'InvalidAMIID.NotFound') return { state: 'not-visible-yet' };
        return rethrowClassified(err, 'DescribeImages');
      }
    },
  };
}
