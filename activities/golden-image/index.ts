import type { AwsClientsForRegion } from '../aws-clients';
import { createAutoScalingGroupActivities } from './auto-scaling-groups';
import { createImageSourceActivities } from './image-source';
import { createImageStateActivities } from './image-state';
import { createInstanceRefreshActivities } from './instance-refresh';
import { createLaunchTemplateParameterActivities } from './launch-template-parameter';
import { createLaunchTemplateVersionActivities } from './launch-template-versions';

/** Activities of the golden-image rollout and of pinning new groups to `$Latest`. */
export function createGoldenImageActivities(clientsFor: AwsClientsForRegion) {
  return {
    ...createImageStateActivities(clientsFor),
    ...createImageSourceActivities(clientsFor),
    ...createLaunchTemplateParameterActivities(clientsFor),
    ...createLaunchTemplateVersionActivities(clientsFor),
    ...createAutoScalingGroupActivities(clientsFor),
    ...createInstanceRefreshActivities(clientsFor),
  };
}

export type GoldenImageActivities = ReturnType<typeof createGoldenImageActivities>;
