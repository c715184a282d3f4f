import { RUN_MODES } from '../observe';

/**
 * `mode:` of a kind of workflow, of a fleet, or of an ECS plan: `observe` decides and records
 * instead of writing (common/observe.ts). Unset, a kind takes its fleet's mode, then `act`.
 */
export const RUN_MODE = { kind: 'choice', values: RUN_MODES } as const;
