import { z } from 'zod';
import type { NotificationTargets } from './notifications';
import { findEcsPlanProblems } from '../workflows/ecs-plan-graph';

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
  | 'skipped';

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

export const ECS_PROGRESS_QUERY = 'ecsProgress';

export interface EcsServiceReport extends EcsServiceCounts {
  service: string;
  /** Terminal state: ready / already-running / stopped / already-stopped / failed / skipped. */
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
}

export interface EcsRunResult {
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

// ---- the plan file (YAML or JSON), validated at the edges ----

const positiveSeconds = z.number().positive();
const planName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'letters, digits, ".", "_" and "-" only (it is part of workflow ids)' });

const notificationTargetsSchema = z
  .object({
    slackWebhook: z
      .union([z.strictObject({ env: z.string().min(1) }), z.strictObject({ ssmParameter: z.string().min(1) })])
      .optional(),
    snsTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/, { message: 'expected an SNS topic ARN' }).optional(),
    region: z.string().min(1).optional(),
  })
  .strict();

const readinessSchema = z
  .object({
    minRunning: z.union([z.literal('desired'), z.number().int().min(1)]).default('desired'),
    noPendingTasks: z.boolean().default(true),
    deploymentCompleted: z.boolean().default(true),
  })
  .strict();

const scheduleSchema = z
  .object({
    start: z.string().min(1).optional(),
    stop: z.string().min(1).optional(),
    timezone: z.string().min(1).optional(),
  })
  .strict();

export const ecsPlanFileSchema = z
  .object({
    name: planName.optional(),
    cluster: z.string().min(1),
    region: z.string().min(1).optional(),
    /** `${name}` placeholders substituted in every string before validation. */
    variables: z.record(z.string(), z.string()).optional(),
    services: z
      .array(
        z
          .object({
            name: z.string().min(1),
            desiredCount: z.number().int().min(0),
            dependsOn: z.array(z.string().min(1)).default([]),
            timeoutSeconds: positiveSeconds.optional(),
          })
          .strict(),
      )
      .min(1),
    readiness: readinessSchema.default(ECS_PLAN_DEFAULTS.readiness),
    pollIntervalSeconds: positiveSeconds.default(ECS_PLAN_DEFAULTS.pollIntervalSeconds),
    serviceTimeoutSeconds: positiveSeconds.default(ECS_PLAN_DEFAULTS.serviceTimeoutSeconds),
    overallTimeoutSeconds: positiveSeconds.default(ECS_PLAN_DEFAULTS.overallTimeoutSeconds),
    maxFailedTasks: z.number().int().min(1).default(ECS_PLAN_DEFAULTS.maxFailedTasks),
    notifications: notificationTargetsSchema.optional(),
    /** Cron expressions for the starters' `schedule create`; not part of the workflows' input. */
    schedule: scheduleSchema.optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    for (const problem of findEcsPlanProblems({ ...plan, name: plan.name ?? plan.cluster } as EcsPlan)) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    }
  });

export type EcsPlanFile = z.infer<typeof ecsPlanFileSchema>;
export type EcsPlanSchedule = NonNullable<EcsPlanFile['schedule']>;

/** The workflow input part of a validated plan file. */
export function toEcsPlan(file: EcsPlanFile): EcsPlan {
  return {
    name: file.name ?? file.cluster,
    cluster: file.cluster,
    region: file.region,
    services: file.services.map((s) => ({
      name: s.name,
      desiredCount: s.desiredCount,
      dependsOn: s.dependsOn,
      ...(s.timeoutSeconds !== undefined ? { timeoutSeconds: s.timeoutSeconds } : {}),
    })),
    readiness: file.readiness,
    pollIntervalSeconds: file.pollIntervalSeconds,
    serviceTimeoutSeconds: file.serviceTimeoutSeconds,
    overallTimeoutSeconds: file.overallTimeoutSeconds,
    maxFailedTasks: file.maxFailedTasks,
    ...(file.notifications ? { notifications: file.notifications } : {}),
  };
}
