import type { ActivityDeps } from './deps';
import { createEcsActivities } from './ecs';
import { createGoldenImageActivities } from './golden-image';
import { createLaunchGateActivities } from './launch-gate';
import { createLifecycleActionActivities } from './lifecycle-actions';
import { createDrainActivities } from './drain';
import { createFleetActivities } from './fleet';
import { createForensicsActivities } from './forensics';
import { createMonitoringActivities } from './monitoring';
import { createNotificationActivities } from './notifications';

/** Every activity the worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLifecycleActionActivities(deps.clientsFor),
    ...createLaunchGateActivities(deps),
    ...createGoldenImageActivities(deps.clientsFor),
    ...createEcsActivities(deps.clientsFor),
    ...createForensicsActivities(deps.clientsFor),
    ...createDrainActivities(deps.clientsFor),
    ...createMonitoringActivities({ zabbix: deps.zabbix, fetch: deps.fetch }),
    ...createFleetActivities({ temporalClient: deps.temporalClient }),
    ...createNotificationActivities({ clientsFor: deps.clientsFor, fetch: deps.fetch }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
