import type { AwsClientsForRegion } from '../aws-clients';
import { createCompareContentActivities } from './compare-content';
import { createDescribeInstanceAddressActivities } from './describe-instance-address';

/** The launch gate's own activities; lifecycle-action calls come from activities/lifecycle-actions. */
export function createLaunchGateActivities(deps: { clientsFor: AwsClientsForRegion }) {
  return {
    ...createDescribeInstanceAddressActivities(deps.clientsFor),
    ...createCompareContentActivities(),
  };
}

export type LaunchGateActivities = ReturnType<typeof createLaunchGateActivities>;
export type { CompareContentRequest } from './compare-content';
export type { InstanceAddress } from './describe-instance-address';
