/** The demo's scenarios, in the order it plays them (a file of its own: the CLI lists them without loading the demo). */
export const SCENARIO_NAMES = ['scale-out', 'unexpected-scale-in', 'planned-release', 'ecs-startup', 'golden-image'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
