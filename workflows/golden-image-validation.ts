import type { GoldenImageInput, PinLatestInput } from '../common/golden-image';
import { invalidInput } from './golden-image-failures';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

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
  const settings = input.settings;
  if (!settings || typeof settings !== 'object') throw invalidInput('settings', 'is required');
  if (typeof settings.launchTemplateIdParameter !== 'string' || settings.launchTemplateIdParameter.trim() === '') {
    throw invalidInput('settings.launchTemplateIdParameter', 'must name the SSM parameter holding the launch template id');
  }
  if (settings.marker !== undefined && (typeof settings.marker !== 'string' || settings.marker === '')) {
    throw invalidInput('settings.marker', 'must be a non-empty string');
  }
  if (settings.versionDescription !== undefined && (typeof settings.versionDescription !== 'string' || settings.versionDescription.length > 255)) {
    throw invalidInput('settings.versionDescription', 'must be a string of at most 255 characters');
  }
  for (const field of ['keepVersions', 'imageTimeoutMinutes', 'imagePollIntervalSeconds'] as const) {
    if (settings[field] !== undefined && !isPositiveInteger(settings[field])) {
      throw invalidInput(`settings.${field}`, 'must be a positive integer');
    }
  }
  const refresh = settings.instanceRefresh;
  if (refresh !== undefined) {
    if (typeof refresh !== 'object' || typeof refresh.enabled !== 'boolean') {
      throw invalidInput('settings.instanceRefresh.enabled', 'must be true or false');
    }
    const pct = refresh.minHealthyPercentage;
    if (pct !== undefined && (!Number.isInteger(pct) || pct < 0 || pct > 100)) {
      throw invalidInput('settings.instanceRefresh.minHealthyPercentage', 'must be an integer from 0 to 100');
    }
    for (const field of ['timeoutMinutes', 'pollIntervalSeconds'] as const) {
      if (refresh[field] !== undefined && !isPositiveInteger(refresh[field])) {
        throw invalidInput(`settings.instanceRefresh.${field}`, 'must be a positive integer');
      }
    }
  }
}

export function validatePinLatestInput(input: PinLatestInput): void {
  if (!input || typeof input !== 'object') throw invalidInput('input', 'must be an object');
  requireRegion(input.region);
  if (typeof input.autoScalingGroupName !== 'string' || input.autoScalingGroupName.trim() === '') {
    throw invalidInput('autoScalingGroupName', 'is required');
  }
}
