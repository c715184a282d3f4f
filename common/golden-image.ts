export const GOLDEN_IMAGE_WORKFLOW = 'goldenImageWorkflow';
export const PIN_LATEST_WORKFLOW = 'pinLatestWorkflow';

export const DEFAULT_BACKUP_MARKER = 'EC2_BACKUP';

export interface GoldenImageSettings {
  /** SSM parameter holding the launch template id. */
  launchTemplateIdParameter: string;
  /** Marker that CreateImage's description must contain. Default 'EC2_BACKUP'. */
  marker?: string;
  /** Description of the new version. Default 'Latest-AMI'. */
  versionDescription?: string;
  /** Versions kept when pruning. Default 3. */
  keepVersions?: number;
  /** Give up waiting for `available` after this long. Default 240. */
  imageTimeoutMinutes?: number;
  /** Start an instance refresh on the ASGs that use the template. Default off. */
  instanceRefresh?: { enabled: boolean; minHealthyPercentage?: number };
}

export interface GoldenImageInput {
  region: string;
  imageId: string;
  /** CreateImage requestParameters.description. */
  description?: string;
  settings: GoldenImageSettings;
}

export interface PinLatestInput {
  region: string;
  autoScalingGroupName: string;
}

/** The DLM backup policy writes the marker into CreateImage's description. */
export function hasBackupMarker(description: string | undefined, marker = DEFAULT_BACKUP_MARKER): boolean {
  return typeof description === 'string' && description.includes(marker);
}
