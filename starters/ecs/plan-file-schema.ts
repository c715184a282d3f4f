// The plan file (YAML or JSON) as the starters read it, validated once at the edge. The
// workflows receive the resolved EcsPlan and check it again with the same problem finder.
import { z } from 'zod';
import { ECS_PLAN_DEFAULTS, type EcsPlan } from '../../common/ecs-plan';
import { RUN_MODES } from '../../common/observe';
import { findEcsPlanProblems } from '../../workflows/ecs-plan-graph';

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
    mode: z.enum(RUN_MODES, { error: `expected ${RUN_MODES.map((m) => `"${m}"`).join(' or ')} (observe reads and decides but changes nothing)` }).optional(),
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
    ...(file.mode ? { mode: file.mode } : {}),
  };
}
