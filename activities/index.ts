import type { ActivityDeps } from './deps';
import { createEcsActivities } from './ecs';
import { createGoldenImageActivities } from './golden-image';
import { createLaunchGateActivities } from './launch-gate';
import { createLifecycleActionActivities } from './lifecycle-actions';
import { createNotificationActivities } from './notifications';

/** Every activity the worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLifecycleActionActivities(deps.clientsFor),
    ...createLaunchGateActivities(deps),
    ...createGoldenImageActivities(deps.clientsFor),
    ...createEcsActivities(deps.clientsFor),
    ...createNotificationActivities({ clientsFor: deps.clientsFor, fetch: deps.fetch }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
