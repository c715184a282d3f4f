import { DEFAULT_BACKUP_MARKER } from '../golden-image';
import type { SettingGroup } from './definition';
import { RUN_MODE } from './run-mode';

/** `goldenImage:` in the fleet configuration, passed to the golden-image workflow as its settings. */
export const GOLDEN_IMAGE_SETTINGS = {
  // SSM's limits on a parameter name.
  launchTemplateIdParameter: {
    kind: 'text',
    minLength: 1,
    maxLength: 2048,
    pattern: /^[A-Za-z0-9_.\-/]+$/,
    format: 'an SSM parameter name such as /web-prod/launch-template-id',
    required: true,
  },
  // CreateImage descriptions are at most 255 characters, so a longer marker never matches.
  marker: { kind: 'text', minLength: 1, maxLength: 255, default: DEFAULT_BACKUP_MARKER },
  // CreateLaunchTemplateVersion's VersionDescription limit.
  versionDescription: { kind: 'text', minLength: 1, maxLength: 255, default: 'Latest-AMI' },
  // A launch template holds at most 10,000 versions.
  keepVersions: { kind: 'integer', min: 1, max: 10_000, default: 3 },
  imageTimeoutMinutes: { kind: 'integer', min: 1, max: 2880, default: 240 },
  imagePollIntervalSeconds: { kind: 'integer', min: 1, max: 3600, default: 60 },
  instanceRefresh: {
    enabled: { kind: 'flag', required: true },
    minHealthyPercentage: { kind: 'integer', min: 0, max: 100 },
    timeoutMinutes: { kind: 'integer', min: 1, max: 2880, default: 120 },
    pollIntervalSeconds: { kind: 'integer', min: 1, max: 3600, default: 60 },
  },
  notifications: { kind: 'targets' },
  mode: RUN_MODE,
} as const satisfies SettingGroup;
