import { DescribeImagesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { ImageSourceReport } from '../../common/golden-image-source';
import type { AwsClientsForRegion } from '../aws-clients';
import { awsErrorName, rethrowClassified } from '../aws-errors';

const GROUP_NAME_TAG = 'aws:autoscaling:groupName';

export function createImageSourceActivities(clientsFor: AwsClientsForRegion) {
  return {
    /**
     * Where the image came from, as EC2 tells it now: the image's own SourceInstanceId (set by
     * CreateImage) and that instance's `aws:autoscaling:groupName` tag. What EC2 no longer
     * knows (an instance terminated over an hour ago) is reported as unknown, not as a mismatch.
     */
    async describeImageSource(region: string, imageId: string): Promise<ImageSourceReport> {
      const { ec2 } = clientsFor(region);
      let sourceInstanceId: string | undefined;
      try {
        const images = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
        sourceInstanceId = images.Images?.find((i) => i.ImageId === imageId)?.SourceInstanceId;
      } catch (err) {
        if (awsErrorName(err) === 'InvalidAMIID.NotFound' || awsErrorName(err) === 'InvalidAMIID.Unavailable') return { instance: 'unknown' };
        return rethrowClassified(err, `DescribeImages ${imageId}`);
      }
      if (!sourceInstanceId) return { instance: 'unknown' };
      try {
        const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [sourceInstanceId] }));
        const instance = out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === sourceInstanceId);
        if (!instance) return { instance: 'gone', sourceInstanceId };
        const group = instance.Tags?.find((t) => t.Key === GROUP_NAME_TAG)?.Value;
        return group ? { instance: 'in-group', sourceInstanceId, autoScalingGroupName: group } : { instance: 'in-no-group', sourceInstanceId };
      } catch (err) {
        if (awsErrorName(err) === 'InvalidInstanceID.NotFound') return { instance: 'gone', sourceInstanceId };
        return rethrowClassified(err, `DescribeInstances ${sourceInstanceId}`);
      }
    },
  };
}

export type ImageSourceActivities = ReturnType<typeof createImageSourceActivities>;
