import type { ObservedResult, RunMode } from './observe';
import type { LifecycleActionRef } from './lifecycle';
import type { LifecyclePlace } from './launch-gate';
import type { NotificationTargets } from './notifications';

export const TERMINATE_WORKFLOW = 'terminateWorkflow';
export const FLEET_WORKFLOW = 'fleetWorkflow';

/** Signal names of the per-fleet entity workflow, shared by the bridge, the CLI and the workflow. */
export const FLEET_SIGNALS = {
  launchObserved: 'launchObserved',
  openReleaseWindow: 'openReleaseWindow',
  closeReleaseWindow: 'closeReleaseWindow',
} as const;

/** Query names of the per-fleet entity workflow (the terminate workflow and the CLI read them). */
export const FLEET_QUERIES = {
  state: 'fleetState',
  /** The name every workflow answers; the same view as `state`. */
  progress: 'progress',
} as const;

/** Query name of the terminate workflow's progress. */
export const TERMINATE_QUERIES = {
  progress: 'terminateProgress',
} as const;

export interface LaunchObserved {
  autoScalingGroupName: string;
  instanceId: string;
  /** Event time, ISO 8601. */
  at: string;
}

export interface OpenReleaseWindow {
  /** The window closes itself after this long. Default 60. */
  ttlMinutes?: number;
  by: string;
  reason?: string;
}

export interface CloseReleaseWindow {
  by: string;
  reason?: string;
}

export interface ForensicsSettings {
  /** Default true. */
  enabled?: boolean;
  /** CreateImage NoReboot. Default true. */
  noReboot?: boolean;
  /** Give up waiting for `available` after this long. Default 240. */
  imageTimeoutMinutes?: number;
  /** How often the image state is checked while it is pending. Default 60. */
  imagePollIntervalSeconds?: number;
}

export interface MonitoringSettings {
  kind: 'zabbix' | 'none';
  /** What Zabbix knows the host as. Default 'private-dns-name'. */
  hostNameFrom?: 'private-dns-name' | 'instance-id' | 'name-tag';
  /** Default 'delete'; 'disable' keeps the host's history. */
  action?: 'delete' | 'disable';
}

export interface DrainSettings {
  /** Default true. */
  enabled?: boolean;
  /** Shell commands run through SSM AWS-RunShellScript. Default: flush td-agent (SIGUSR1), stop zabbix-agent. */
  commands?: string[];
  /** Default 120. */
  commandTimeoutSeconds?: number;
  /** Default { kind: 'zabbix' } when the worker has Zabbix configured, else none. */
  monitoring?: MonitoringSettings;
}

export interface TerminateSettings {
  /** `observe`: decide, record the writes it would make, send none (common/observe.ts). Default act. */
  mode?: RunMode;
  fleetName: string;
  forensics?: ForensicsSettings;
  drain?: DrainSettings;
  /** How often the lifecycle action is kept alive. Default 60. */
  hookHeartbeatIntervalSeconds?: number;
  /** The hook's heartbeat timeout; read with DescribeLifecycleHooks when absent. */
  hookHeartbeatTimeoutSeconds?: number;
  notifications?: NotificationTargets;
  /**
   * Which of Auto Scaling's causes count as planned (no forensic image) and which as
   * unexpected; merged over DEFAULT_CAUSE_POLICY, so a fleet names only what it changes.
   */
  causes?: Partial<Record<ScalingCause, CauseVerdict>>;
}

export interface TerminateInput {
  action: LifecycleActionRef;
  origin?: LifecyclePlace;
  destination?: LifecyclePlace;
  /**
   * When the lifecycle action started (the EventBridge event's `time`, or the hook
   * notification's `Time`), ISO 8601. Heartbeat deadlines and the hook's global timeout
   * are counted from it; absent, from the workflow's start.
   */
  actionStartedAt?: string;
  settings: TerminateSettings;
}

/** What a scaling cause means for a terminating instance. */
export type CauseVerdict = 'planned' | 'unexpected';

/**
 * An SRE's defaults: changes someone asked for through Auto Scaling (an instance refresh,
 * a scheduled action, a scaling policy, lifetime and zone rebalancing) are planned; a user's
 * own request, a health replacement, a Spot interruption or a cause we cannot read keep
 * the evidence.
 */
export const DEFAULT_CAUSE_POLICY: Record<ScalingCause, CauseVerdict> = {
  'instance-refresh': 'planned',
  'scheduled-action': 'planned',
  'scale-in': 'planned',
  'max-instance-lifetime': 'planned',
  'az-rebalance': 'planned',
  'group-deletion': 'planned',
  'capacity-rebalance': 'unexpected',
  'user-request': 'unexpected',
  'health-check': 'unexpected',
  unknown: 'unexpected',
};

export interface FleetInput {
  fleetName: string;
  /** State carried over by continue-as-new; absent on the first run. */
  state?: FleetState;
  /** Continue as new after this many signals. Default 500. */
  continueAsNewAfterEvents?: number;
}

/**
 * An instance going back into the warm pool is stopped and comes back: its logs are flushed,
 * but its agents stay registered (no agent stopped, no monitoring host removed).
 */
export const WARM_POOL_DRAIN_COMMANDS = ['kill -SIGUSR1 "$(cat /var/run/td-agent/td-agent.pid)" || true'];

/** The drain commands of the original on-instance script (seed 004). */
export const DEFAULT_DRAIN_COMMANDS = [
  'kill -SIGUSR1 "$(cat /var/run/td-agent/td-agent.pid)" || true',
  'systemctl stop zabbix-agent || true',
];

// ---------------------------------------------------------------- fleet state

export interface ReleaseWindow {
  openedBy: string;
  reason?: string;
  /** ISO 8601, workflow time. */
  openedAt: string;
  expiresAt: string;
}

export interface ClosedReleaseWindow extends ReleaseWindow {
  closedAt: string;
  closedBy: string;
  /** 'signal' when someone closed it, 'expired' when its ttl ran out. */
  closedHow: 'signal' | 'expired';
  closeReason?: string;
}

export interface FleetState {
  fleetName: string;
  /** The ASG of the newest launch event: the "current" ASG of the original Lambda. */
  currentAutoScalingGroupName?: string;
  /** Event time of the launch that made it current. */
  currentSince?: string;
  /** ASGs replaced by a newer one, newest first (bounded). */
  previousAutoScalingGroupNames: string[];
  lastLaunch?: LaunchObserved;
  releaseWindow?: ReleaseWindow;
  lastClosedReleaseWindow?: ClosedReleaseWindow;
  launchesObserved: number;
  /** Runs of this entity so far (continue-as-new count + 1). */
  run: number;
}

/** What the fleet workflow answers to FLEET_QUERIES.state. */
export interface FleetStateView extends FleetState {
  releaseWindowOpen: boolean;
  /** Workflow time the answer was given at, ISO 8601. */
  answeredAt: string;
}

// ---------------------------------------------------------------- terminate result

export type ScalingCause =
  | 'health-check'
  | 'scale-in'
  | 'user-request'
  | 'instance-refresh'
  | 'scheduled-action'
  | 'az-rebalance'
  | 'max-instance-lifetime'
  | 'capacity-rebalance'
  | 'group-deletion'
  | 'unknown';

export interface ScalingActivityEvidence {
  activityId?: string;
  cause: ScalingCause;
  /** AWS's own text (Cause), trimmed. */
  text?: string;
  description?: string;
  statusCode?: string;
}

export interface AutoScalingGroupEvidence {
  exists: boolean;
  /** e.g. 'Delete in progress'. */
  status?: string;
}

export interface FleetEvidence {
  /** 'answered' | 'no-fleet-record' (the fleet workflow does not exist) | 'unavailable' (the question failed). */
  status: 'answered' | 'no-fleet-record' | 'unavailable';
  currentAutoScalingGroupName?: string;
  releaseWindowOpen?: boolean;
  releaseWindow?: ReleaseWindow;
  lastClosedReleaseWindow?: ClosedReleaseWindow;
  error?: string;
}

export type DecisionReason =
  | 'release-window-open'
  | 'planned-cause'
  | 'asg-deleting'
  | 'asg-replaced'
  | 'asg-current'
  | 'no-fleet-record'
  | 'fleet-unavailable';

export interface TerminationDecision {
  kind: 'planned' | 'unexpected';
  reason: DecisionReason;
  /** One sentence for people. */
  explanation: string;
  evidence: {
    fleet: FleetEvidence;
    autoScalingGroup?: AutoScalingGroupEvidence;
    scalingActivity?: ScalingActivityEvidence;
    errors: string[];
  };
}

export interface HookCheck {
  heartbeatTimeoutSeconds?: number;
  /** How long Auto Scaling holds the action at most, heartbeats or not (DescribeLifecycleHooks, else 100 × the heartbeat timeout, at most 48 h). */
  globalTimeoutSeconds?: number;
  /** Where the timeout came from. */
  source: 'settings' | 'DescribeLifecycleHooks' | 'unknown';
  configuredIntervalSeconds: number;
  /** What the workflow actually uses: the configured interval, shortened when it was not well inside the timeout. */
  intervalSeconds: number;
  ok: boolean;
  message: string;
}

export interface ForensicsReport {
  /** 'waiting' only in progress answers, while the image is pending. */
  status: 'available' | 'failed' | 'timed-out' | 'error' | 'skipped' | 'waiting';
  /** Why forensics were skipped, when they were. */
  skippedBecause?: string;
  imageId?: string;
  imageName?: string;
  /** true when a retry found the image created by an earlier attempt. */
  reused?: boolean;
  /** true when the hook's global timeout, not imageTimeoutMinutes, ended the wait. */
  cutShortByGlobalTimeout?: boolean;
  stateReason?: string;
  waitedSeconds?: number;
  error?: string;
}

export interface CommandReport {
  /** 'running' only in progress answers. */
  status: 'success' | 'failed' | 'timed-out' | 'error' | 'skipped' | 'running';
  commandId?: string;
  /** SSM's own status, e.g. Success, Failed, TimedOut, Undeliverable. */
  ssmStatus?: string;
  responseCode?: number;
  stdoutTail?: string;
  stderrTail?: string;
  error?: string;
}

export interface MonitoringReport {
  status: 'deleted' | 'disabled' | 'already-absent' | 'already-disabled' | 'not-configured' | 'skipped' | 'error';
  system?: string;
  hostName?: string;
  hostId?: string;
  error?: string;
}

export interface DrainReport {
  status: 'done' | 'partial' | 'skipped';
  command: CommandReport;
  monitoring: MonitoringReport;
}

export type TerminateOutcome =
  /** CompleteLifecycleAction CONTINUE accepted. */
  | 'completed'
  /** The lifecycle action was already completed, abandoned or expired. */
  | 'action-gone'
  /**
   * Nothing proved the action exists (its heartbeat failed, and the instance is not in
   * Terminating:Wait in that group): a forged or stale message; nothing was touched.
   */
  | 'action-unproven'
  /**
   * Observe mode: the run decided and recorded the writes it would have made (`observed`),
   * and sent none; whatever happened to the action was done by the system still acting.
   */
  | 'observed';

export interface TerminateResult extends ObservedResult {
  outcome: TerminateOutcome;
  instanceId: string;
  autoScalingGroupName: string;
  decision?: TerminationDecision;
  hook: HookCheck;
  forensics: ForensicsReport;
  drain: DrainReport;
  heartbeats: { sent: number; failed: number; actionGone: boolean };
  /** The phase a cancellation arrived in; the action was still completed with CONTINUE. */
  cancelledDuring?: TerminatePhase;
  /** Going back into the warm pool: no image, no monitoring removal, only the logs flushed. */
  returningToWarmPool?: boolean;
  /** Set when the hook's global timeout, not imageTimeoutMinutes, ended the wait for the image. */
  cutShortByGlobalTimeout?: boolean;
  /** One paragraph an operator reads in the Web UI. */
  summary: string;
}

export type TerminatePhase = 'validating' | 'checking-hook' | 'deciding' | 'forensics' | 'draining' | 'completing' | 'done';

export interface TerminateProgress {
  phase: TerminatePhase;
  decision?: TerminationDecision;
  forensics?: ForensicsReport;
  drain?: Partial<DrainReport>;
  heartbeatsSent: number;
}
