import { ecsStartupScenario } from './ecs-startup';
import { goldenImageScenario } from './golden-image';
import { plannedReleaseScenario } from './planned-release';
import { scaleOutScenario } from './scale-out';
import type { Scenario, ScenarioName } from './scenario';
import { unexpectedScaleInScenario } from './unexpected-scale-in';

/** Every scenario, in the order the demo plays them. */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  'scale-out': scaleOutScenario,
  'unexpected-scale-in': unexpectedScaleInScenario,
  'planned-release': plannedReleaseScenario,
  'ecs-startup': ecsStartupScenario,
  'golden-image': goldenImageScenario,
};
