import { patched, proxyActivities } from '@temporalio/workflow';
import type { ImageSourceActivities } from '../activities/golden-image/image-source';
import { sourceMismatch, type GoldenImageSource } from '../common/golden-image-source';

/** Marks runs that check the image's source before touching a template; older runs replay without it. */
export const IMAGE_SOURCE_CHECK_PATCH = 'golden-image-source-check';

// Two short EC2 reads; the same retry shape as the rollout's other calls.
const { describeImageSource } = proxyActivities<ImageSourceActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
  summary: 'DescribeImages + DescribeInstances: the image source',
});

/**
 * The rollout's last check before it touches a launch template: the bridge chose the fleet
 * from the image's source instance and its group, and EC2 is asked again, so an event started
 * by hand, or a source that was misread, cannot roll another fleet's image into this
 * template. Returns why the image is not this fleet's, or undefined to go on. Inputs without a
 * source (runs started before the bridge sent one) are not checked.
 */
export async function imageSourceMismatch(region: string, imageId: string, source: GoldenImageSource | undefined): Promise<string | undefined> {
  if (!source || !patched(IMAGE_SOURCE_CHECK_PATCH)) return undefined;
  return sourceMismatch(source, await describeImageSource(region, imageId));
}
