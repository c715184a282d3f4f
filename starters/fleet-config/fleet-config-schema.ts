import { z } from 'zod';
import type { GoldenImageSettings } from '../../common/golden-image';
import type { LaunchGateSettings } from '../../common/launch-gate';
import type { NotificationTargets } from '../../common/notifications';
import { GOLDEN_IMAGE_SETTINGS } from '../../common/settings/golden-image';
import { LAUNCH_GATE_SETTINGS } from '../../common/settings/launch-gate';
import { TERMINATE_SETTINGS } from '../../common/settings/terminate';
import { RUN_MODES } from '../../common/observe';
import type { TerminateSettings } from '../../common/terminate';
import { notificationTargetsSchema, regionSchema } from './notification-targets-schema';
import { settingsSchema } from './setting-schemas';

/**
 * The fleet configuration: which workflows apply to which Auto Scaling groups, with which
 * settings. Objects are strict so a misspelt key is an error naming its path, not a
 * setting silently ignored. The workflows' settings come from their definitions in
 * common/settings/, which the workflows check their input against too.
 */

const launchGateSettingsSchema = settingsSchema(LAUNCH_GATE_SETTINGS);
const terminateSettingsSchema = settingsSchema(TERMINATE_SETTINGS);
const goldenImageSettingsSchema = settingsSchema(GOLDEN_IMAGE_SETTINGS);

/** Exactly one way of selecting Auto Scaling groups per fleet. */
const matchSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    prefix: z.string().min(1).optional(),
    glob: z.string().min(1).optional(),
    stackName: z.string().min(1).optional(),
  })
  .refine((m) => [m.name, m.prefix, m.glob, m.stackName].filter((v) => v !== undefined).length === 1, {
    message: 'set exactly one of name, prefix, glob, stackName',
  });

const fleetSchema = z.strictObject({
  /** Names the per-fleet entity workflow (`fleet/<name>`) and appears in every run's input. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, { message: 'letters, digits, dot, dash and underscore only' }),
  match: matchSchema,
  /** Only events from these regions; every region when absent. */
  regions: z.array(regionSchema).min(1).optional(),
  /** Task queue for this fleet's runs; the config's, then TEMPORAL_TASK_QUEUE, when absent. */
  taskQueue: z.string().min(1).optional(),
  notifications: notificationTargetsSchema.optional(),
  launchGate: launchGateSettingsSchema.optional(),
  terminate: terminateSettingsSchema.optional(),
  goldenImage: goldenImageSettingsSchema.optional(),
  pinLatest: z.boolean().optional(),
  /** `observe`: the fleet's runs decide and record, and send no write (common/observe.ts); each kind may set its own. */
  mode: z.enum(RUN_MODES).optional(),
});

/**
 * ECS plans are validated by the ECS commands against their own schema (common/ecs-plan.ts);
 * here only their names must be present and unique.
 */
const ecsPlanEntrySchema = z.looseObject({ name: z.string().min(1) });

export const fleetConfigSchema = z
  .strictObject({
    version: z.literal(1, { message: 'expected version: 1' }),
    taskQueue: z.string().min(1).optional(),
    fleets: z.array(fleetSchema).default([]),
    ecsPlans: z.array(ecsPlanEntrySchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.fleets.forEach((fleet, index) => {
      if (seen.has(fleet.name)) {
        ctx.addIssue({ code: 'custom', path: ['fleets', index, 'name'], message: `duplicate fleet name '${fleet.name}'` });
      }
      seen.add(fleet.name);
    });
    const plans = new Set<string>();
    config.ecsPlans.forEach((plan, index) => {
      if (plans.has(plan.name)) {
        ctx.addIssue({ code: 'custom', path: ['ecsPlans', index, 'name'], message: `duplicate ECS plan name '${plan.name}'` });
      }
      plans.add(plan.name);
    });
  });

export type FleetConfig = z.infer<typeof fleetConfigSchema>;
export type FleetRule = FleetConfig['fleets'][number];
export type FleetMatch = FleetRule['match'];

// The schemas must stay assignable to the workflow contracts in common/: a contract field
// renamed there breaks the build here instead of silently dropping a setting.
type Assignable<T, _U extends T> = true;
export type _ContractChecks = [
  Assignable<LaunchGateSettings, z.infer<typeof launchGateSettingsSchema>>,
  Assignable<Omit<TerminateSettings, 'fleetName'>, z.infer<typeof terminateSettingsSchema>>,
  Assignable<GoldenImageSettings, z.infer<typeof goldenImageSettingsSchema>>,
  Assignable<NotificationTargets, z.infer<typeof notificationTargetsSchema>>,
];
