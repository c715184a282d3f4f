import type { ActivityDeps } from './deps';
import { createLifecycleActionActivities } from './lifecycle-actions';

/** Every activity the worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLifecycleActionActivities(deps.clientsFor),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
