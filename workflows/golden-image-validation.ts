import type { GoldenImageInput, PinLatestInput } from '../common/golden-image';
import { isRunMode, RUN_MODES } from '../common/observe';
import { settingsProblems } from '../common/settings/definition';
import { GOLDEN_IMAGE_SETTINGS } from '../common/settings/golden-image';
import { invalidInput } from './golden-image-failures';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;

function requireRegion(region: unknown): void {
  if (typeof region !== 'string' || !REGION.test(region)) throw invalidInput('region', 'must be an AWS region such as us-east-1');
}

/** Checked before any AWS call, so bad input names its field instead of surfacing as an AWS error. */
export function validateGoldenImageInput(input: GoldenImageInput): void {
  if (!input || typeof input !== 'object') throw invalidInput('input', 'must be an object');
  requireRegion(input.region);
  if (typeof input.imageId !== 'string' || !IMAGE_ID.test(input.imageId)) {
    throw invalidInput('imageId', 'must be an AMI id such as ami-0123456789abcdef0');
  }
  // The same definitions the fleet configuration is loaded with: what loads, passes here.
  const [first] = settingsProblems(GOLDEN_IMAGE_SETTINGS, input.settings, 'settings');
  if (first !== undefined) throw invalidInput(first.field, first.message);
}

export function validatePinLatestInput(input: PinLatestInput): void {
  if (!input || typeof input !== 'object') throw invalidInput('input', 'must be an object');
  requireRegion(input.region);
  if (typeof input.autoScalingGroupName !== 'string' || input.autoScalingGroupName.trim() === '') {
    throw invalidInput('autoScalingGroupName', 'is required');
  }
  // A misspelt mode must not fall back to acting on a fleet that was meant to be observed.
  if (input.mode !== undefined && !isRunMode(input.mode)) {
    throw invalidInput('mode', `must be one of ${RUN_MODES.join(', ')}`);
  }
}
