import type { AwsClientsForRegion } from '../aws-clients';
import { createDrainCommandActivities } from './ssm-command';
import { createInstanceNameActivities } from './instance-names';

export function createDrainActivities(clientsFor: AwsClientsForRegion) {
  return {
    ...createDrainCommandActivities(clientsFor),
    ...createInstanceNameActivities(clientsFor),
  };
}

export type DrainActivities = ReturnType<typeof createDrainActivities>;
