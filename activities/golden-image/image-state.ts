import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import type { ImageState, ImageStateReport } from '../../common/golden-image';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

const KNOWN_STATES = new Set<ImageState>([
  'pending',
  'transient',
  'available',
  'failed',
  'error',
  'invalid',
  'deregistered',
  'disabled',
]);

export function createImageStateActivities(clientsFor: AwsClientsForRegion) {
  return {
    /** One DescribeImages look (state and creation date); the workflow does the waiting with durable timers. */
    async describeImageState(region: string, imageId: string): Promise<ImageStateReport> {
      try {
        const out = await clientsFor(region).ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
        const image = out.Images?.find((i) => i.ImageId === imageId);
        if (!image?.State) return { state: 'missing' };
        const state = KNOWN_STATES.has(image.State as ImageState) ? (image.State as ImageState) : 'pending';
        const report: ImageStateReport = { state };
        if (image.StateReason?.Message) report.reason = image.StateReason.Message;
        if (image.CreationDate) report.creationDate = image.CreationDate;
        return report;
      } catch (err) {
        // Deregistered images soon vanish from DescribeImages, which then names the id as unknown.
        if (awsErrorName(err) === 'InvalidAMIID.NotFound' || awsErrorName(err) === 'InvalidAMIID.Unavailable') {
          return { state: 'missing' };
        }
        return rethrowClassified(err, `DescribeImages ${imageId}`);
      }
    },
  };
}
