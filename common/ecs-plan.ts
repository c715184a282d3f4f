// Plain types, names and defaults shared by the workflows, the activities and the starters;
// the plan file's zod schema lives with the loader in starters/ecs/, so this file has no zod.
import type { NotificationTargets } from './notifications';
import type { ObservedResult, RunMode } from './observe';

export const ECS_STARTUP_WORKFLOW = 'ecsStartupWorkflow';
export const ECS_SHUTDOWN_WORKFLOW = 'ecsShutdownWorkflow';

/** Service tag where shutdown records the desired count it found, for the next startup to restore. */
export const LAST_DESIRED_COUNT_TAG = 'fleet-workflows:last-desired-count';

/** When a started service counts as ready. */
export interface EcsReadinessRule {
  /** 'desired': runningCount ≥ desiredCount; a number: at least that many running (1 is what the original checked). */
  minRunning: 'desired' | number;
  /** No task may still be PENDING. */
  noPendingTasks: boolean;
  /** The primary deployment's rollout is COMPLETED. */
  deploymentCompleted: boolean;
}

export interface EcsServicePlan {
  /** The ECS service name in the cluster. */
  name: string;
  /** Count startup sets when no count was recorded by the last shutdown. */
  desiredCount: number;
  /** Services that must be ready before this one starts (and stopped only after this one). */
  dependsOn: string[];
  /** Overrides the plan's serviceTimeoutSeconds for this service. */
  timeoutSeconds?: number;
}

/** A resolved, validated plan: what the workflows receive (variables already substituted). */
export interface EcsPlan {
  /** Names the plan in workflow ids and schedule ids. */
  name: string;
  cluster: string;
  /** The worker's default region when absent. */
  region?: string;
  services: EcsServicePlan[];
  readiness: EcsReadinessRule;
  pollIntervalSeconds: number;
  /** How long one service may take to become ready (or reach zero tasks). */
  serviceTimeoutSeconds: number;
  /** The whole run, from the first change; the original's state machine timed out at 300 s. */
  overallTimeoutSeconds: number;
  /** Tasks that failed to start since our change, at which a service is declared failed. */
  maxFailedTasks: number;
  notifications?: NotificationTargets;
  /** `observe`: read and decide as usual, send no UpdateService, TagResource or notification, record them instead. Default act. */
  mode?: RunMode;
}

export const ECS_PLAN_DEFAULTS = {
  readiness: { minRunning: 'desired', noPendingTasks: true, deploymentCompleted: true } satisfies EcsReadinessRule,
  pollIntervalSeconds: 10,
  serviceTimeoutSeconds: 240,
  overallTimeoutSeconds: 300,
  maxFailedTasks: 3,
  waitForOtherRunSeconds: 3600,
} as const;

export interface EcsStartupInput {
  plan: EcsPlan;
  /** Use the count recorded by the last shutdown (service tag) before the plan's count; default true. */
  restoreRecordedCounts?: boolean;
  /** How long to wait for a start or stop of the same plan still in progress; default 3600 s. */
  waitForOtherRunSeconds?: number;
}

export interface EcsShutdownInput {
  plan: EcsPlan;
  /** Default 3600 s, as for startup. */
  waitForOtherRunSeconds?: number;
}

export type EcsServiceState =
  | 'waiting'
  | 'starting'
  | 'ready'
  | 'already-running'
  | 'stopping'
  | 'stopped'
  | 'already-stopped'
  | 'failed'
  | 'skipped'
  // Observe mode: decided and recorded, not changed, so not waited for.
  | 'would-start'
  | 'would-stop';

export interface EcsServiceCounts {
  desired: number;
  running: number;
  pending: number;
  /** Failed tasks of the primary deployment since our change. */
  failedTasks: number;
}

export interface EcsServiceProgress extends EcsServiceCounts {
  service: string;
  state: EcsServiceState;
  /** Workflow time the service entered its state (ISO 8601). */
  since: string;
  secondsInState: number;
  reason?: string;
}

export type EcsRunPhase = 'validating' | 'waiting-for-other-run' | 'running' | 'notifying' | 'done';

export interface EcsProgress {
  plan: string;
  phase: EcsRunPhase;
  services: EcsServiceProgress[];
}

/** The name ECS runs answered before every workflow answered `progress`; it keeps working. */
export const ECS_PROGRESS_QUERY = 'ecsProgress';
export const ECS_QUERIES = { progress: 'progress' } as const;

/** Services per DescribeServices call: the most ECS accepts. */
export const DESCRIBE_SERVICES_BATCH = 10;

export interface EcsServiceReport extends EcsServiceCounts {
  service: string;
  /** Terminal state: ready / already-running / stopped / already-stopped / failed / skipped; observe mode: would-start / would-stop. */
  outcome: EcsServiceState;
  /** Why it failed or was skipped (naming the dependency). */
  reason?: string;
  /** Startup: where the target count came from. */
  desiredSource?: 'recorded' | 'plan';
  targetCount: number;
  /** Shutdown: the count recorded on the service tag before it was set to 0. */
  recordedDesiredCount?: number;
  newestEvent?: { at: string; message: string };
  secondsTaken?: number;
  /** Observe mode: what the run would have written to the service, to compare with its counts later; absent when nothing. */
  wouldHave?: EcsServiceWouldHave;
}

export interface EcsServiceWouldHave {
  /** UpdateService desiredCount (startup: the target, shutdown: 0). */
  desiredCount?: number;
  /** Shutdown: the count it would have tagged the service with for the next startup. */
  recordedDesiredCount?: number;
}

export interface EcsRunResult extends ObservedResult {
  plan: string;
  cluster: string;
  action: 'startup' | 'shutdown';
  /** succeeded: every service reached its goal; partial: some did not; failed: none did; not-run: another run held the plan. */
  outcome: 'succeeded' | 'partial' | 'failed' | 'not-run';
  summary: string;
  timedOut: boolean;
  services: EcsServiceReport[];
  startedAt: string;
  finishedAt: string;
  notifications: { sent: number; failed: number; errors: string[] };
}
