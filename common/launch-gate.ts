import type { ObservedResult, RunMode } from './observe';
import type { LifecycleActionRef, LifecycleActionResult, LifecycleCallOutcome } from './lifecycle';

/**
 * The gate's workflow type. V2 (issue 19) does its first workflow task in one local activity and
 * takes its memo and search attributes from the start: 12 history events for a gate that passes
 * at once, where a patch in the first type would have added a marker and a TemporalChangeVersion
 * upsert to every gate.
 */
export const LAUNCH_GATE_WORKFLOW = 'launchGateWorkflowV2';
/** The type gates were started under before V2; still registered until none of them runs. */
export const LAUNCH_GATE_WORKFLOW_V1 = 'launchGateWorkflow';
export const LAUNCH_GATE_WORKFLOW_TYPES = [LAUNCH_GATE_WORKFLOW, LAUNCH_GATE_WORKFLOW_V1] as const;

/** What happens when the replica never syncs: complete with a result, or leave it to the hook. */
export type GiveUpResult = 'ABANDON' | 'CONTINUE' | 'HOOK_DEFAULT';

/** Where an instance comes from and goes to in a lifecycle event (warm pools add `WarmPool`). */
export type LifecyclePlace = 'EC2' | 'WarmPool' | 'AutoScalingGroup';

/** Per-ASG gate settings, resolved by the bridge from the fleet configuration. */
export interface LaunchGateSettings {
  /** `observe`: decide, record the writes it would make, send none (common/observe.ts). Default act. */
  mode?: RunMode;
  /** Origin base URL, e.g. https://www.example.com */
  originBaseUrl: string;
  /** Host header sent to the replica (the site's name). */
  hostHeader: string;
  /** Paths compared on every check. Default ["/"]. */
  paths?: string[];
  /** Default 'http'. */
  replicaScheme?: 'http' | 'https';
  /** Default 80. */
  replicaPort?: number;
  /** Per request. Default 5000. */
  requestTimeoutMs?: number;
  /** Between checks. Default 30. */
  checkIntervalSeconds?: number;
  /** Default 10. */
  maxChecks?: number;
  /** Default 'ABANDON'. */
  onGiveUp?: GiveUpResult;
  /** The hook's heartbeat timeout; read with DescribeLifecycleHooks when absent. */
  hookHeartbeatTimeoutSeconds?: number;
  /** Response bodies larger than this are not compared (never "in sync"). Default 10 MiB. */
  maxBodyBytes?: number;
}

export interface LaunchGateInput {
  action: LifecycleActionRef;
  origin?: LifecyclePlace;
  destination?: LifecyclePlace;
  /**
   * When the lifecycle action started (the EventBridge event's `time`, or the hook
   * notification's `Time`), ISO 8601. Heartbeat deadlines and the hook's global timeout
   * are counted from it; absent, from the workflow's start.
   */
  actionStartedAt?: string;
  settings: LaunchGateSettings;
  /**
   * Also upsert the Keyword search attributes FleetAutoScalingGroupName and FleetInstanceId
   * (they must be registered in the namespace first, or the workflow task fails). The memo
   * always carries both. Default false.
   */
  upsertSearchAttributes?: boolean;
}

/** Settings with every default applied; what the workflow and its activities work with. */
export type ResolvedLaunchGateSettings = Required<Omit<LaunchGateSettings, 'hookHeartbeatTimeoutSeconds'>> &
  Pick<LaunchGateSettings, 'hookHeartbeatTimeoutSeconds'>;

export const LAUNCH_GATE_DEFAULTS = {
  paths: ['/'],
  replicaScheme: 'http',
  replicaPort: 80,
  requestTimeoutMs: 5_000,
  checkIntervalSeconds: 30,
  maxChecks: 10,
  onGiveUp: 'ABANDON',
  maxBodyBytes: 10 * 1024 * 1024,
  mode: 'act',
} as const satisfies Omit<ResolvedLaunchGateSettings, 'originBaseUrl' | 'hostHeader'>;

/** Search attribute names used when `upsertSearchAttributes` is on (Keyword type). */
export const LAUNCH_GATE_SEARCH_ATTRIBUTES = {
  autoScalingGroupName: 'FleetAutoScalingGroupName',
  instanceId: 'FleetInstanceId',
} as const;

/** Stable names of the gate's signals and query, for the CLI and `temporal workflow signal/query`. */
export const LAUNCH_GATE_SIGNALS = {
  /** Operator: complete with CONTINUE now. Payload: OperatorOverride. */
  proceed: 'proceed',
  /** Operator: complete with ABANDON now. Payload: OperatorOverride. */
  abandon: 'abandon',
  /** The instance (or its sync job) says its content is in sync: check now. Optional payload: ContentSyncedNotice. */
  contentSynced: 'contentSynced',
} as const;

export const LAUNCH_GATE_QUERIES = { progress: 'progress' } as const;

/** Who ends the wait by hand, and why; both end up in the result. */
export interface OperatorOverride {
  by: string;
  reason: string;
}

export interface ContentSyncedNotice {
  /** Free text, e.g. the sync job's run id. */
  note?: string;
}

/** Per path: in sync (equal SHA-256), not in sync (replica differs, errors or is unreachable), or the origin could not be read. */
export type PathSyncResult = 'in-sync' | 'not-in-sync' | 'cannot-compare';

export interface PathComparison {
  path: string;
  result: PathSyncResult;
  /** Why, in words: status codes, "origin unreachable: ECONNREFUSED", "replica body differs". */
  detail: string;
  originStatus?: number;
  replicaStatus?: number;
  originSha256?: string;
  replicaSha256?: string;
}

/** One check: what triggered it and the per-path results. */
export interface LaunchGateCheck {
  /** 1-based, counting every check. */
  number: number;
  trigger: 'scheduled' | 'content-synced-signal';
  /** ISO time (workflow clock) the check finished. */
  at: string;
  inSync: boolean;
  privateIp?: string;
  paths: PathComparison[];
  /** Set when the check could not run at all (no private IP, activity failure). */
  error?: string;
  /** The origin itself could not be read: the check says nothing about the replica and does not count toward maxChecks. */
  originUnavailable?: boolean;
}

export type LaunchGatePhase =
  | 'validating'
  | 'checking'
  | 'waiting'
  | 'completing'
  | 'done';

/** What the `progress` query returns. */
export interface LaunchGateProgress {
  phase: LaunchGatePhase;
  autoScalingGroupName: string;
  instanceId: string;
  /** Every check so far (scheduled and pushed). */
  checks: number;
  /** Scheduled checks so far that could judge the replica; the gate gives up after maxChecks of them. */
  scheduledChecks: number;
  /** Checks whose origin request failed (an origin outage): they never bring the give-up nearer. */
  originUnavailableChecks: number;
  maxChecks: number;
  lastCheck?: LaunchGateCheck;
  /** ISO time of the next scheduled check, while waiting. */
  nextCheckAt?: string;
  hookHeartbeatTimeoutSeconds?: number;
  /** When Auto Scaling applies the hook's default whatever the heartbeats (100 × heartbeat timeout, at most 48 h from the action's start). */
  hookGlobalDeadline?: string;
  heartbeatsSent: number;
  lastHeartbeatAt?: string;
  override?: OperatorOverride & { decision: LifecycleActionResult };
}

export type LaunchGateOutcome =
  /** Every path matched: completed with CONTINUE. */
  | 'synced'
  /** maxChecks scheduled checks never matched: completed with onGiveUp, or left to the hook. */
  | 'gave-up'
  /** An operator proceeded (CONTINUE) or abandoned (ABANDON) by hand. */
  | 'operator-override'
  /** Going into a warm pool: not gated, completed with CONTINUE at once. */
  | 'warm-pool-entry'
  /** EC2 says the instance is terminated, shutting down or unknown. */
  | 'instance-terminated'
  /** Auto Scaling says the lifecycle action was already completed, abandoned or expired. */
  | 'action-gone'
  /** The run was cancelled: completed with onGiveUp (or left to the hook with HOOK_DEFAULT). */
  | 'cancelled';

export interface LaunchGateResult extends ObservedResult {
  outcome: LaunchGateOutcome;
  /** What the gate sent with CompleteLifecycleAction, or 'HOOK_DEFAULT' when it knowingly sent nothing. */
  lifecycleActionResult: LifecycleActionResult | 'HOOK_DEFAULT';
  /** How CompleteLifecycleAction ended; 'not-sent' when nothing was sent. */
  completion: LifecycleCallOutcome | 'not-sent';
  /** One sentence an operator can read in the Web UI. */
  reason: string;
  autoScalingGroupName: string;
  instanceId: string;
  checks: number;
  scheduledChecks: number;
  originUnavailableChecks: number;
  heartbeatsSent: number;
  lastCheck?: LaunchGateCheck;
  override?: OperatorOverride & { decision: LifecycleActionResult };
  /** Set when the hook's global timeout, not maxChecks, ended the wait. */
  cutShortByGlobalTimeout?: boolean;
}
