/**
 * The source of a backup image, as the bridge found it: CreateImage's instance and that
 * instance's Auto Scaling group, whose fleet the rollout belongs to.
 */
export interface GoldenImageSource {
  instanceId: string;
  autoScalingGroupName: string;
}

/** What EC2 says of an image's source when the rollout checks it again. */
export type ImageSourceReport =
  /** The image names no source instance (not made by CreateImage), or is gone: nothing to compare. */
  | { instance: 'unknown' }
  /** EC2 no longer knows the instance (terminated a while ago): its group cannot be read. */
  | { instance: 'gone'; sourceInstanceId: string }
  | { instance: 'in-no-group'; sourceInstanceId: string }
  | { instance: 'in-group'; sourceInstanceId: string; autoScalingGroupName: string };

/**
 * Why the image is not the fleet's after all, or undefined when nothing contradicts the
 * bridge. Only a contradiction stops the rollout; what EC2 cannot tell any more does not.
 */
export function sourceMismatch(expected: GoldenImageSource, found: ImageSourceReport): string | undefined {
  if (found.instance === 'unknown' || found.instance === 'gone') return undefined;
  if (found.sourceInstanceId !== expected.instanceId) {
    return `EC2 says the image was made from ${found.sourceInstanceId}, not ${expected.instanceId} as the event said`;
  }
  if (found.instance === 'in-no-group') return `its source instance ${found.sourceInstanceId} is in no Auto Scaling group`;
  if (found.autoScalingGroupName !== expected.autoScalingGroupName) {
    return `its source instance ${found.sourceInstanceId} is in ${found.autoScalingGroupName}, not ${expected.autoScalingGroupName}`;
  }
  return undefined;
}
