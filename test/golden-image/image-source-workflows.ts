import type { GoldenImageSource } from '../../common/golden-image-source';
import { imageSourceMismatch } from '../../workflows/golden-image-source-check';

/** Only the check, so its test does not depend on the rest of the rollout. */
export async function imageSourceCheckWorkflow(region: string, imageId: string, source?: GoldenImageSource): Promise<string | null> {
  return (await imageSourceMismatch(region, imageId, source)) ?? null;
}
