import type { ObservedResult, RunMode } from './observe';
import type { GoldenImageSource } from './golden-image-source';
import type { NotificationTargets } from './notifications';

export const GOLDEN_IMAGE_WORKFLOW = 'goldenImageWorkflow';
export const PIN_LATEST_WORKFLOW = 'pinLatestWorkflow';

/** Query names, shared by the workflows and anything that asks them (CLI, tests, Web UI users). */
export const GOLDEN_IMAGE_PROGRESS_QUERY = 'goldenImageProgress';
export const PIN_LATEST_PROGRESS_QUERY = 'pinLatestProgress';
/** `progress` is the name every workflow answers; the names above keep working for existing clients. */
export const GOLDEN_IMAGE_QUERIES = { progress: 'progress' } as const;
export const PIN_LATEST_QUERIES = { progress: 'progress' } as const;

export const DEFAULT_BACKUP_MARKER = 'EC2_BACKUP';

export interface InstanceRefreshSettings {
  enabled: boolean;
  /** StartInstanceRefresh Preferences.MinHealthyPercentage. AWS default (90) when absent. */
  minHealthyPercentage?: number;
  /** Stop watching (the refresh itself goes on) after this long. Default 120. */
  timeoutMinutes?: number;
  /** Between DescribeInstanceRefreshes polls. Default 60. */
  pollIntervalSeconds?: number;
}

export interface GoldenImageSettings {
  /** `observe`: decide, record the writes it would make, send none (common/observe.ts). Default act. */
  mode?: RunMode;
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
  /** Between DescribeImages polls while the AMI is pending. Default 60. */
  imagePollIntervalSeconds?: number;
  /** Start an instance refresh on the ASGs that use the template. Default off. */
  instanceRefresh?: InstanceRefreshSettings;
  /** Where the outcome is reported; nothing is sent when absent. */
  notifications?: NotificationTargets;
}

export interface GoldenImageInput {
  region: string;
  imageId: string;
  /** CreateImage requestParameters.description. */
  description?: string;
  /** The source instance and its group, as the bridge found them; absent in runs started before. */
  source?: GoldenImageSource;
  settings: GoldenImageSettings;
}

export interface PinLatestInput {
  region: string;
  autoScalingGroupName: string;
  /** The fleet's `mode`: observe records the UpdateAutoScalingGroup instead of sending it. Default act. */
  mode?: RunMode;
}

/** The DLM backup policy writes the marker into CreateImage's description. */
export function hasBackupMarker(description: string | undefined, marker = DEFAULT_BACKUP_MARKER): boolean {
  return typeof description === 'string' && description.includes(marker);
}

/** EC2 image states: `pending`/`transient` are waited out, the others end the wait. */
export type ImageState =
  | 'pending'
  | 'transient'
  | 'available'
  | 'failed'
  | 'error'
  | 'invalid'
  | 'deregistered'
  | 'disabled'
  | 'missing';

export interface ImageStateReport {
  state: ImageState;
  /** EC2's StateReason.Message when it gives one. */
  reason?: string;
  /** EC2's CreationDate (ISO 8601): orders two images of one template. */
  creationDate?: string;
}

export type GoldenImageOutcome =
  /** A new launch template version with the AMI was created and made the default. */
  | 'rolled-out'
  /** `$Latest` already had this AMI (a replayed event, or a rerun): no second version. */
  | 'already-current'
  | 'skipped-no-marker'
  /** EC2 says the image's source instance is not in the group the bridge routed it by: not this fleet's image. */
  | 'skipped-other-fleet'
  /** The template's default version already uses an image created after this one: left as it is. */
  | 'skipped-older-image'
  /** Another rollout held the template's lock for longer than the wait: the template was not changed. */
  | 'template-busy'
  | 'image-failed'
  | 'image-deregistered'
  | 'image-missing'
  | 'image-timeout';

export type GoldenImagePhase =
  | 'starting'
  | 'waiting-for-image'
  | 'reading-parameter'
  | 'waiting-for-other-rollout'
  | 'updating-template'
  | 'pruning'
  | 'refreshing-instances'
  | 'done';

export interface ProtectedVersion {
  version: number;
  reason: 'default-version' | `referenced-by:${string}`;
}

export interface PruneReport {
  keepVersions: number;
  kept: number[];
  /** Old versions kept because deleting them would break something. */
  protected: ProtectedVersion[];
  deleted: number[];
  /** DeleteLaunchTemplateVersions' per-version failures (the original swallowed these). */
  errors: { version: number; code: string; message: string }[];
}

export interface InstanceRefreshReport {
  autoScalingGroupName: string;
  instanceRefreshId?: string;
  /** Auto Scaling's status (Pending, InProgress, Successful, Failed, Cancelled, ...), or 'not-started'. */
  status: string;
  percentageComplete?: number;
  statusReason?: string;
  /** True when a refresh already running was adopted instead of starting another. */
  adopted?: boolean;
  error?: string;
}

export interface GoldenImageProgress {
  phase: GoldenImagePhase;
  imageState?: ImageState;
  imageChecks: number;
  launchTemplateId?: string;
  launchTemplateVersion?: number;
  instanceRefreshes?: InstanceRefreshReport[];
}

/** The image a launch template's default version uses, with EC2's creation date. */
export interface DefaultImage {
  version: number;
  imageId: string;
  creationDate: string;
}

/**
 * What an observing rollout decided for the template, none of it sent: compared later with
 * the default version the system still acting gave the template.
 */
export interface GoldenImageDecision {
  launchTemplateId: string;
  imageId: string;
  /** False when `$Latest` already uses the image, so no version would be created. */
  newVersion: boolean;
  /**
   * The version that would become the default: `$Latest`'s own number, or for a new version the
   * number EC2 gives the next one (one past the newest it listed).
   */
  defaultVersion: number;
  /** The default version as the run found it, which it left as it was. */
  defaultVersionBefore?: number;
  /** The old versions the pruning plan would delete. */
  deleteVersions: number[];
}

export interface GoldenImageResult extends ObservedResult {
  outcome: GoldenImageOutcome;
  /** One sentence for the operator reading the Web UI. */
  reason: string;
  region: string;
  imageId: string;
  imageState?: ImageState;
  imageChecks: number;
  launchTemplateId?: string;
  /** The version that carries the AMI (new or already there). */
  launchTemplateVersion?: number;
  createdVersion: boolean;
  defaultVersion?: number;
  /** With `skipped-older-image`: the default version's image, which is newer. */
  newerDefault?: DefaultImage;
  /** CreateLaunchTemplateVersion's validation warnings, if any. */
  warnings?: string[];
  pruning?: PruneReport;
  instanceRefreshes?: InstanceRefreshReport[];
  /** Observe mode only: the template change the run would have made. */
  decision?: GoldenImageDecision;
}

/** Where an Auto Scaling group takes its instances' configuration from. */
export type LaunchSourceKind = 'launch-template' | 'mixed-instances-policy' | 'launch-configuration' | 'none';

export interface LaunchTemplateRef {
  launchTemplateId?: string;
  launchTemplateName?: string;
  version?: string;
}

export interface AutoScalingGroupLaunchSource {
  found: boolean;
  kind?: LaunchSourceKind;
  launchTemplate?: LaunchTemplateRef;
  launchConfigurationName?: string;
}

export type PinLatestOutcome =
  | 'pinned'
  | 'already-latest'
  | 'skipped-launch-configuration'
  | 'skipped-no-launch-template'
  | 'skipped-asg-not-found';

export interface PinLatestResult extends ObservedResult {
  outcome: PinLatestOutcome;
  reason: string;
  region: string;
  autoScalingGroupName: string;
  kind?: LaunchSourceKind;
  launchTemplate?: LaunchTemplateRef;
  previousVersion?: string;
}

export interface PinLatestProgress {
  phase: 'starting' | 'describing' | 'pinning' | 'done';
  outcome?: PinLatestOutcome;
}
